// The programme recording (real Redis and ffmpeg): slate then video as
// H.264 + AAC segments joined into one file on stop.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type EgressControl,
  egressControlChannel,
  type EgressProgress,
  type EgressStream,
  type LiveProgress,
  type RecordedFile,
  type RecordJobData,
} from '@diemcau/protocol';
import { Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { segmentNames } from '../src/egress/segments.js';
import { FIRST_PROGRAMME_MS } from '../src/compositor/compositor.js';
import { killStarted, run, sleep } from './egress/ffmpeg-processes.js';
import { camera, powerAt, sendTone, silentShare } from './helpers/programme-sources.js';
import { recordQueueHarness } from './helpers/record-queue.js';

const harness = recordQueueHarness('diemcau-programme-record-');
const { queue, events, lines } = harness;

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
/** The two named microphones' tones, and one sending all along that the programme never names. */
const TONES = { 'audio-0': 440, 'audio-1': 1000, 'audio-2': 2500 } as const;

type Progress = EgressProgress | LiveProgress;

describe('programme recording (real Redis and ffmpeg)', () => {
  it('records the programme, slate then video, as H.264 + AAC segments joined into one file on stop', async () => {
    const jobId = 'rec1.programme';
    const progress: Progress[] = [];
    let onKeyFrame = (): void => undefined;
    events.on('progress', ({ jobId: id, data }) => {
      if (id !== jobId) return;
      progress.push(data as Progress);
      // The server's part: have the video slot's source send a key frame.
      if ((data as Progress).phase === 'keyFrame') onKeyFrame();
    });
    const publish = (message: EgressControl) =>
      harness.connection.publish(egressControlChannel(jobId), JSON.stringify(message));
    const data: RecordJobData = {
      conferenceId: 'c1',
      recordingId: 'rec1',
      output: { kind: 'programme' },
      streams: [video, slot('audio-0'), slot('audio-1'), slot('audio-2'), slot('audio-3')],
    };
    const job = await queue.add('record', data, { jobId, attempts: 3 });

    await expect
      .poll(() => progress.find((p) => p.phase === 'listening'), { timeout: 30_000 })
      .toEqual({
        phase: 'listening',
        host: '127.0.0.1',
        ports: {
          video: expect.any(Number),
          'audio-0': expect.any(Number),
          'audio-1': expect.any(Number),
          'audio-2': expect.any(Number),
          'audio-3': expect.any(Number),
        },
        attempt: 1,
      });
    const { ports } = progress.find((p) => p.phase === 'listening') as { ports: Record<string, number> };
    const source = camera(harness.tools.ffmpeg, ports.video ?? 0);
    onKeyFrame = source.keyFrame;
    for (const [id, frequency] of Object.entries(TONES))
      sendTone(harness.tools.ffmpeg, ports[id] ?? 0, frequency, 3000 + frequency);

    // No programme yet: the slate once the pipeline has waited for one long enough.
    await sleep(FIRST_PROGRAMME_MS + 1_000);
    const slateAt = lines.find((line) => line.msg === 'encoder (re)starting')?.time as number;
    expect(slateAt).toBeDefined();
    // On the slate until now; the encoder starts again on the video and asks for its key frame.
    const publishedAt = Date.now();
    await publish({ type: 'programme', video: true, audio: ['audio-0', 'audio-1'] });
    await expect
      .poll(() => lines.some((line) => line.msg === 'encoder shows the video'), {
        timeout: 20_000,
        interval: 100,
      })
      .toBe(true);
    const shownAt = Date.now();
    expect(progress).toContainEqual({ phase: 'keyFrame', seq: 0 });
    await sleep(8_000);
    expect(progress.findLast((p) => p.phase === 'recording')).toEqual({
      phase: 'recording',
      segments: expect.any(Number),
      bytes: expect.any(Number),
      seconds: expect.any(Number),
    });
    const recording = progress.findLast((p) => p.phase === 'recording') as {
      segments: number;
      bytes: number;
    };
    expect(recording.segments).toBeGreaterThanOrEqual(3);
    expect(recording.bytes).toBeGreaterThan(100_000);

    const stopAt = Date.now();
    await publish({ type: 'stop' });
    const files = (await job.waitUntilFinished(events, 60_000)) as RecordedFile[];
    expect(progress.at(-1)).toEqual({ phase: 'finalising' });
    expect(await Job.fromId(queue, jobId)).toMatchObject({ attemptsStarted: 1, attemptsMade: 1 });
    expect(files).toEqual([
      {
        path: path.join('rec1', 'programme', 'programme.mkv'),
        bytes: expect.any(Number),
        durationMs: expect.any(Number),
        codecs: ['h264', 'aac'],
      },
    ]);
    source.gone();
    killStarted();

    // The slate until the programme named the video, then the video until stop; the switch
    // loses the time the new encoder waited for its key frame.
    const file = path.join(harness.dataDir, 'recordings', files[0]?.path ?? '');
    const expectedSeconds = (publishedAt - slateAt + (stopAt - shownAt)) / 1000;
    const probed = await run(harness.tools.ffprobe, [
      ...['-v', 'error', '-of', 'json', '-show_entries'],
      ...['format=duration:stream=codec_name,width,height,sample_rate,channels', file],
    ]);
    const info = JSON.parse(probed.stdout) as { format: { duration: string }; streams: unknown[] };
    console.info(`programme file ${info.format.duration} s, expected ${expectedSeconds.toFixed(1)} s`);
    expect(Number(info.format.duration)).toBeGreaterThan(expectedSeconds - 1.5);
    expect(Number(info.format.duration)).toBeLessThan(expectedSeconds + 1.5);
    expect(info.streams).toEqual([
      { codec_name: 'h264', width: 1280, height: 720 },
      { codec_name: 'aac', sample_rate: '48000', channels: 2 },
    ]);
    // Each encoder start (the slate, then the video) continued the numbering, and the file joins them all.
    const segments = segmentNames(
      await readdir(path.join(harness.dataDir, 'recordings', 'rec1', 'programme', 'segments')),
    );
    expect(segments).toEqual(segments.map((_, i) => `${String(i).padStart(5, '0')}.mkv`));
    expect(lines.filter((line) => line.msg === 'encoder (re)starting')).toHaveLength(2);

    // Both named microphones are in the mix; the third, sending all along, is not; no gaps.
    const pcm = path.join(harness.dataDir, 'programme.f32');
    await run(harness.tools.ffmpeg, [
      ...['-v', 'error', '-sseof', '-5', '-i', file, '-t', '4', '-map', '0:a', '-ac', '1'],
      ...['-f', 'f32le', '-y', pcm],
    ]);
    const bytes = await readFile(pcm);
    const samples = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    expect(samples.length).toBeGreaterThan(4 * 48_000 * 0.9);
    const [p440 = 0, p1000 = 0, p2500 = 0, p1700 = 0] = [440, 1000, 2500, 1700].map((f) =>
      powerAt(samples, f),
    );
    console.info(`programme mix power: 440 Hz ${p440}, 1000 Hz ${p1000}, 2500 Hz ${p2500}, 1700 Hz ${p1700}`);
    expect(p440).toBeGreaterThan(1000 * p2500);
    expect(p1000).toBeGreaterThan(1000 * p2500);
    expect(p440).toBeGreaterThan(1000 * p1700);
    expect(silentShare(samples)).toBeLessThan(0.05);
  }, 120_000);
});
