// A long-running ffmpeg kept running: restarted when it exits on its own,
// given up on (EgressError) when it keeps exiting or finds the disk full.
import type { Logger } from 'pino';
import { noSpaceLine } from './disk-space.js';
import { EgressError, type EgressErrorCode } from './errors.js';
import { type FfmpegProcess, type ProcessExit, type StopTimeouts, startFfmpeg } from './ffmpeg-process.js';

/** Unexpected exits tolerated within RESTART_WINDOW_MS before the job fails. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;
const RESTART_DELAY_MS = 1_000;

export interface SupervisedOptions {
  name: 'mixer' | 'encoder';
  ffmpeg: string;
  /** The code the job fails with once ffmpeg keeps exiting. */
  code: EgressErrorCode;
  stopTimeouts: StopTimeouts;
  log: Logger;
  onGiveUp(error: EgressError): void;
  /** The running ffmpeg's stdout (e.g. `-progress pipe:1`); never a stopped one's. */
  onStdout?(chunk: string): void;
}

/** Builds the arguments of each start (they may depend on the time of the start) after preparing for it. */
export type BuildArgs = () => Promise<string[]>;

/**
 * One long-running ffmpeg of the compositor. `run` replaces the running one;
 * one that exits on its own is started again (same `build`) after a second,
 * up to MAX_RESTARTS within a minute, after which `onGiveUp` is called. One
 * that found the disk full gives up at once (DISK_FULL): a restart would too.
 */
export class SupervisedFfmpeg {
  private process: FfmpegProcess | undefined;
  private build: BuildArgs | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private readonly exits: number[] = [];
  private closed = false;

  constructor(private readonly options: SupervisedOptions) {}

  async run(build: BuildArgs): Promise<void> {
    await this.stop();
    this.build = build;
    await this.spawn();
  }

  /** Stops the running ffmpeg (`q`, then signals) and any pending restart. */
  async stop(): Promise<ProcessExit | undefined> {
    clearTimeout(this.restartTimer);
    const running = this.process;
    this.process = undefined;
    return running?.stop(this.options.stopTimeouts);
  }

  /** Stops for good: no `run` or restart after this. */
  async close(): Promise<ProcessExit | undefined> {
    this.closed = true;
    return this.stop();
  }

  private async spawn(): Promise<void> {
    const build = this.build;
    if (build === undefined || this.closed) return;
    const args = await build();
    // stop() or another run() came while building.
    if (this.closed || build !== this.build || this.process !== undefined) return;
    const started: FfmpegProcess = startFfmpeg(this.options.ffmpeg, args, {
      onStdout: (chunk) => {
        if (started === this.process) this.options.onStdout?.(chunk);
      },
    });
    this.process = started;
    void started.exit.then((exit) => this.exited(started, exit));
  }

  private exited(process: FfmpegProcess, exit: ProcessExit): void {
    if (process !== this.process) return; // stopped on purpose
    this.process = undefined;
    const { name, code, log, onGiveUp } = this.options;
    const now = Date.now();
    this.exits.push(now);
    while ((this.exits[0] ?? now) < now - RESTART_WINDOW_MS) this.exits.shift();
    const stderr = process.stderrTail();
    const noSpace = noSpaceLine(stderr);
    if (noSpace !== undefined) {
      onGiveUp(new EgressError('DISK_FULL', `${name} could not write: ${noSpace}`));
      return;
    }
    if (this.exits.length > MAX_RESTARTS) {
      onGiveUp(new EgressError(code, `${name} exited ${this.exits.length} times in a minute: ${stderr}`));
      return;
    }
    log.warn({ exit, stderr, restarts: this.exits.length }, `${name} exited; restarting`);
    this.restartTimer = setTimeout(() => {
      this.spawn().catch((error: Error) => onGiveUp(new EgressError(code, error.message)));
    }, RESTART_DELAY_MS);
  }
}
