// Test helpers for real ffmpeg processes: the tools, starting and killing
// them, and waiting for their files.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { locateFfmpeg } from '../../src/ffmpeg.js';

export interface Tools {
  ffmpeg: string;
  ffprobe: string;
}

/** The ffmpeg the worker would run, and the ffprobe installed beside it. */
export async function locateTools(): Promise<Tools> {
  const ffmpeg = await locateFfmpeg(process.env.FFMPEG_PATH, process.env.PATH);
  return { ffmpeg: ffmpeg.path, ffprobe: path.join(path.dirname(ffmpeg.path), 'ffprobe') };
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Running {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<Exit>;
}

const started = new Set<ChildProcessWithoutNullStreams>();

/** Starts `file` with stdin piped (for `q`) and its output collected. */
export function start(file: string, args: readonly string[]): Running {
  const child = spawn(file, args, { stdio: 'pipe' });
  started.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // ffmpeg may exit before reading its stdin; a late `q` must not crash the test.
  child.stdin.on('error', () => undefined);
  const exit = once(child, 'exit').then(([code, signal]) => {
    started.delete(child);
    return { code: code as number | null, signal: signal as NodeJS.Signals | null };
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

/** Runs `file` to completion. */
export async function run(
  file: string,
  args: readonly string[],
): Promise<Exit & { stdout: string; stderr: string }> {
  const running = start(file, args);
  running.child.stdin.end();
  return { ...(await running.exit), stdout: running.stdout(), stderr: running.stderr() };
}

/** SIGKILLs whatever a test started and left running. */
export function killStarted(): void {
  for (const child of started) child.kill('SIGKILL');
}

/** Resolves with the time a file first exists. */
export async function fileCreated(file: string, timeout = 15_000): Promise<number> {
  await expect
    .poll(
      () =>
        access(file).then(
          () => true,
          () => false,
        ),
      { timeout, interval: 20 },
    )
    .toBe(true);
  return Date.now();
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
