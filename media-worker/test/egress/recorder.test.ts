// The recorder and concat arguments run for real: synthetic RTP recorded
// into segments and joined into one playable file.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { concatArgs, concatList } from '../../src/egress/concat.js';
import { recorderArgs } from '../../src/egress/recorder-args.js';
import { sdpFor } from '../../src/egress/sdp.js';
import { segmentNames } from '../../src/egress/segments.js';
import { freeUdpPortPair } from '../../src/egress/udp-ports.js';
import { fileCreated, killStarted, locateTools, run, sleep, start, type Tools } from './ffmpeg-processes.js';
import { probe, type Probed } from './probe.js';
import { POINT_STREAMS, rtpSenderArgs } from './synthetic-sources.js';

const SEGMENT_SECONDS = 2;

let tools: Tools;
const dirs: string[] = [];

beforeAll(async () => {
  tools = await locateTools();
});

afterEach(async () => {
  killStarted();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A recorder listening on fresh ports, in a directory whose name needs quoting in a concat list. */
async function startRecording() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "diemcau-recorder it's-"));
  dirs.push(dir);
  const segmentDir = path.join(dir, 'segments');
  await mkdir(segmentDir);
  const ports = { mic: await freeUdpPortPair(), camera: await freeUdpPortPair() };
  const sdpPath = path.join(dir, 'point.sdp');
  await writeFile(sdpPath, sdpFor(POINT_STREAMS, { host: '127.0.0.1', ports }));
  const recorder = start(
    tools.ffmpeg,
    recorderArgs({ sdpPath, segmentDir, segmentSeconds: SEGMENT_SECONDS }),
  );
  const senderStarted = Date.now();
  start(tools.ffmpeg, rtpSenderArgs({ ports }));
  // The first segment opens once ffmpeg has analysed both streams: media is being recorded by then.
  const firstSegmentOpened = await fileCreated(path.join(segmentDir, '00000.mkv'));
  return { dir, segmentDir, recorder, senderStarted, firstSegmentOpened };
}

async function segmentsIn(segmentDir: string): Promise<string[]> {
  return segmentNames(await readdir(segmentDir)).map((name) => path.join(segmentDir, name));
}

function expectPlayable(probed: Probed): void {
  expect(probed.errors).toBe('');
  expect(probed.streams.map((s) => s.codec).sort()).toEqual(['opus', 'vp8']);
  for (const stream of probed.streams) expect(stream.frames).toBeGreaterThan(0);
}

describe('recorder (real ffmpeg)', () => {
  it('writes segments that each play, stops on q, and concat joins them into one file', async () => {
    const { dir, segmentDir, recorder, senderStarted, firstSegmentOpened } = await startRecording();
    await sleep(6_000);
    recorder.child.stdin.write('q');
    const stopped = Date.now();
    expect(await recorder.exit).toEqual({ code: 0, signal: null });
    // Warnings (e.g. a timestamp nudged when the first RTCP sender report re-bases the clock) may occur.
    expect(recorder.stderr(), recorder.stderr()).not.toContain('[error]');

    const segments = await segmentsIn(segmentDir);
    expect(segments.length).toBeGreaterThanOrEqual(2);
    for (const segment of segments) expectPlayable(await probe(tools.ffprobe, segment));

    const listPath = path.join(dir, 'segments.txt');
    const output = path.join(dir, 'track-p1.mkv');
    await writeFile(listPath, concatList(segments));
    const concat = await run(tools.ffmpeg, concatArgs({ listPath, output }));
    expect(concat).toMatchObject({ code: 0, stderr: '' });
    const track = await probe(tools.ffprobe, output);
    expectPlayable(track);
    expect(track.streams).toHaveLength(2);
    // The recording began between the sender's start (it needs a moment to send) and the first
    // segment's opening (ffmpeg analyses about a second of media first).
    expect(track.durationSeconds).toBeGreaterThanOrEqual((stopped - firstSegmentOpened) / 1000 - 1);
    expect(track.durationSeconds).toBeLessThanOrEqual((stopped - senderStarted) / 1000 + 1);
    // 30 fps throughout: no segment boundary dropped or doubled frames.
    const video = track.streams.find((s) => s.codec === 'vp8');
    expect(Math.abs((video?.frames ?? 0) / 30 - track.durationSeconds)).toBeLessThanOrEqual(0.5);
  });

  it('keeps every segment completed before a SIGKILL playable: a crash loses one segment at most', async () => {
    const { segmentDir, recorder, firstSegmentOpened } = await startRecording();
    // 00002.mkv opening means 00000 and 00001 are complete; kill in the middle of 00002.
    await fileCreated(path.join(segmentDir, '00002.mkv'));
    await sleep((SEGMENT_SECONDS * 1000) / 2);
    recorder.child.kill('SIGKILL');
    const elapsedSeconds = (Date.now() - firstSegmentOpened) / 1000;
    expect(await recorder.exit).toEqual({ code: null, signal: 'SIGKILL' });

    const segments = await segmentsIn(segmentDir);
    const completed = segments.slice(0, -1);
    expect(completed.length).toBeGreaterThanOrEqual(2);
    let keptSeconds = 0;
    for (const segment of completed) {
      const probed = await probe(tools.ffprobe, segment);
      expectPlayable(probed);
      keptSeconds += probed.durationSeconds;
    }
    expect(keptSeconds).toBeGreaterThanOrEqual(elapsedSeconds - SEGMENT_SECONDS - 0.5);
  });
});
