/*
 * CPU and latency of the livestream and recording pipelines, through the whole
 * chain on loopback: the built server and the built media-worker (processes of
 * their own), NodePeer halls over real WebRTC, ffmpeg, nginx-rtmp, Chromium:
 *
 *   npx tsc -b && npx tsx server/test/bench-egress.ts <scenario>
 *
 * live-cpu      one hall spotlit (BENCH_VIDEO, VP8 + Opus) → the live encoder → HLS and
 *               BENCH_DESTINATIONS (2) RTMP destinations on nginx; once on air, the CPU of each
 *               ffmpeg of the media-worker (encoder, mixer, relays), the media-worker, the server
 *               and the mediasoup worker, sampled every second for BENCH_SECONDS.
 * recording     BENCH_POINTS (4) halls recorded: CPU per recorder ffmpeg, in total, per track.
 * live-latency  glass to glass: the hall's camera draws the wall clock into each frame, the watch
 *               page (/watch/<slug>, hls.js) in Chromium reads it back from every frame it shows.
 *               Needs the web client built: `npm run build -w web-client`.
 *
 * Env: BENCH_SECONDS (20), BENCH_POINTS (4, recording), BENCH_VIDEO (the halls' camera,
 * WxH@fps: 960x540@30 live, 960x540@15 recording), BENCH_NOISE (0.1, see synthetic.ts),
 * BENCH_DESTINATIONS (2 live-cpu, 0 live-latency), BENCH_SETTLE_SECONDS (before measuring:
 * 5 live-cpu, 3 recording, 0 live-latency), BENCH_REDIS_DB (12: both processes use BullMQ's
 * default prefix there, and its live and record queues are emptied), REDIS_URL, CHROMIUM_PATH.
 *
 * Prints a table and, last, one JSON line, also written to bench-results/<scenario>-<time>.json.
 * Not a test: figures depend on the machine and on what else runs on it (see loadAverage).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BroadcastStatus, LiveStatus, Recording } from '@diemcau/protocol';
import { startRtmpServer, type RtmpServer } from '../../media-worker/test/helpers/nginx-rtmp.js';
import { launchChromium } from '../../web-client/test/e2e/browser.js';
import { machine, report, summarize, type Summary } from './helpers/bench-report.js';
import { openClockViewer, type ShownFrame } from './helpers/clock-viewer.js';
import { startEgressStack, type EgressStack } from './helpers/egress-stack.js';
import { clockLatencyMs, readClockBand } from './helpers/node-peer/clock-band.js';
import type { VideoOptions } from './helpers/node-peer.js';
import { REPO_ROOT } from './helpers/processes.js';
import { commandLine, descendants, ffmpegRole, recordCpu, type CpuRecord } from './helpers/proc-cpu.js';
import { waitFor } from './helpers/wait.js';

const SCENARIOS = ['live-cpu', 'recording', 'live-latency'] as const;
type Scenario = (typeof SCENARIOS)[number];

const scenario = process.argv[2] as Scenario;
if (!SCENARIOS.includes(scenario)) {
  console.error(`usage: npx tsx server/test/bench-egress.ts <${SCENARIOS.join('|')}>`);
  process.exit(2);
}

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SECONDS = env('BENCH_SECONDS', 20);
const POINTS = env('BENCH_POINTS', 4);
const DESTINATIONS = env('BENCH_DESTINATIONS', scenario === 'live-cpu' ? 2 : 0);
const SETTLE_SECONDS = env(
  'BENCH_SETTLE_SECONDS',
  { 'live-cpu': 5, recording: 3, 'live-latency': 0 }[scenario],
);
const REDIS_DB = env('BENCH_REDIS_DB', 12);
const NOISE = env('BENCH_NOISE', 0.1);
const VIDEO = ((spec: string): Partial<VideoOptions> => {
  const m = /^(\d+)x(\d+)@(\d+)$/.exec(spec);
  if (!m) throw new Error(`BENCH_VIDEO must be WxH@fps (got "${spec}")`);
  return { width: Number(m[1]), height: Number(m[2]), fps: Number(m[3]), noise: NOISE, simulcast: false };
})(process.env.BENCH_VIDEO ?? (scenario === 'recording' ? '960x540@15' : '960x540@30'));
const SLUG = 'do-truc-tiep';
/** The most a glass-to-glass reading can be; more means the band was misread (or the slate read as a clock). */
const MAX_PLAUSIBLE_LATENCY_MS = 60_000;

/** Whether an HLS playlist lists a segment with media (a restarted encoder may leave one of 0 s). */
const playableSegment = (playlist: string) =>
  [...playlist.matchAll(/^#EXTINF:([\d.]+)/gm)].some((m) => Number(m[1]) > 0);

/** A live playlist's target duration and its segments' count and median length, in seconds. */
function playlistTiming(playlist: string) {
  const durations = [...playlist.matchAll(/^#EXTINF:([\d.]+)/gm)].map((m) => Number(m[1]));
  return {
    targetDuration: Number(/^#EXT-X-TARGETDURATION:(\d+)/m.exec(playlist)?.[1] ?? NaN),
    segments: durations.length,
    segmentSeconds: summarize(durations, 3)?.median ?? null,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const progress = (message: string) => console.error(`[bench-egress] ${message}`);
const errors: string[] = [];

/** The processes to sample: pid → label. Command lines are read once per pid. */
function watcher(stack: EgressStack, mediasoupPids: number[]): () => Map<number, string> {
  const labels = new Map<number, string>();
  const labelOf = (pid: number): string => {
    const known = labels.get(pid);
    if (known !== undefined) return known;
    const argv = commandLine(pid) ?? [];
    const role = ffmpegRole(argv);
    // Relays by destination: the stream key ends their RTMP URL.
    const label =
      role === null
        ? `child ${path.basename(argv[0] ?? '?')}`
        : role === 'relay'
          ? `ffmpeg relay ${argv.at(-1)?.split('/').at(-1) ?? '?'}`
          : `ffmpeg ${role}`;
    labels.set(pid, label);
    return label;
  };
  return () =>
    new Map([
      [stack.server.child.pid!, 'server (Node)'],
      ...mediasoupPids.map((pid): [number, string] => [pid, 'mediasoup worker']),
      [stack.mediaWorker.child.pid!, 'media-worker (Node)'],
      ...descendants(stack.mediaWorker.child.pid!).map((pid): [number, string] => [pid, labelOf(pid)]),
    ]);
}

/** A label's CPU each second it was seen (processes of one label summed). */
const seriesOf = (cpu: CpuRecord, label: string) =>
  cpu.steps.filter((step) => step.has(label)).map((step) => step.get(label)!);

/** Per second, everything the media-worker does: its Node process and every process below it. */
const egressTotal = (cpu: CpuRecord) =>
  cpu.steps.map((step) =>
    [...step]
      .filter(([label]) => label !== 'server (Node)' && label !== 'mediasoup worker')
      .reduce((s, [, v]) => s + v, 0),
  );

const pct = (s: Summary | null) => (s === null ? 'n/a' : `${s.median} % (p95 ${s.p95}, mean ${s.mean})`);

function restarts(cpu: CpuRecord): void {
  const pids = new Map<string, number>();
  for (const { label } of cpu.processes) pids.set(label, (pids.get(label) ?? 0) + 1);
  for (const [label, count] of pids) {
    if (count > 1 && label !== 'ffmpeg recorder' && label !== 'mediasoup worker')
      errors.push(`${label}: ${count} processes during the measurement (restarted)`);
  }
}

/** Video frames the halls' libwebrtc encoders had sent, and the size of the last. */
async function sentVideo(stack: EgressStack) {
  const outbound = (await Promise.all(stack.halls.map((h) => h.peer.stats()))).flatMap((s) =>
    s.outbound.filter((o) => o.kind === 'video'),
  );
  return {
    frames: outbound.reduce((sum, o) => sum + o.framesEncoded, 0),
    size: `${outbound[0]?.frameWidth ?? 0}x${outbound[0]?.frameHeight ?? 0}`,
  };
}

/** What each hall really sent while measured: a loaded machine makes libwebrtc drop frames or size. */
async function measuringSent<T>(stack: EgressStack, measure: () => Promise<T>) {
  const before = await sentVideo(stack);
  const startedAt = performance.now();
  const value = await measure();
  const after = await sentVideo(stack);
  const seconds = (performance.now() - startedAt) / 1_000;
  const fps = Math.round(((after.frames - before.frames) / seconds / stack.halls.length) * 10) / 10;
  return { value, sent: { fps, size: after.size } };
}

const liveStatus = async (stack: EgressStack): Promise<LiveStatus | undefined> => {
  const res = await stack.rest('GET', `/api/conferences/${stack.conferenceId}/live`);
  return res.status === 200 ? (res.body as LiveStatus) : undefined;
};

const onAir = (status: LiveStatus | undefined, destinations: number): boolean =>
  status?.state === 'live' &&
  !status.slate &&
  status.destinations.length === destinations &&
  status.destinations.every((d) => d.state === 'live');

/** Spotlights the first hall and goes live to HLS and `destinations` RTMP destinations on `rtmp`. */
async function goLive(stack: EgressStack, rtmp: RtmpServer | undefined, destinations: number) {
  const ids: string[] = [];
  for (let i = 1; i <= destinations; i++) {
    const created = await stack.rest('POST', '/api/destinations', {
      name: `Đích ${i}`,
      platform: 'rtmp',
      url: rtmp!.url,
      streamKey: `bench-key-${i}`,
    });
    if (created.status !== 201)
      throw new Error(`cannot create a destination: ${JSON.stringify(created.body)}`);
    ids.push((created.body as { id: string }).id);
  }
  await stack.host.port.call('spotlight', { peerId: stack.halls[0]!.peerId });
  const startedAt = Date.now();
  const started = await stack.rest('POST', `/api/conferences/${stack.conferenceId}/live`, {
    destinationIds: ids,
  });
  if (started.status !== 201) throw new Error(`cannot go live: ${JSON.stringify(started.body)}`);
  return startedAt;
}

async function waitOnAir(stack: EgressStack, destinations: number): Promise<void> {
  await waitFor(
    'the hall on air to every destination',
    async () => {
      const status = await liveStatus(stack);
      if (status?.state === 'failed')
        throw new Error(`the livestream failed: ${JSON.stringify(status.error)}`);
      return onAir(status, destinations) ? status : undefined;
    },
    60_000,
  );
}

async function stopLive(stack: EgressStack): Promise<void> {
  const stopped = await stack.rest('DELETE', `/api/conferences/${stack.conferenceId}/live`);
  if (stopped.status !== 200) errors.push(`stopping the livestream: ${stopped.status}`);
  await waitFor(
    'off air',
    async () => {
      const status = await liveStatus(stack);
      return status === undefined || status.state === 'stopped' ? true : undefined;
    },
    30_000,
  );
}

/** Each scenario reports, then returns its number of errors. */
async function liveCpu(stack: EgressStack): Promise<number> {
  const rtmp = DESTINATIONS > 0 ? await startRtmpServer() : undefined;
  try {
    const startedAt = await goLive(stack, rtmp, DESTINATIONS);
    await waitOnAir(stack, DESTINATIONS);
    const onAirMs = Date.now() - startedAt;
    progress(`on air to HLS and ${DESTINATIONS} destinations after ${onAirMs} ms; measuring ${SECONDS} s`);
    await sleep(SETTLE_SECONDS * 1_000);
    const self = process.cpuUsage();
    const watch = watcher(stack, await stack.mediasoupWorkerPids());
    const { value: cpu, sent } = await measuringSent(stack, () => recordCpu(watch, SECONDS));
    const generator = process.cpuUsage(self);
    restarts(cpu);
    const status = await liveStatus(stack);
    if (!onAir(status, DESTINATIONS)) errors.push(`not on air at the end: ${JSON.stringify(status)}`);
    const published = (await rtmp?.publishedStreams()) ?? [];
    if (published.length !== DESTINATIONS) errors.push(`nginx receives ${published.length} streams`);
    await stopLive(stack);

    const labels = [...new Set(cpu.processes.map((p) => p.label))];
    const relays = labels.filter((l) => l.startsWith('ffmpeg relay')).sort();
    const figure = (label: string) => summarize(seriesOf(cpu, label));
    const result = {
      scenario,
      ...machine(),
      seconds: Math.round(cpu.seconds * 10) / 10,
      video: VIDEO,
      /** What the hall's camera encoder really sent meanwhile. */
      sent,
      destinations: DESTINATIONS,
      onAirMs,
      rtmpVideo: published[0]?.video ?? null,
      /** % of one core, from 1 s samples: median and p95 (and n, min, max). */
      cpuPct: {
        encoder: figure('ffmpeg encoder'),
        mixer: figure('ffmpeg mixer'),
        relays: relays.map(figure),
        mediaWorkerNode: figure('media-worker (Node)'),
        mediaWorkerTotal: summarize(egressTotal(cpu)),
        serverNode: figure('server (Node)'),
        mediasoupWorker: figure('mediasoup worker'),
        other: labels
          .filter((l) => l.startsWith('ffmpeg other') || l.startsWith('child'))
          .map((label) => ({ label, cpu: figure(label) })),
        benchProcess: Math.round(((generator.user + generator.system) / 1e6 / cpu.seconds) * 1000) / 10,
      },
      errors: errors.length + stack.peerErrors().length,
      errorMessages: [...errors, ...stack.peerErrors().map((e) => e.message)],
    };
    const c = result.cpuPct;
    report(
      scenario,
      [
        [
          `hall camera (VP8) → 1280x720@30 x264 → HLS + RTMP`,
          `${VIDEO.width}x${VIDEO.height}@${VIDEO.fps} (sent ${sent.size} at ${sent.fps} fps)`,
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
      ],
      result,
    );
    return result.errors;
  } finally {
    await rtmp?.close();
  }
}

async function recording(stack: EgressStack): Promise<number> {
  const statuses = () =>
    stack.host.peer.notifications
      .filter((n) => n.method === 'broadcastStatus')
      .map((n) => (n.data as BroadcastStatus).recording);
  const started = await stack.rest('POST', `/api/conferences/${stack.conferenceId}/recordings`, {});
  if (started.status !== 201) throw new Error(`cannot record: ${JSON.stringify(started.body)}`);
  const id = (started.body as Recording).id;
  const startedAt = Date.now();
  // A recorder per hall, writing; the programme, when recorded too, is an output besides them.
  const recorders = () =>
    descendants(stack.mediaWorker.child.pid!).filter(
      (pid) => ffmpegRole(commandLine(pid) ?? []) === 'recorder',
    );
  await waitFor(
    'every hall being recorded',
    async () =>
      recorders().length === POINTS && statuses().some((s) => (s?.outputs ?? 0) >= POINTS && s!.bytes > 0)
        ? true
        : undefined,
    30_000,
  );
  const recordingMs = Date.now() - startedAt;
  progress(`${POINTS} halls recorded after ${recordingMs} ms; measuring ${SECONDS} s`);
  await sleep(SETTLE_SECONDS * 1_000);
  const watch = watcher(stack, await stack.mediasoupWorkerPids());
  const { value: cpu, sent } = await measuringSent(stack, () => recordCpu(watch, SECONDS));
  restarts(cpu);
  const stopped = await stack.rest('POST', `/api/recordings/${id}/stop`);
  if (stopped.status !== 200) errors.push(`stopping the recording: ${stopped.status}`);
  const ready = await waitFor(
    'the recording finalised',
    async () => {
      const r = (await stack.rest('GET', `/api/recordings/${id}`)).body as Recording;
      return r.status === 'ready' || r.status === 'failed' ? r : undefined;
    },
    60_000,
  );
  if (ready.status !== 'ready') errors.push(`recording ${ready.status}: ${JSON.stringify(ready.error)}`);
  const trackFiles = ready.files.filter((f) => f.output === 'track');
  if (trackFiles.length !== POINTS) errors.push(`${trackFiles.length} track files for ${POINTS} halls`);

  const measured = cpu.processes.filter((p) => p.label === 'ffmpeg recorder');
  if (measured.length !== POINTS) errors.push(`${measured.length} recorder processes for ${POINTS} halls`);
  const total = summarize(seriesOf(cpu, 'ffmpeg recorder'));
  const bytes = trackFiles.reduce((s, f) => s + f.bytes, 0);
  // Anything else the media-worker ran meanwhile: the programme composite, when it is recorded too.
  const others = [...new Set(cpu.processes.map((p) => p.label))]
    .filter((l) => l !== 'ffmpeg recorder' && (l.startsWith('ffmpeg') || l.startsWith('child')))
    .map((label) => ({ label, cpu: summarize(seriesOf(cpu, label)) }));
  const tracks = POINTS * 2; // each hall's camera and microphone
  const result = {
    scenario,
    ...machine(),
    seconds: Math.round(cpu.seconds * 10) / 10,
    video: VIDEO,
    /** What each hall's camera encoder really sent meanwhile (mean fps). */
    sent,
    halls: POINTS,
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
      mediaWorkerNode: summarize(seriesOf(cpu, 'media-worker (Node)')),
      mediaWorkerTotal: summarize(egressTotal(cpu)),
      serverNode: summarize(seriesOf(cpu, 'server (Node)')),
      mediasoupWorker: summarize(seriesOf(cpu, 'mediasoup worker')),
      /** The media-worker's other ffmpeg: the programme composite, when it is recorded. */
      other: others,
    },
    files: ready.files.map((f) => f.output),
    bytes,
    /** What each recorder copied, on average: the halls' VP8 and Opus as sent. */
    kbpsPerHall: Math.round((bytes * 8) / trackFiles.reduce((s, f) => s + f.durationMs, 0)),
    errors: errors.length + stack.peerErrors().length,
    errorMessages: [...errors, ...stack.peerErrors().map((e) => e.message)],
  };
  const c = result.cpuPct;
  report(
    scenario,
    [
      [
        `halls recorded (VP8 + Opus, copied to Matroska)`,
        `${POINTS} at ${VIDEO.width}x${VIDEO.height}@${VIDEO.fps} (sent ${sent.size} at ${sent.fps} fps)`,
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
    ],
    result,
  );
  return result.errors;
}

interface Reading {
  shownAt: number;
  latencyMs: number | null;
  bufferAhead: number;
}

const readFrame = (frame: ShownFrame): Reading => {
  const code = readClockBand(frame.levels);
  const latency = code === null ? null : clockLatencyMs(code, frame.shownAt);
  return {
    shownAt: frame.shownAt,
    latencyMs: latency !== null && latency <= MAX_PLAUSIBLE_LATENCY_MS ? latency : null,
    bufferAhead: frame.bufferAhead,
  };
};

async function liveLatency(stack: EgressStack): Promise<number> {
  const webClient = path.join(REPO_ROOT, 'web-client/dist/watch.html');
  if (!existsSync(webClient)) throw new Error(`${webClient} is missing: npm run build -w web-client`);
  const rtmp = DESTINATIONS > 0 ? await startRtmpServer() : undefined;
  const browser = await launchChromium();
  try {
    // The viewer waits on the page before the broadcast starts, as an audience does.
    const viewer = await openClockViewer(browser, `${stack.base}/watch/${SLUG}`);
    const startedAt = await goLive(stack, rtmp, DESTINATIONS);
    const playlistUrl = `${stack.base}/hls/${SLUG}/index.m3u8`;
    let playlistAt: number | undefined;
    const readings: Reading[] = [];
    const firstAt = await waitFor(
      'the first frame of the hall on the watch page',
      async () => {
        if (playlistAt === undefined) {
          const res = await fetch(playlistUrl).catch(() => undefined);
          if (res?.ok && playableSegment(await res.text())) playlistAt = Date.now();
        }
        readings.push(...(await viewer.take()).map(readFrame));
        return readings.find((r) => r.latencyMs !== null)?.shownAt;
      },
      90_000,
    );
    const firstFrameMs = Math.round(firstAt - startedAt);
    progress(`first frame shown ${firstFrameMs} ms after going live; measuring ${SECONDS} s`);
    const from = firstAt + SETTLE_SECONDS * 1_000;
    const until = from + SECONDS * 1_000;
    const { sent } = await measuringSent(stack, async () => {
      while (Date.now() < until + 500) {
        await sleep(1_000);
        readings.push(...(await viewer.take()).map(readFrame));
      }
    });
    const status = await liveStatus(stack);
    if (!onAir(status, DESTINATIONS)) errors.push(`not on air at the end: ${JSON.stringify(status)}`);
    const playlist = playlistTiming(await (await fetch(playlistUrl)).text());
    await viewer.close();
    await stopLive(stack);

    const window = readings.filter((r) => r.shownAt >= from && r.shownAt < until);
    const read = window.filter((r) => r.latencyMs !== null);
    if (read.length === 0) errors.push('no frame read in the measurement window');
    const latencies = read.map((r) => r.latencyMs!);
    const quarter = Math.max(1, Math.floor(latencies.length / 4));
    const result = {
      scenario,
      ...machine(),
      seconds: SECONDS,
      video: VIDEO,
      /** What the hall's camera encoder really sent meanwhile. */
      sent,
      destinations: DESTINATIONS,
      /** Go live → the playlist lists a segment with media (polled every 100 ms). */
      playlistMs: playlistAt === undefined ? null : playlistAt - startedAt,
      /** The playlist at the end: what hls.js's liveSyncDurationCount counts in. */
      playlist,
      /** Go live → the first frame of the hall shown by a viewer already on the page (its retries included). */
      firstFrameMs,
      framesShown: window.length,
      framesPerSecond: Math.round((window.length / SECONDS) * 10) / 10,
      unreadableFrames: window.length - read.length,
      /** Camera frame drawn → the same frame shown by the watch page, ms. */
      latencyMs: summarize(latencies, 0),
      /** Median of the first and of the last quarter of the readings: hls.js catching up shows here. */
      latencyTrendMs: {
        first: summarize(latencies.slice(0, quarter), 0)?.median ?? null,
        last: summarize(latencies.slice(-quarter), 0)?.median ?? null,
      },
      /** Media buffered ahead of the playhead, ms: the part of the latency that is the player's. */
      bufferAheadMs: summarize(
        read.map((r) => r.bufferAhead * 1_000),
        0,
      ),
      errors: errors.length + stack.peerErrors().length,
      errorMessages: [...errors, ...stack.peerErrors().map((e) => e.message)],
    };
    const ms = (s: Summary | null) =>
      s === null ? 'n/a' : `${s.median} ms (p95 ${s.p95}, ${s.min}–${s.max})`;
    report(
      scenario,
      [
        [
          'hall camera (VP8) → x264 → HLS → hls.js in Chromium',
          `${VIDEO.width}x${VIDEO.height}@${VIDEO.fps} (sent ${sent.size} at ${sent.fps} fps)`,
        ],
        ['go live → playlist with a segment of media', `${result.playlistMs ?? 'n/a'} ms`],
        [
          'playlist: target duration, segments (median)',
          `${playlist.targetDuration} s, ${playlist.segments} of ${playlist.segmentSeconds} s`,
        ],
        ['go live → first frame on a waiting watch page', `${firstFrameMs} ms`],
        [`glass to glass, ${read.length} frames in ${SECONDS} s`, ms(result.latencyMs)],
        [
          '  first quarter → last quarter, median',
          `${result.latencyTrendMs.first} → ${result.latencyTrendMs.last} ms`,
        ],
        ['  buffered ahead of the playhead', ms(result.bufferAheadMs)],
        ['frames shown per second', String(result.framesPerSecond)],
        ['frames whose clock could not be read', String(result.unreadableFrames)],
        ['errors', String(result.errors)],
      ],
      result,
    );
    return result.errors;
  } finally {
    await browser.close();
    await rtmp?.close();
  }
}

const stack = await startEgressStack({
  halls: scenario === 'recording' ? POINTS : 1,
  video: { ...VIDEO, clock: scenario === 'live-latency' },
  slug: SLUG,
  redisDb: REDIS_DB,
});
let failed = 0;
try {
  failed = await { 'live-cpu': liveCpu, recording, 'live-latency': liveLatency }[scenario](stack);
} catch (error) {
  console.error(stack.logs());
  throw error;
} finally {
  await stack.close();
}
// Explicitly: libwebrtc's threads (@roamhq/wrtc) crash the process as it winds down on its own.
process.exit(failed > 0 ? 1 : 0);
