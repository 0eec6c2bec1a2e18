import { startRtmpServer, type RtmpServer } from '../../../media-worker/test/helpers/nginx-rtmp.js';
import { machine, summarize } from '../../../server/test/helpers/bench-report.js';
import { recordCpu } from '../../../server/test/helpers/proc-cpu.js';
import { cameraOf, cameraOptions } from '../egress/camera.js';
import { measuringSent } from '../egress/halls.js';
import { goLive, liveStatus, onAir, stopLive, waitOnAir } from '../egress/live.js';
import {
  MEDIASOUP,
  MEDIA_WORKER,
  SERVER,
  egressProcesses,
  egressTotal,
  labelsOf,
  pct,
  restarts,
  seriesOf,
} from '../egress/processes.js';
import { startEgress } from '../egress/stack.js';
import type { Scenario } from '../scenario.js';
import { progress, sleep } from '../scenario.js';

export const liveCpu: Scenario = {
  name: 'live-cpu',
  summary: 'the CPU of a livestream: each ffmpeg of the media-worker, on air to HLS and RTMP',
  method: [
    'Real: the built server and media-worker in processes of their own, ffmpeg, nginx-rtmp',
    'as the destinations, one hall over WebRTC (a NodePeer: libwebrtc VP8 + Opus from a',
    'synthetic camera and tone). The host spotlights the hall and goes live; once on air',
    'the CPU of each process (encoder 1280x720@30 x264, mixer, a relay per destination,',
    'the media-worker, the server, the mediasoup worker) is read from /proc every second.',
  ].join('\n'),
  options: [
    { name: 'seconds', default: 20, min: 1, max: 3_600, help: 'measured seconds' },
    { name: 'destinations', default: 2, min: 0, max: 10, help: 'RTMP destinations (on a local nginx-rtmp)' },
    { name: 'settle', default: 5, min: 0, max: 600, help: 'seconds on air before measuring' },
    ...cameraOptions({ width: 960, height: 540, fps: 30 }),
  ],
  async run(options) {
    const say = (message: string) => progress('live-cpu', message);
    const startedAt = machine();
    const seconds = options.seconds!;
    const destinations = options.destinations!;
    const video = cameraOf(options);
    const errors: string[] = [];
    const egress = await startEgress(1, video);
    let rtmp: RtmpServer | undefined;
    try {
      if (destinations > 0) rtmp = await startRtmpServer();
      const asked = await goLive(egress, rtmp, destinations);
      await waitOnAir(egress, destinations);
      const onAirMs = Date.now() - asked;
      say(`on air to HLS and ${destinations} destinations after ${onAirMs} ms; measuring ${seconds} s`);
      await sleep(options.settle! * 1_000);
      const self = process.cpuUsage();
      const watch = egressProcesses(egress, await egress.stack.mediasoupPids());
      const { value: cpu, sent } = await measuringSent(egress.halls, () => recordCpu(watch, seconds));
      const generator = process.cpuUsage(self);
      errors.push(...restarts(cpu));
      const status = await liveStatus(egress);
      if (!onAir(status, destinations)) errors.push(`not on air at the end: ${JSON.stringify(status)}`);
      const published = (await rtmp?.publishedStreams()) ?? [];
      if (published.length !== destinations) errors.push(`nginx receives ${published.length} streams`);
      await stopLive(egress, errors);

      const labels = labelsOf(cpu);
      const relays = labels.filter((l) => l.startsWith('ffmpeg relay')).sort();
      const figure = (label: string) => summarize(seriesOf(cpu, label));
      const peerErrors = egress.peerErrors().map((e) => e.message);
      const result = {
        errors: errors.length + peerErrors.length,
        machine: startedAt,
        seconds: Math.round(cpu.seconds * 10) / 10,
        video,
        /** What the hall's camera encoder really sent meanwhile. */
        sent,
        destinations,
        onAirMs,
        rtmpVideo: published[0]?.video ?? null,
        /** % of one core, from 1 s samples: median and p95 (and n, min, max). */
        cpuPct: {
          encoder: figure('ffmpeg encoder'),
          mixer: figure('ffmpeg mixer'),
          relays: relays.map(figure),
          mediaWorkerNode: figure(MEDIA_WORKER),
          mediaWorkerTotal: summarize(egressTotal(cpu)),
          serverNode: figure(SERVER),
          mediasoupWorker: figure(MEDIASOUP),
          other: labels
            .filter((l) => l.startsWith('ffmpeg other') || l.startsWith('child'))
            .map((label) => ({ label, cpu: figure(label) })),
          benchProcess: Math.round(((generator.user + generator.system) / 1e6 / cpu.seconds) * 1000) / 10,
        },
        errorMessages: [...errors, ...peerErrors],
      };
      const c = result.cpuPct;
      const rows: [string, string][] = [
        [
          'hall camera (VP8) → 1280x720@30 x264 → HLS + RTMP',
          `${video.width}x${video.height}@${video.fps} (sent ${sent.size} at ${sent.fps} fps)`,
        ],
        ['go live → on air to every destination', `${onAirMs} ms`],
        [`CPU, % of one core, median of ${result.seconds} 1 s samples`, ''],
        ['  ffmpeg encoder (x264 + AAC, HLS, tee)', pct(c.encoder)],
        ['  ffmpeg mixer (Opus → L16)', pct(c.mixer)],
        ...relays.map((l, i): [string, string] => [`  ${l} (copy → FLV)`, pct(c.relays[i]!)]),
        ['  media-worker (Node)', pct(c.mediaWorkerNode)],
        ['  media-worker and its ffmpeg, total', pct(c.mediaWorkerTotal)],
        ['  server (Node)', pct(c.serverNode)],
        ['  mediasoup worker', pct(c.mediasoupWorker)],
        ...c.other.map((o): [string, string] => [`  ${o.label}`, pct(o.cpu)]),
        ['  this process (peers, wrtc encode)', `${c.benchProcess} %`],
        ['errors', String(result.errors)],
      ];
      return { rows, result };
    } catch (error) {
      console.error(egress.stack.logs());
      throw error;
    } finally {
      await rtmp?.close();
      await egress.close();
    }
  },
};
