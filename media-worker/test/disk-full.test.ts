// A supervised encoder whose disk is full, for real: it gives up at once
// with DISK_FULL instead of restarting.
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matroskaSegmentArgs } from '../src/egress/recorder-args.js';
import type { EgressError } from '../src/egress/errors.js';
import { STOP_TIMEOUTS } from '../src/egress/ffmpeg-process.js';
import { SupervisedFfmpeg } from '../src/egress/supervised-ffmpeg.js';
import { locateTools, sleep, type Tools } from './egress/ffmpeg-processes.js';

/*
 * A real "No space left on device" without root: the first segment file is a
 * symbolic link to /dev/full, whose every write fails with ENOSPC.
 */

let tools: Tools;
let dir: string;

beforeAll(async () => {
  tools = await locateTools();
  dir = await mkdtemp(path.join(os.tmpdir(), 'diemcau-disk-full-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('an encoder whose disk is full', () => {
  it('gives up at once with DISK_FULL instead of restarting', async () => {
    await symlink('/dev/full', path.join(dir, '00000.mkv'));
    const giveUps: EgressError[] = [];
    let starts = 0;
    const encoder = new SupervisedFfmpeg({
      name: 'encoder',
      ffmpeg: tools.ffmpeg,
      code: 'ENCODER_FAILED',
      stopTimeouts: STOP_TIMEOUTS,
      log: pino({ level: 'silent' }),
      onGiveUp: (error) => giveUps.push(error),
    });
    await encoder.run(async () => {
      starts += 1;
      return [
        ...['-hide_banner', '-nostats', '-loglevel', 'level+warning', '-re'],
        ...['-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=30', '-c:v', 'libx264', '-preset', 'veryfast'],
        ...['-g', '30', '-b:v', '2M'],
        ...matroskaSegmentArgs({ segmentDir: dir, segmentSeconds: 1, startNumber: 0 }),
      ];
    });
    await expect.poll(() => giveUps.length, { timeout: 20_000 }).toBe(1);
    // A restart would have come a second after the exit.
    await sleep(1_500);
    await encoder.close();
    expect(starts).toBe(1);
    expect(giveUps[0]!.code).toBe('DISK_FULL');
    expect(giveUps[0]!.message).toBe(
      'DISK_FULL: encoder could not write: av_interleaved_write_frame(): No space left on device',
    );
  }, 30_000);
});
