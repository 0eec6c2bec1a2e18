// The switched RTP input run for real: the consumer behind the ports
// replaced mid-stream keeps one continuous timeline.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LOG_ARGS } from '../../src/egress/log-args.js';
import { rtpInputArgs } from '../../src/egress/rtp-input.js';
import { sdpFor } from '../../src/egress/sdp.js';
import { freeUdpPortPair } from '../../src/egress/udp-ports.js';
import { fileCreated, killStarted, locateTools, sleep, start, type Tools } from './ffmpeg-processes.js';
import { packetTimes } from './probe.js';
import { POINT_STREAMS, rtpSenderArgs } from './synthetic-sources.js';

let tools: Tools;
const dirs: string[] = [];

beforeAll(async () => {
  tools = await locateTools();
});

afterEach(async () => {
  killStarted();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** The packets on each side of the largest gap in `times`: before and after the switch. */
function aroundSwitch(times: number[]): { before: number; after: number } {
  let at = 1;
  for (let i = 1; i < times.length; i++) {
    if ((times[i] ?? 0) - (times[i - 1] ?? 0) > (times[at] ?? 0) - (times[at - 1] ?? 0)) at = i;
  }
  return { before: at, after: times.length - at };
}

describe('switched RTP input (real ffmpeg)', () => {
  it('keeps one continuous timeline when the consumer behind the ports is replaced', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'diemcau-switch-'));
    dirs.push(dir);
    const ports = { mic: await freeUdpPortPair(), camera: await freeUdpPortPair() };
    const sdpPath = path.join(dir, 'programme.sdp');
    await writeFile(sdpPath, sdpFor(POINT_STREAMS, { host: '127.0.0.1', ports }));
    const output = path.join(dir, 'programme.mkv');
    const recorder = start(tools.ffmpeg, [
      ...LOG_ARGS,
      ...rtpInputArgs(sdpPath, 'switched'),
      ...['-map', '0', '-c', 'copy', output],
    ]);

    const firstStarted = Date.now();
    const first = start(tools.ffmpeg, rtpSenderArgs({ ports, firstSequence: 30000 }));
    const recordingStarted = await fileCreated(output);
    await sleep(2_500);
    first.child.kill('SIGKILL');
    // A new consumer: other SSRCs, sequence numbers 20000 "behind", its own random RTP
    // timestamps, and no sender report yet (mediasoup sends the first one up to 1 s later).
    start(
      tools.ffmpeg,
      rtpSenderArgs({
        ports,
        ssrcs: { mic: 33333333, camera: 44444444 },
        firstSequence: 10000,
        withoutRtcp: true,
      }),
    );
    // ffmpeg drops the first packet of each new sequence (RFC 3550 probation) and says so.
    await expect
      .poll(() => recorder.stderr().match(/bad cseq/g)?.length ?? 0, { timeout: 15_000, interval: 50 })
      .toBe(2);
    await sleep(2_000);
    recorder.child.stdin.write('q');
    const stopped = Date.now();
    expect(await recorder.exit).toEqual({ code: 0, signal: null });

    for (const [type, perSecond] of [
      ['v', 30],
      ['a', 50],
    ] as const) {
      const times = await packetTimes(tools.ffprobe, output, type);
      for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1] ?? 0);
      const { before, after } = aroundSwitch(times);
      expect(before).toBeGreaterThanOrEqual(perSecond * 1.5);
      expect(after).toBeGreaterThanOrEqual(perSecond);
      // The timeline follows the wall clock through the switch, gap included.
      const span = (times.at(-1) ?? 0) - (times[0] ?? 0);
      expect(span).toBeGreaterThanOrEqual((stopped - recordingStarted) / 1000 - 1);
      expect(span).toBeLessThanOrEqual((stopped - firstStarted) / 1000 + 0.5);
    }
  });
});
