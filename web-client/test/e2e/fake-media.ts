import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './browser.js';
import { FFMPEG_PATH } from './hls-fixture.js';

/*
 * Chromium for tests in which several contexts send a camera at once. Its
 * built-in fake camera is 1280x720 at 30 fps, which the web client sends as
 * three simulcast layers: three such senders (a host and two halls) plus their
 * decoders take this 2-core machine far past the time a test may run. The
 * camera here is a file instead, 640x360 at 15 fps (a moving test pattern
 * ffmpeg writes once per run), about half the CPU of the built-in one. The
 * microphone stays Chromium's built-in fake: a 20 ms, 400 Hz beep every half
 * second, which 2 s sampling windows catch several times over (RMS ≈ 0.3).
 * (It also counts as speech: a hall whose beeps reach the server becomes the
 * speaker programme when nothing is spotlighted.)
 */

export interface FakeMediaBrowser {
  browser: Browser;
  /** Closes the browser and removes the camera file. */
  close(): Promise<void>;
}

const CAMERA = { size: '640x360', fps: 15, seconds: 2 };

function writeCamera(file: string): Promise<void> {
  const { size, fps, seconds } = CAMERA;
  const args = [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${fps}`],
    ...['-t', String(seconds), '-pix_fmt', 'yuv420p', file],
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(FFMPEG_PATH, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code} writing ${file}: ${stderr}`)),
    );
  });
}

/**
 * Launches Debian's Chromium with the usual test flags and a looping 640x360@15 camera (Y4M);
 * `executablePath` and `env` run it otherwise (in a network namespace, with a HOME of its own).
 */
export async function launchWithFakeCamera({
  executablePath = CHROMIUM_PATH,
  env,
}: { executablePath?: string; env?: NodeJS.ProcessEnv } = {}): Promise<FakeMediaBrowser> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-e2e-camera-'));
  const camera = path.join(dir, 'camera.y4m');
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    await writeCamera(camera);
    const browser = await chromium.launch({
      executablePath,
      args: [...CHROMIUM_FLAGS, `--use-file-for-fake-video-capture=${camera}`],
      ...(env ? { env } : {}),
    });
    return {
      browser,
      close: async () => {
        await browser.close();
        removeDir();
      },
    };
  } catch (error) {
    removeDir();
    throw error;
  }
}
