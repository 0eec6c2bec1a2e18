// One livestream destination's relay: an ffmpeg to its RTMP(S) URL,
// restarted with backoff, its status reported and its stream key redacted.
import type { DestinationState, DestinationStatus } from '@diemcau/protocol';
import type { Logger } from 'pino';
import { redactArgs, redactText } from '../egress/redact.js';
import { relayArgs, relayInputUrl } from '../egress/relay-args.js';
import {
  type FfmpegProcess,
  type ProcessExit,
  type StopTimeouts,
  startFfmpeg,
} from '../egress/ffmpeg-process.js';
import { type Backoff, DEFAULT_BACKOFF, failureStreak, retryDelayMs } from './relay-backoff.js';
import { classifyRelayFailure, type RelayFailure, streamKeySecrets } from './relay-failure.js';

export interface RelayOptions {
  /** The ffmpeg binary. */
  ffmpeg: string;
  /** The destination's id, reported in its status. */
  id: string;
  /** The encoder sends MPEG-TS to udp://127.0.0.1:<inputPort>. */
  inputPort: number;
  /** The rtmp(s) URL with the stream key: only ever logged redacted. */
  url: string;
  log: Logger;
  /** Called on every state change with the new status; an exception it throws is logged and dropped. */
  onChange?: (status: DestinationStatus) => void;
  backoff?: Backoff;
  /**
   * ffmpeg sending no media for this long (connecting included) is stopped and retried.
   * A backstop only: its own 5 s timeouts end it first, on either side, unless it hangs.
   */
  stallMs?: number;
}

const DEFAULT_STALL_MS = 30_000;
/**
 * Media must keep flowing this long before the destination counts as live: ffmpeg's RTMP client
 * writes before the server answers its publish, so a refused publish still sends a few packets.
 */
const CONFIRM_LIVE_MS = 1_000;
const WATCHDOG_MS = 500;
const STDERR_LOG_LINES = 8;
// -nostdin: ffmpeg never reads `q`. SIGINT ends it cleanly, closing the RTMP stream.
const STOP_TIMEOUTS: StopTimeouts = { quitMs: 0, interruptMs: 3_000 };
const STALLED_STOP_TIMEOUTS: StopTimeouts = { quitMs: 0, interruptMs: 1_000 };

interface Attempt {
  process: FfmpegProcess;
  /** Unparsed end of ffmpeg's progress output. */
  pending: string;
  outTimeUs: number;
  lastAdvanceAt: number;
  mediaSince?: number;
  liveSince?: number;
  stalled: boolean;
}

/**
 * One livestream destination: an ffmpeg copying the encoder's local feed to an RTMP(S) URL,
 * restarted with backoff whenever it ends or stalls, until stop(). Failures are reported in the
 * status, never thrown, and touch nothing but this destination's ffmpeg.
 */
export class Relay {
  readonly #options: RelayOptions;
  readonly #log: Logger;
  readonly #secrets: string[];
  readonly #backoff: Backoff;
  readonly #stallMs: number;
  #state: DestinationState = 'connecting';
  #attempts = 0;
  #seconds = 0;
  #retryInMs: number | undefined;
  #error: RelayFailure | undefined;
  #streak = 0;
  #attempt: Attempt | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #watchdog: NodeJS.Timeout | undefined;
  #started = false;
  #stopping: Promise<void> | undefined;

  constructor(options: RelayOptions) {
    this.#options = options;
    this.#log = options.log.child({ destination: options.id });
    this.#secrets = streamKeySecrets(options.url);
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.#stallMs = options.stallMs ?? DEFAULT_STALL_MS;
  }

  start(): void {
    if (this.#started || this.#stopping) return;
    this.#started = true;
    this.#connect();
  }

  /**
   * `seconds`: media sent since this connection went live (0 until then); while retrying, what the
   * failed connection sent. `retryInMs` while retrying; `error` is the last failure, until live again.
   */
  status(): DestinationStatus {
    return {
      id: this.#options.id,
      state: this.#state,
      attempts: this.#attempts,
      seconds: this.#seconds,
      ...(this.#state === 'retrying' && { retryInMs: this.#retryInMs }),
      ...(this.#error && { error: { ...this.#error } }),
    };
  }

  /** Ends ffmpeg (SIGINT, then SIGKILL) and every retry; the state becomes `stopped`. */
  stop(): Promise<void> {
    this.#stopping ??= this.#halt();
    return this.#stopping;
  }

  async #halt(): Promise<void> {
    clearTimeout(this.#retryTimer);
    clearInterval(this.#watchdog);
    const attempt = this.#attempt;
    this.#attempt = undefined;
    if (attempt) {
      const exit = await attempt.process.stop(STOP_TIMEOUTS);
      this.#log.info({ exit, seconds: this.#seconds }, 'relay stopped');
    }
    this.#setState('stopped');
  }

  #connect(): void {
    if (this.#stopping) return;
    const args = relayArgs({ input: relayInputUrl(this.#options.inputPort), url: this.#options.url });
    this.#attempts += 1;
    this.#seconds = 0;
    this.#log.info({ attempt: this.#attempts, args: redactArgs(args, this.#secrets) }, 'relay connecting');
    let ffmpeg: FfmpegProcess;
    try {
      ffmpeg = startFfmpeg(this.#options.ffmpeg, args, {
        onStdout: (chunk) => this.#progress(attempt, chunk),
      });
    } catch (error) {
      // spawn() throws at once on an argument it cannot pass, such as a NUL byte in the URL. Its
      // message quotes the argument escaped, out of redaction's reach, so only the code is kept.
      const message = `ffmpeg cannot be given this URL (${(error as NodeJS.ErrnoException).code})`;
      this.#retry({ code: 'DESTINATION_FAILED', message }, 0, { stderr: '' });
      return;
    }
    const attempt: Attempt = {
      process: ffmpeg,
      pending: '',
      outTimeUs: 0,
      lastAdvanceAt: Date.now(),
      stalled: false,
    };
    this.#attempt = attempt;
    void ffmpeg.exit.then((exit) => this.#ended(attempt, exit));
    this.#watchdog = setInterval(() => this.#watch(attempt), WATCHDOG_MS);
    this.#setState('connecting');
  }

  /** Reads `out_time_us=` lines of ffmpeg's `-progress` blocks. */
  #progress(attempt: Attempt, chunk: string): void {
    const lines = (attempt.pending + chunk).split('\n');
    attempt.pending = lines.pop() ?? '';
    for (const line of lines) {
      const match = /^out_time_us=(\d+)$/.exec(line.trim());
      if (match) this.#advance(attempt, Number(match[1]));
    }
  }

  #advance(attempt: Attempt, outTimeUs: number): void {
    if (attempt !== this.#attempt || attempt.stalled || outTimeUs <= attempt.outTimeUs) return;
    const now = Date.now();
    attempt.outTimeUs = outTimeUs;
    attempt.lastAdvanceAt = now;
    attempt.mediaSince ??= now;
    // A refused publish sends a little too: seconds count once the destination is live.
    const seconds = Math.round(outTimeUs / 100_000) / 10;
    if (this.#state === 'live') this.#seconds = seconds;
    else if (now - attempt.mediaSince >= CONFIRM_LIVE_MS) {
      attempt.liveSince = now;
      this.#error = undefined;
      this.#seconds = seconds;
      this.#log.info({ attempt: this.#attempts, seconds }, 'relay live');
      this.#setState('live');
    }
  }

  #watch(attempt: Attempt): void {
    const quietMs = Date.now() - attempt.lastAdvanceAt;
    if (attempt !== this.#attempt || attempt.stalled || quietMs < this.#stallMs) return;
    attempt.stalled = true;
    this.#log.warn({ attempt: this.#attempts, stallMs: this.#stallMs }, 'relay stalled; stopping ffmpeg');
    void attempt.process.stop(STALLED_STOP_TIMEOUTS);
  }

  #ended(attempt: Attempt, exit: ProcessExit): void {
    // stop() took the attempt over, or this exit is a stalled attempt's late one.
    if (attempt !== this.#attempt) return;
    this.#attempt = undefined;
    clearInterval(this.#watchdog);
    const stderr = attempt.process.stderrTail();
    const wasLive = attempt.liveSince !== undefined;
    const failure: RelayFailure = attempt.stalled
      ? { code: 'RELAY_STALLED', message: `no media sent for ${this.#stallMs / 1000} s` }
      : classifyRelayFailure({ exit, stderr, wasLive }, this.#secrets);
    const liveMs = attempt.liveSince === undefined ? 0 : Date.now() - attempt.liveSince;
    // The last lines hold the reason; before them come the feed's decoder warnings from analysis.
    const lastLines = stderr.split('\n').slice(-STDERR_LOG_LINES).join('\n');
    this.#retry(failure, liveMs, { exit, stderr: redactText(lastLines, this.#secrets) });
  }

  /** Reports `failure` and connects again after the backoff's delay. */
  #retry(failure: RelayFailure, liveMs: number, details: { exit?: ProcessExit; stderr: string }): void {
    this.#streak = failureStreak(this.#streak, liveMs, this.#backoff);
    const delay = retryDelayMs(this.#streak, this.#backoff);
    this.#error = failure;
    this.#retryInMs = delay;
    this.#log.warn(
      { attempt: this.#attempts, error: failure, seconds: this.#seconds, retryInMs: delay, ...details },
      'relay failed; retrying',
    );
    this.#retryTimer = setTimeout(() => this.#connect(), delay);
    this.#setState('retrying');
  }

  #setState(state: DestinationState): void {
    this.#state = state;
    try {
      this.#options.onChange?.(this.status());
    } catch (error) {
      this.#log.error({ error: (error as Error).message }, 'relay status listener failed');
    }
  }
}
