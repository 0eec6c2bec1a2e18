// One ffmpeg child process: started with stdin for `q`, its stderr tail
// kept, and stopped in steps (`q`, SIGINT, SIGKILL).
import { spawn } from 'node:child_process';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** How long each stop step may take before the next, harder one. */
export interface StopTimeouts {
  /** After `q`: ffmpeg reads it between packets, so with no media flowing it would wait for its RTP read timeout. */
  quitMs: number;
  /** After SIGINT: interrupts the blocking read; ffmpeg still writes its trailer. */
  interruptMs: number;
}

export const STOP_TIMEOUTS: StopTimeouts = { quitMs: 3_000, interruptMs: 3_000 };

const STDERR_TAIL_CHARS = 2_000;

export interface FfmpegProcess {
  readonly exit: Promise<ProcessExit>;
  /** The last lines ffmpeg wrote to stderr (it logs warnings and errors only). */
  stderrTail(): string;
  /** `q`, then SIGINT, then SIGKILL, each after its timeout; resolves with the exit. */
  stop(timeouts?: StopTimeouts): Promise<ProcessExit>;
}

export interface StartOptions {
  /** Receives ffmpeg's stdout (e.g. `-progress pipe:1`); without it stdout is read and dropped. */
  onStdout?: (chunk: string) => void;
}

/** Starts ffmpeg with stdin piped for `q`; a spawn failure (no binary) resolves `exit` with code null. */
export function startFfmpeg(
  file: string,
  args: readonly string[],
  options: StartOptions = {},
): FfmpegProcess {
  const child = spawn(file, args, { stdio: 'pipe' });
  // Read stdout even when nobody wants it: a full pipe would block ffmpeg.
  child.stdout.on('data', (chunk: Buffer) => options.onStdout?.(chunk.toString()));
  let tail = '';
  child.stderr.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-STDERR_TAIL_CHARS);
  });
  // ffmpeg may exit before reading stdin: a late `q` must not crash the worker.
  child.stdin.on('error', () => undefined);
  // Not events.once: its 'exit' promise would reject on a spawn error before 'error' resolves.
  // 'error' stays handled for good: an unhandled one (a failed kill) would crash the worker.
  const exit = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.on('error', (error) => {
      tail += `\n${error.message}`;
      resolve({ code: null, signal: null });
    });
  });
  const exited = (ms: number) =>
    Promise.race([exit.then(() => true), new Promise<boolean>((resolve) => setTimeout(resolve, ms, false))]);
  return {
    exit,
    stderrTail: () => tail.trim(),
    async stop(timeouts = STOP_TIMEOUTS) {
      child.stdin.end('q');
      if (!(await exited(timeouts.quitMs))) {
        child.kill('SIGINT');
        if (!(await exited(timeouts.interruptMs))) child.kill('SIGKILL');
      }
      return exit;
    },
  };
}
