// The programme recording in the grid layout (real Redis and ffmpeg):
// cells composed, a change of cells followed, one file joined.
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
import { describe, expect, it } from 'vitest';
import { segmentNames } from '../src/egress/segments.js';
import { killStarted, run, sleep, start } from './egress/ffmpeg-processes.js';
import { sendTone } from './helpers/programme-sources.js';
import { recordQueueHarness } from './helpers/record-queue.js';

/*
 * The programme recording in the grid layout: three halls' cameras, each a
 * plain colour, composed side by side, then 2x2 when a third joins the grid;
 * the finished file's frames show each colour in its cell.
 */

const harness = recordQueueHarness('diemcau-programme-grid-');
const { queue, events, lines } = harness;

const videoSlot = (id: string): EgressStream => ({
  id,
  kind: 'video',
  mimeType: 'video/VP8',
  payloadType: 101,
  clockRate: 90000,
});
const audioSlot = (id: string): EgressStream => ({
  id,
  kind: 'audio',
  mimeType: 'audio/opus',
  payloadType: 100,
  clockRate: 48000,
  channels: 2,
});
/**
 * A hall filming a plain colour, so that a frame tells which cell shows whom.
 * It sends a key frame every half second rather than when asked: the test
 * then knows when each cell can start (the key-frame handshake with a browser
 * is the speaker tests' and the server's grid test's).
 */
function colourCamera(ffmpeg: string, port: number, [r, g, b]: Rgb, ssrc: number): void {
  const colour = `0x${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  start(ffmpeg, [
    ...['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', `color=c=${colour}:s=640x360:r=30`],
    ...['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k', '-g', '15'],
    ...['-payload_type', '101', '-ssrc', String(ssrc), '-f', 'rtp', `rtp://127.0.0.1:${port}`],
  ]);
}

const RED: Rgb = [255, 0, 0];
const GREEN: Rgb = [0, 255, 0];
const BLUE: Rgb = [0, 0, 255];
/** The cameras behind the video slots. */
const CAMERAS: [string, Rgb][] = [
  ['video-0', RED],
  ['video-1', GREEN],
  ['video-2', BLUE],
];
const BLACK: Rgb = [0, 0, 0];
const WIDTH = 1280;

type Progress = EgressProgress | LiveProgress;
type Rgb = readonly [number, number, number];

/** One frame of `file` at `seekArgs`, as 1280x720 RGB. */
async function frameAt(file: string, seekArgs: string[]): Promise<Buffer> {
  const out = path.join(harness.dataDir, 'frame.rgb');
  await run(harness.tools.ffmpeg, [
    ...['-v', 'error', ...seekArgs, '-i', file, '-frames:v', '1'],
    ...['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-y', out],
  ]);
  return readFile(out);
}

/** The mean colour of the 40x40 square centred on (x, y). */
function colourAt(frame: Buffer, x: number, y: number): Rgb {
  const sum = [0, 0, 0];
  for (let row = y - 20; row < y + 20; row++)
    for (let column = x - 20; column < x + 20; column++)
      for (let c = 0; c < 3; c++) sum[c]! += frame[(row * WIDTH + column) * 3 + c]!;
  return sum.map((s) => Math.round(s / 1600)) as unknown as Rgb;
}

/** How many pixels of the box from (x0, y0) to (x1, y1) are near white: a caption's text on a plain colour. */
function whitePixels(frame: Buffer, x0: number, y0: number, x1: number, y1: number): number {
  let count = 0;
  for (let row = y0; row < y1; row++)
    for (let column = x0; column < x1; column++) {
      const at = (row * WIDTH + column) * 3;
      if (frame[at]! > 200 && frame[at + 1]! > 200 && frame[at + 2]! > 200) count++;
    }
  return count;
}

/** Within 48 of the wanted colour on each channel (two lossy codecs and a colour-space round trip). */
const near = (actual: Rgb, wanted: readonly number[]) =>
  actual.every((v, c) => Math.abs(v - wanted[c]!) <= 48);

describe('programme recording, grid layout (real Redis and ffmpeg)', () => {
  it('composes the named cameras in cells, follows a change of cells, and joins one file', async () => {
    const jobId = 'grid1.programme';
    const progress: Progress[] = [];
    events.on('progress', ({ jobId: id, data }) => {
      if (id === jobId) progress.push(data as Progress);
    });
    const publish = (message: EgressControl) =>
      harness.connection.publish(egressControlChannel(jobId), JSON.stringify(message));
    const data: RecordJobData = {
      conferenceId: 'c1',
      recordingId: 'grid1',
      output: { kind: 'programme', layout: 'grid' },
      streams: [
        ...[0, 1, 2, 3].map((i) => videoSlot(`video-${i}`)),
        audioSlot('audio-0'),
        audioSlot('audio-1'),
      ],
    };
    await queue.add('record', data, { jobId, attempts: 3 });
    await expect.poll(() => progress.some((p) => p.phase === 'listening'), { timeout: 30_000 }).toBe(true);
    const { ports } = progress.find((p) => p.phase === 'listening') as { ports: Record<string, number> };
    expect(Object.keys(ports).sort()).toEqual([
      'audio-0',
      'audio-1',
      'video-0',
      'video-1',
      'video-2',
      'video-3',
    ]);
    for (const [i, [slot, colour]] of CAMERAS.entries())
      colourCamera(harness.tools.ffmpeg, ports[slot] ?? 0, colour, 7000 + i);
    sendTone(harness.tools.ffmpeg, ports['audio-0'] ?? 0, 440, 4440);

    const shown = async (count: number): Promise<number> => {
      await expect
        .poll(() => lines.filter((line) => line.msg === 'encoder shows the video').length, {
          timeout: 20_000,
          interval: 100,
        })
        .toBe(count);
      return lines.filter((line) => line.msg === 'encoder shows the video')[count - 1]?.time as number;
    };
    // Two halls: side by side.
    await publish({
      type: 'programme',
      video: true,
      audio: ['audio-0'],
      grid: [
        { slot: 'video-0', name: 'Hà Nội' },
        { slot: 'video-1', name: 'Huế' },
      ],
    });
    const firstShownAt = await shown(1);
    await sleep(5_000);
    // A third hall joins the grid: the encoder starts again on the three, 2x2.
    const changedAt = Date.now();
    await publish({
      type: 'programme',
      video: true,
      audio: ['audio-0'],
      grid: [
        { slot: 'video-0', name: 'Hà Nội' },
        { slot: 'video-1', name: 'Huế' },
        { slot: 'video-2', name: 'Cần Thơ' },
      ],
    });
    const secondShownAt = await shown(2);
    await sleep(6_000);

    const stopAt = Date.now();
    await publish({ type: 'stop' });
    const job = await queue.getJob(jobId);
    const files = (await job!.waitUntilFinished(events, 60_000)) as RecordedFile[];
    killStarted();
    expect(files).toEqual([
      {
        path: path.join('grid1', 'programme', 'programme.mkv'),
        bytes: expect.any(Number),
        durationMs: expect.any(Number),
        codecs: ['h264', 'aac'],
      },
    ]);
    // Started on the cameras at once (the first programme came before the slate was due), then again on three.
    expect(
      lines.filter((line) => line.msg === 'encoder (re)starting').map((line) => [line.slate, line.slots]),
    ).toEqual([
      [false, ['video-0', 'video-1']],
      [false, ['video-0', 'video-1', 'video-2']],
    ]);
    const segments = segmentNames(
      await readdir(path.join(harness.dataDir, 'recordings', 'grid1', 'programme', 'segments')),
    );
    expect(segments).toEqual(segments.map((_, i) => `${String(i).padStart(5, '0')}.mkv`));

    const file = path.join(harness.dataDir, 'recordings', files[0]?.path ?? '');
    const probed = await run(harness.tools.ffprobe, [
      ...['-v', 'error', '-of', 'json', '-show_entries'],
      ...['format=duration:stream=codec_name,width,height,sample_rate,channels', file],
    ]);
    const info = JSON.parse(probed.stdout) as { format: { duration: string }; streams: unknown[] };
    expect(info.streams).toEqual([
      { codec_name: 'h264', width: 1280, height: 720 },
      { codec_name: 'aac', sample_rate: '48000', channels: 2 },
    ]);
    // Each encoder's part runs to its stop, and starts with the first frame that reached it: after
    // it listened on the cells' ports (and asked for key frames, which come every half second),
    // before it showed the picture (it stamps frames as they arrive, so its own start-up is kept).
    const listenedAt = (after: number) =>
      lines.find((line) => line.msg === 'key frame requested' && (line.time as number) >= after)
        ?.time as number;
    const part = ([first, second]: number[]) => (changedAt - first! + (stopAt - second!)) / 1000;
    const atMost = part([listenedAt(0), listenedAt(changedAt)]) + 1;
    // Generous below: an encoder that falls behind real time (this machine's two cores shared
    // with other tests) loses what it has not encoded when it gets `q`: a file 2 s shorter than
    // the time with a picture was seen at a load average of 10.
    const atLeast = part([firstShownAt, secondShownAt]) - 3;
    const seconds = Number(info.format.duration);
    console.info(
      `grid programme file ${seconds} s, expected ${atLeast.toFixed(1)}–${atMost.toFixed(1)} s; ` +
        `${((stopAt - listenedAt(0)) / 1000 - seconds).toFixed(1)} s short of the time from the first ` +
        `listening to the stop; the change: listening again after ${listenedAt(changedAt) - changedAt} ms, ` +
        `the picture shown after ${secondShownAt - changedAt} ms`,
    );
    expect(seconds).toBeGreaterThanOrEqual(atLeast);
    expect(seconds).toBeLessThanOrEqual(atMost);

    // Two cells: red left, green right, each 640x360 in the middle of its 640x720 half; black above and below.
    const two = await frameAt(file, ['-ss', '2.5']);
    const twoCells = { left: colourAt(two, 320, 300), right: colourAt(two, 960, 300) };
    const twoBands = [colourAt(two, 320, 60), colourAt(two, 960, 660)];
    console.info(`two cells: ${JSON.stringify({ ...twoCells, bands: twoBands })}`);
    expect(near(twoCells.left, RED)).toBe(true);
    expect(near(twoCells.right, GREEN)).toBe(true);
    for (const band of twoBands) expect(near(band, BLACK)).toBe(true);
    // Each hall's name at the bottom left of its picture (DejaVu Sans is installed with ffmpeg here).
    const captions = [whitePixels(two, 10, 500, 130, 535), whitePixels(two, 650, 500, 770, 535)];
    console.info(
      `caption pixels: ${JSON.stringify(captions)}, elsewhere ${whitePixels(two, 400, 500, 520, 535)}`,
    );
    for (const caption of captions) expect(caption).toBeGreaterThan(20);
    expect(whitePixels(two, 400, 500, 520, 535)).toBe(0);

    // Three cells: red and green above, blue centred below, black either side of it.
    const three = await frameAt(file, ['-sseof', '-2']);
    const threeCells = {
      topLeft: colourAt(three, 320, 120),
      topRight: colourAt(three, 960, 120),
      bottom: colourAt(three, 640, 480),
    };
    const sides = [colourAt(three, 100, 540), colourAt(three, 1180, 540)];
    console.info(`three cells: ${JSON.stringify({ ...threeCells, sides })}`);
    expect(near(threeCells.topLeft, RED)).toBe(true);
    expect(near(threeCells.topRight, GREEN)).toBe(true);
    expect(near(threeCells.bottom, BLUE)).toBe(true);
    for (const side of sides) expect(near(side, BLACK)).toBe(true);
  }, 120_000);
});
