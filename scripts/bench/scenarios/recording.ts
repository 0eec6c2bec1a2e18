import type { BroadcastStatus, Recording } from '@diemcau/protocol';
import { machine, summarize } from '../../../server/test/helpers/bench-report.js';
import { recordCpu } from '../../../server/test/helpers/proc-cpu.js';
import { waitFor } from '../../../server/test/helpers/wait.js';
import { cameraOf, cameraOptions } from '../egress/camera.js';
import { measuringSent } from '../egress/halls.js';
import {
  MEDIASOUP,
  MEDIA_WORKER,
  RECORDER,
  SERVER,
  egressProcesses,
  egressTotal,
  ffmpegOf,
  labelsOf,
  pct,
  restarts,
  seriesOf,
} from '../egress/processes.js';
import { startEgress } from '../egress/stack.js';
import type { Scenario } from '../scenario.js';
import { progress, sleep } from '../scenario.js';

export const recording: Scenario = {
  name: 'recording',
  summary: 'the CPU of recording N halls: per recorder ffmpeg, in total and per track',
  method: [
    'Real: the built server and media-worker in processes of their own, ffmpeg, N halls over',
    'WebRTC (NodePeers: libwebrtc VP8 + Opus from a synthetic camera and tone). The host',
    'starts a recording; once every hall is written (a recorder per hall copies its camera',
    'and microphone to Matroska) the CPU of each process is read from /proc every second,',
    'then the recording is stopped and its files checked.',
  ].join('\n'),
  options: [
    { name: 'seconds', default: 20, min: 1, max: 3_600, help: 'measured seconds' },
    { name: 'halls', default: 4, min: 1, max: 50, help: 'halls recorded' },
    { name: 'settle', default: 3, min: 0, max: 600, help: 'seconds of recording before measuring' },
    ...cameraOptions({ width: 960, height: 540, fps: 15 }),
  ],
  async run(options) {
    const say = (message: string) => progress('recording', message);
    const startedAt = machine();
    const seconds = options.seconds!;
    const halls = options.halls!;
    const video = cameraOf(options);
    const errors: string[] = [];
    const egress = await startEgress(halls, video);
    try {
      const statuses = () =>
        egress.host.peer.notifications
          .filter((n) => n.method === 'broadcastStatus')
          .map((n) => (n.data as BroadcastStatus).recording);
      const started = await egress.rest(
        'POST',
        `/api/conferences/${egress.stack.conferenceId}/recordings`,
        {},
      );
      if (started.status !== 201) throw new Error(`cannot record: ${JSON.stringify(started.body)}`);
      const id = (started.body as Recording).id;
      const askedAt = Date.now();
      // A recorder per hall, writing; the programme, when recorded too, is an output besides them.
      await waitFor(
        'every hall being recorded',
        async () =>
          ffmpegOf(egress, 'recorder').length === halls &&
          statuses().some((s) => (s?.outputs ?? 0) >= halls && s!.bytes > 0)
            ? true
            : undefined,
        30_000,
      );
      const recordingMs = Date.now() - askedAt;
      say(`${halls} halls recorded after ${recordingMs} ms; measuring ${seconds} s`);
      await sleep(options.settle! * 1_000);
      const watch = egressProcesses(egress, await egress.stack.mediasoupPids());
      const { value: cpu, sent } = await measuringSent(egress.halls, () => recordCpu(watch, seconds));
      errors.push(...restarts(cpu));
      const stopped = await egress.rest('POST', `/api/recordings/${id}/stop`);
      if (stopped.status !== 200) errors.push(`stopping the recording: ${stopped.status}`);
      const ready = await waitFor(
        'the recording finalised',
        async () => {
          const r = (await egress.rest('GET', `/api/recordings/${id}`)).body as Recording;
          return r.status === 'ready' || r.status === 'failed' ? r : undefined;
        },
        60_000,
      );
      if (ready.status !== 'ready') errors.push(`recording ${ready.status}: ${JSON.stringify(ready.error)}`);
      const trackFiles = ready.files.filter((f) => f.output === 'track');
      if (trackFiles.length !== halls) errors.push(`${trackFiles.length} track files for ${halls} halls`);

      const measured = cpu.processes.filter((p) => p.label === RECORDER);
      if (measured.length !== halls) errors.push(`${measured.length} recorder processes for ${halls} halls`);
      const total = summarize(seriesOf(cpu, RECORDER));
      const bytes = trackFiles.reduce((s, f) => s + f.bytes, 0);
      // Anything else the media-worker ran meanwhile: the programme composite, when it is recorded too.
      const others = labelsOf(cpu)
        .filter((l) => l !== RECORDER && (l.startsWith('ffmpeg') || l.startsWith('child')))
        .map((label) => ({ label, cpu: summarize(seriesOf(cpu, label)) }));
      const tracks = halls * 2; // each hall's camera and microphone
      const peerErrors = egress.peerErrors().map((e) => e.message);
      const result = {
        errors: errors.length + peerErrors.length,
        machine: startedAt,
        seconds: Math.round(cpu.seconds * 10) / 10,
        video,
        /** What each hall's camera encoder really sent meanwhile (mean fps). */
        sent,
        halls,
        tracks,
        recorders: measured.length,
        recordingMs,
        /** % of one core, from 1 s samples. */
        cpuPct: {
          /** Every recorder's every second, pooled. */
          perRecorder: summarize(measured.flatMap((r) => r.samples)),
          recordersTotal: total,
          /** The recorders' mean total over the tracks they copy (one hall's recorder copies two). */
          perTrack: total === null ? null : Math.round((total.mean / tracks) * 100) / 100,
          mediaWorkerNode: summarize(seriesOf(cpu, MEDIA_WORKER)),
          mediaWorkerTotal: summarize(egressTotal(cpu)),
          serverNode: summarize(seriesOf(cpu, SERVER)),
          mediasoupWorker: summarize(seriesOf(cpu, MEDIASOUP)),
          /** The media-worker's other ffmpeg: the programme composite, when it is recorded. */
          other: others,
        },
        files: ready.files.map((f) => f.output),
        bytes,
        /** What each recorder copied, on average: the halls' VP8 and Opus as sent. */
        kbpsPerHall: Math.round((bytes * 8) / trackFiles.reduce((s, f) => s + f.durationMs, 0)),
        errorMessages: [...errors, ...peerErrors],
      };
      const c = result.cpuPct;
      const rows: [string, string][] = [
        [
          'halls recorded (VP8 + Opus, copied to Matroska)',
          `${halls} at ${video.width}x${video.height}@${video.fps} (sent ${sent.size} at ${sent.fps} fps)`,
        ],
        ['record → every hall writing', `${recordingMs} ms`],
        [`CPU, % of one core, median of ${result.seconds} 1 s samples`, ''],
        ['  each recorder ffmpeg (all, pooled)', pct(c.perRecorder)],
        [`  ${measured.length} recorders, total`, pct(c.recordersTotal)],
        ['  per track (mean total / tracks)', `${c.perTrack} %`],
        ['  media-worker (Node)', pct(c.mediaWorkerNode)],
        ['  media-worker and its ffmpeg, total', pct(c.mediaWorkerTotal)],
        ['  server (Node)', pct(c.serverNode)],
        ['  mediasoup worker', pct(c.mediasoupWorker)],
        ...c.other.map((o): [string, string] => [`  ${o.label}`, pct(o.cpu)]),
        [
          'files',
          `${result.files.join(', ')}; tracks ${Math.round(result.bytes / 1e5) / 10} MB, ` +
            `${result.kbpsPerHall} kbit/s a hall`,
        ],
        ['errors', String(result.errors)],
      ];
      return { rows, result };
    } catch (error) {
      console.error(egress.stack.logs());
      throw error;
    } finally {
      await egress.close();
    }
  },
};
