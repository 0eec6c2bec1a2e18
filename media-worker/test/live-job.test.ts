// The live job end to end (real Redis and ffmpeg): HLS and an RTMP
// destination, the programme followed, a hand-over on shutdown.
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  egressControlChannel,
  type EgressControl,
  type EgressStream,
  type LiveJobData,
  type LiveProgress,
  QueueName,
} from '@diemcau/protocol';
import { Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playlistState } from '../src/compositor/hls-playlist.js';
import type { CompositorPorts } from '../src/compositor/ports.js';
import { type MediaWorkers, startWorkers } from '../src/queues.js';
import { createRedis } from '../src/redis.js';
import { killStarted, locateTools, run, sleep, type Tools } from './egress/ffmpeg-processes.js';
import { startRtmpServer, type RtmpServer } from './helpers/nginx-rtmp.js';
import { camera, powerAt, sendTone, silentShare } from './helpers/programme-sources.js';
import { probeStreams } from './helpers/rtmp-clients.js';
import { captureLogger, REDIS_URL, uniquePrefix } from './helpers.js';

const prefix = uniquePrefix();
const { log, lines } = captureLogger();
const STREAM_KEY = 'live-key-7f3a9c';
let tools: Tools;
let dataDir: string;
let connection: Redis;
let media: MediaWorkers;
let rtmp: RtmpServer;
const queue = new Queue(QueueName.live, { connection: { url: REDIS_URL }, prefix });
const events = new QueueEvents(QueueName.live, { connection: { url: REDIS_URL }, prefix });

beforeAll(async () => {
  tools = await locateTools();
  // A space in the path: the encoder's tee output must escape it.
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'diemcau live-job-'));
  connection = createRedis(REDIS_URL);
  rtmp = await startRtmpServer();
  media = startWorkers({ ...workerOptions(), connection });
  await events.waitUntilReady();
});

const workerOptions = () => ({
  concurrency: { live: 1, record: 1 },
  prefix,
  lockMs: 30_000,
  tools,
  rtpHost: '127.0.0.1',
  recordingsDir: path.join(dataDir, 'recordings'),
  hlsDir: path.join(dataDir, 'hls'),
  log,
});

afterAll(async () => {
  // First: a key-frame request reported while the jobs stop would start a camera again.
  await events.close();
  killStarted();
  // A job a failed test left running stops its ffmpeg processes as on shutdown; they would outlive the run.
  await Promise.all([...media.workers.map((worker) => worker.close()), media.handOverJobs()]);
  await queue.obliterate({ force: true });
  await queue.close();
  await connection.quit();
  await rtmp.close();
  await rm(dataDir, { recursive: true, force: true });
});

const video: EgressStream = {
  id: 'video',
  kind: 'video',
  mimeType: 'video/VP8',
  payloadType: 101,
  clockRate: 90000,
};
const slot = (id: string): EgressStream => ({
  id,
  kind: 'audio',
  mimeType: 'audio/opus',
  payloadType: 100,
  clockRate: 48000,
  channels: 2,
});
/** Each slot's microphone plays its own tone; a2's is never named in the programme. */
const TONES = { a0: 440, a1: 1000, a2: 2500 } as const;

/** The streams of an HLS segment as ffprobe reports them. */
async function segmentStreams(file: string): Promise<Record<string, unknown>[]> {
  const probed = await run(tools.ffprobe, [
    ...['-v', 'error', '-of', 'json', '-show_entries'],
    ...['stream=codec_name,width,height,sample_rate,channels,r_frame_rate', file],
  ]);
  return (JSON.parse(probed.stdout) as { streams: Record<string, unknown>[] }).streams;
}

/** CPU time (user + system) of a process so far, in clock ticks (1/100 s on Linux). */
async function cpuTicks(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** The running ffmpeg whose arguments mention `needle`. */
async function ffmpegWith(needle: string): Promise<number> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const args = cmdline.split('\0');
    if (path.basename(args[0] ?? '') === 'ffmpeg' && args.some((arg) => arg.includes(needle)))
      return Number(entry);
  }
  throw new Error(`no ffmpeg with ${needle} running`);
}

/** A live job as the server sees it: its progress reports, its control channel and its playlist. */
function watch(jobId: string, slug: string) {
  const hlsDir = path.join(dataDir, 'hls', slug);
  const progress: LiveProgress[] = [];
  let onKeyFrame = (): void => undefined;
  events.on('progress', ({ jobId: id, data }) => {
    if (id !== jobId) return;
    progress.push(data as LiveProgress);
    // The server's part: have the video slot's source send a key frame.
    if ((data as LiveProgress).phase === 'keyFrame') onKeyFrame();
  });
  const keyFrameSeqs = () => progress.flatMap((p) => (p.phase === 'keyFrame' ? [p.seq] : []));
  const playlist = () => readFile(path.join(hlsDir, 'index.m3u8'), 'utf8').catch(() => '');
  return {
    hlsDir,
    progress,
    latest: () => progress.findLast((p) => p.phase === 'live'),
    keyFrameSeqs,
    /** The camera now behind the video slot, asked for key frames on each `keyFrame` report. */
    video: (port: number) => {
      const sending = camera(tools.ffmpeg, port);
      onKeyFrame = sending.keyFrame;
      return sending;
    },
    /** Waits, after `after` reports, for a key-frame request and a `live` report off the slate. */
    onVideo: async (after: number) => {
      const since = () => progress.slice(after);
      await expect
        .poll(
          () =>
            since().some((p) => p.phase === 'keyFrame') &&
            since().findLast((p) => p.phase === 'live')?.slate === false,
          { timeout: 20_000, interval: 200 },
        )
        .toBe(true);
    },
    playlist,
    nextSequence: async () => playlistState(await playlist()).nextSequence,
    publish: (message: EgressControl) =>
      connection.publish(egressControlChannel(jobId), JSON.stringify(message)),
    /** The `listening` report of an attempt. */
    listening: async (attempt: number) => {
      let found: Extract<LiveProgress, { phase: 'listening' }> | undefined;
      await expect
        .poll(
          () =>
            (found = progress.find(
              (p): p is Extract<LiveProgress, { phase: 'listening' }> =>
                p.phase === 'listening' && p.attempt === attempt,
            )),
          { timeout: 30_000, interval: 100 },
        )
        .toBeDefined();
      return found as Extract<LiveProgress, { phase: 'listening' }>;
    },
    /** The newest segment in the playlist, once `count` more than `after` are listed. */
    segmentAfter: async (after: number, count: number): Promise<string> => {
      await expect
        .poll(async () => playlistState(await playlist()).nextSequence, { timeout: 30_000, interval: 250 })
        .toBeGreaterThanOrEqual(after + count);
      const names = (await playlist()).split('\n').filter((line) => line.endsWith('.ts'));
      return path.join(hlsDir, names.at(-1) ?? '');
    },
  };
}

describe('live job (real Redis, ffmpeg and nginx-rtmp)', () => {
  it('encodes the programme to HLS and an RTMP destination, follows the programme, and ends the stream on stop', async () => {
    const jobId = 'live.c1';
    const live = watch(jobId, 'hoi-nghi');
    const data: LiveJobData = {
      conferenceId: 'c1',
      slug: 'hoi-nghi',
      video,
      audio: [slot('a0'), slot('a1'), slot('a2')],
      destinations: [{ id: 'd1', name: 'nginx' }],
    };
    const job = await queue.add('live', data, { jobId, attempts: 3 });

    const listening = await live.listening(1);
    expect(listening).toEqual({
      phase: 'listening',
      host: '127.0.0.1',
      ports: {
        video: expect.any(Number),
        a0: expect.any(Number),
        a1: expect.any(Number),
        a2: expect.any(Number),
      },
      attempt: 1,
    });
    const { ports } = listening;
    // Nothing reads the video slot's port while the encoder shows the slate: this camera's
    // first key frames, sent now, are gone before the encoder reads it, and it must ask for one.
    const firstCamera = live.video(ports.video ?? 0);
    sendTone(tools.ffmpeg, ports.a0 ?? 0, TONES.a0, 1001);
    sendTone(tools.ffmpeg, ports.a1 ?? 0, TONES.a1, 1002);
    sendTone(tools.ffmpeg, ports.a2 ?? 0, TONES.a2, 1003);
    let mark = live.progress.length;
    await live.publish({ type: 'programme', video: true, audio: ['a0', 'a1'] });
    await live.publish({
      type: 'destinations',
      destinations: [{ id: 'd1', url: `${rtmp.url}/${STREAM_KEY}` }],
    });

    // The programme's video replaces the slate once a key frame it asked for is through.
    await live.onVideo(mark);
    const onVideo = await live.nextSequence();
    const segment = await live.segmentAfter(onVideo, 3);
    expect(await segmentStreams(segment)).toEqual([
      { codec_name: 'h264', width: 1280, height: 720, r_frame_rate: '30/1' },
      { codec_name: 'aac', sample_rate: '48000', channels: 2, r_frame_rate: '0/0' },
    ]);

    // Both named microphones are in the mix; the third, sending all along, is not.
    const pcm = path.join(dataDir, 'mix.f32');
    await run(tools.ffmpeg, [
      '-v',
      'error',
      '-i',
      segment,
      '-map',
      '0:a',
      '-ac',
      '1',
      '-f',
      'f32le',
      '-y',
      pcm,
    ]);
    const bytes = await readFile(pcm);
    const samples = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    expect(samples.length).toBeGreaterThan(24_000);
    const [p440 = 0, p1000 = 0, p2500 = 0, p1700 = 0] = [440, 1000, 2500, 1700].map((f) =>
      powerAt(samples, f),
    );
    console.info(`mix power: 440 Hz ${p440}, 1000 Hz ${p1000}, 2500 Hz ${p2500}, 1700 Hz ${p1700}`);
    expect(p440).toBeGreaterThan(1000 * p2500);
    expect(p1000).toBeGreaterThan(1000 * p2500);
    expect(p440).toBeGreaterThan(1000 * p1700);
    // ...without gaps: a reader that fell behind would make aresample cut the sound up.
    expect(silentShare(samples)).toBeLessThan(0.05);

    // The destination is live on nginx, with the encoder's stream.
    await expect
      .poll(() => live.latest()?.destinations[0]?.state, { timeout: 20_000, interval: 250 })
      .toBe('live');
    expect(live.latest()?.destinations).toEqual([
      { id: 'd1', state: 'live', attempts: 1, seconds: expect.any(Number) },
    ]);
    expect(await probeStreams(`${rtmp.url}/${STREAM_KEY}`)).toEqual([
      expect.objectContaining({ codec_type: 'video', codec_name: 'h264', width: 1280, height: 720 }),
      expect.objectContaining({ codec_type: 'audio', codec_name: 'aac', sample_rate: '48000', channels: 2 }),
    ]);
    expect((await rtmp.publishedStreams()).map((s) => s.name)).toEqual([STREAM_KEY]);

    // The cost of each process at 720p30 with one relay, on this machine. The encoder's tee argument
    // holds the HLS path escaped (the space), so it is found by the part after the space.
    const internal = lines.find((line) => line.msg === 'live job listening')?.ports as CompositorPorts;
    const processes = {
      encoder: await ffmpegWith(live.hlsDir.slice(live.hlsDir.lastIndexOf(' ') + 1)),
      mixer: await ffmpegWith(`rtp://127.0.0.1:${internal.pcm}`),
      relay: await ffmpegWith(`udp://127.0.0.1:${internal.relays.d1}?`),
    };
    const ticksBefore = await Promise.all(Object.values(processes).map(cpuTicks));
    const before = Date.now();
    await sleep(10_000);
    const ticksAfter = await Promise.all(Object.values(processes).map(cpuTicks));
    const seconds = (Date.now() - before) / 1000;
    // Ticks are 1/100 s, so ticks per second are percent of one core.
    const cpu = Object.keys(processes).map(
      (name, i) => `${name} ${(((ticksAfter[i] ?? 0) - (ticksBefore[i] ?? 0)) / seconds).toFixed(0)}%`,
    );
    console.info(`CPU, % of one core: ${cpu.join(', ')}`);

    // The camera stops while the programme still names it, and no `programme` says so (the
    // server's own check missed it): the encoder asks for key frames in vain, then, rather
    // than stall HLS and the relay, goes on the slate.
    mark = live.progress.length;
    firstCamera.gone();
    await expect
      .poll(() => live.progress.slice(mark).findLast((p) => p.phase === 'live')?.slate, {
        timeout: 20_000,
        interval: 200,
      })
      .toBe(true);
    expect(live.progress.slice(mark).filter((p) => p.phase === 'keyFrame')).not.toEqual([]);
    expect(lines.some((line) => line.msg?.startsWith('programme video shows no new frame'))).toBe(true);
    // It stays there with a camera sending again, until a `programme` names the video again.
    const secondCamera = live.video(ports.video ?? 0);
    const stalled = live.progress.length;
    await sleep(3_000);
    expect(live.latest()?.slate).toBe(true);
    expect(live.progress.slice(stalled).filter((p) => p.phase === 'keyFrame')).toEqual([]);
    mark = live.progress.length;
    await live.publish({ type: 'programme', video: true, audio: ['a0', 'a1'] });
    await live.onVideo(mark);

    // No programme video: the slate, and the stream goes on after a discontinuity.
    await live.publish({ type: 'programme', video: false, audio: ['a0', 'a1'] });
    await expect.poll(() => live.latest()?.slate, { timeout: 20_000, interval: 200 }).toBe(true);
    const onSlate = await live.nextSequence();
    expect(await segmentStreams(await live.segmentAfter(onSlate, 3))).toEqual([
      expect.objectContaining({ codec_name: 'h264', width: 1280, height: 720 }),
      expect.objectContaining({ codec_name: 'aac' }),
    ]);
    expect(await live.playlist()).toContain('#EXT-X-DISCONTINUITY');
    expect(live.latest()?.hlsSegments).toBeGreaterThan(onVideo);

    // The video again: the new encoder asks for its key frame, and HLS goes on with the picture.
    mark = live.progress.length;
    await live.publish({ type: 'programme', video: true, audio: ['a0', 'a1'] });
    await live.onVideo(mark);
    const backOnVideo = await live.nextSequence();
    expect(await segmentStreams(await live.segmentAfter(backOnVideo, 2))).toEqual([
      expect.objectContaining({ codec_name: 'h264', width: 1280, height: 720 }),
      expect.objectContaining({ codec_name: 'aac' }),
    ]);

    await live.publish({ type: 'stop' });
    await job.waitUntilFinished(events, 30_000);
    expect(live.progress.at(-1)).toEqual({ phase: 'finalising' });
    const ended = await live.playlist();
    expect(playlistState(ended).ended).toBe(true);
    expect(ended.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
    expect(await Job.fromId(queue, jobId)).toMatchObject({ attemptsStarted: 1, attemptsMade: 1 });
    // Every key-frame request reached the server as its own event, none hidden by a `live` report
    // a moment later (BullMQ keeps only the last progress on the job, but streams each call).
    // Three starts on video, and the requests in vain after the camera stopped.
    const seqs = live.keyFrameSeqs();
    expect(seqs.length).toBeGreaterThanOrEqual(4);
    expect(seqs).toEqual(seqs.map((_, i) => i));
    expect(lines.filter((line) => line.msg === 'key frame requested')).toHaveLength(seqs.length);
    // The stream key never reached the log.
    expect(JSON.stringify(lines)).not.toContain(STREAM_KEY);
    secondCamera.gone();
    killStarted();
  }, 180_000);

  it('hands over on shutdown: the next worker continues the same playlist after a discontinuity', async () => {
    const jobId = 'live.c2';
    const live = watch(jobId, 'ban-giao');
    const data: LiveJobData = {
      conferenceId: 'c2',
      slug: 'ban-giao',
      video,
      audio: [slot('a0')],
      destinations: [],
    };
    const job = await queue.add('live', data, { jobId, attempts: 3 });
    const feed = async (attempt: number) => {
      const { ports } = await live.listening(attempt);
      live.video(ports.video ?? 0);
      sendTone(tools.ffmpeg, ports.a0 ?? 0, TONES.a0, 2000 + attempt);
      await live.publish({ type: 'programme', video: true, audio: ['a0'] });
      return ports;
    };
    const firstPorts = await feed(1);
    await live.segmentAfter(0, 3);

    // As main.ts shuts down: close the workers, and the running jobs hand over.
    await Promise.all([...media.workers.map((worker) => worker.close()), media.handOverJobs()]);
    const handedOver = await live.nextSequence();
    expect(playlistState(await live.playlist()).ended).toBe(false);
    killStarted();
    media = startWorkers({ ...workerOptions(), connection });

    const secondPorts = await feed(2);
    expect(secondPorts).not.toEqual(firstPorts);
    // The new encoder on video asks for its key frame, counting from 0 in its attempt.
    const resumed = live.progress.findIndex((p) => p.phase === 'listening' && p.attempt === 2);
    await expect
      .poll(() => live.progress.slice(resumed).find((p) => p.phase === 'keyFrame'), { timeout: 20_000 })
      .toEqual({ phase: 'keyFrame', seq: 0 });
    await live.segmentAfter(handedOver, 3);
    const text = await live.playlist();
    expect(text).toContain('#EXT-X-DISCONTINUITY');
    const names = text.split('\n').filter((line) => line.endsWith('.ts'));
    // One numbering across both workers.
    expect(names.map((name) => Number(/\d+/.exec(name)?.[0]))).toEqual(
      names.map((_, i) => playlistState(text).firstSequence + i),
    );

    await live.publish({ type: 'stop' });
    await job.waitUntilFinished(events, 30_000);
    expect(playlistState(await live.playlist()).ended).toBe(true);
    expect(await Job.fromId(queue, jobId)).toMatchObject({ attemptsStarted: 2 });
  }, 120_000);
});
