// The encoder's picture watched: key frames asked for until one comes, and
// a source that shows no new frame counted as gone.
import type { Logger } from 'pino';
import { ProgressFrames } from './encoder-progress.js';
import { boundUdpPorts } from './udp-bound.js';

/** Without a new frame for this long the encoder may still wait for a key frame: ask again. */
export const KEY_FRAME_RETRY_MS = 2_000;
/**
 * Without a new frame for this long the source counts as gone. The server is
 * meant to say so first (`programme` with video false once mediasoup finds the
 * producer inactive, after about 1.5 s); this is the safety net for when it does not.
 */
export const STALL_MS = 5_000;
const TICK_MS = 250;
const BIND_POLL_MS = 25;
const BIND_TIMEOUT_MS = 5_000;

export interface WatchTimes {
  /** When the encoder's frame count last went up, or the watch began. */
  advancedAt: number;
  /** When a key frame was last asked for. */
  requestedAt: number;
}

export type WatchAction = 'wait' | 'requestKeyFrame' | 'stalled';

/**
 * What an encoder on video needs now: another key frame while it has shown no
 * new frame for KEY_FRAME_RETRY_MS (asked at most that often: at 0, 2 and 4 s of
 * a stall), the slate once it has shown none for STALL_MS.
 */
export function watchAction({ advancedAt, requestedAt }: WatchTimes, now: number): WatchAction {
  const idle = now - advancedAt;
  if (idle >= STALL_MS) return 'stalled';
  if (idle >= KEY_FRAME_RETRY_MS && now - requestedAt >= KEY_FRAME_RETRY_MS) return 'requestKeyFrame';
  return 'wait';
}

export interface VideoWatchOptions {
  log: Logger;
  /** Asks the server to have the slot's source send a key frame (ffmpeg cannot ask mediasoup). */
  requestKeyFrame(): void;
  /** The encoder has shown no new frame for STALL_MS. */
  onStalled(): void;
}

/**
 * Watches one encoder on video at a time, from its `-progress` output only (no
 * packet passes through here). A new decoder needs a key frame before it shows
 * anything, and a browser sends one only when asked: so once the encoder has
 * bound its slots' ports (packets before that are lost), the watch asks for one
 * from each slot's source, and again while the frame count stands still.
 */
export class VideoWatch {
  private generation = 0;
  private times: WatchTimes | undefined;
  private frames = new ProgressFrames();
  private firstRequestAt = 0;
  private requests = 0;
  private shown = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: VideoWatchOptions) {}

  /** The watched encoder has shown a frame of the video. */
  get showing(): boolean {
    return this.shown;
  }

  /** An encoder is starting on the video of `ports`: call before it is spawned, so that its progress counts from 0. */
  start(ports: readonly number[]): void {
    this.stop();
    const generation = this.generation;
    void this.untilBound(ports).then((unbound) => {
      if (generation !== this.generation) return;
      if (unbound.length > 0)
        this.options.log.warn(
          { ports: unbound },
          'encoder not seen listening on the video port; asking for a key frame anyway',
        );
      const now = Date.now();
      this.times = { advancedAt: now, requestedAt: now };
      this.firstRequestAt = now;
      this.request();
      this.timer = setInterval(() => this.tick(), TICK_MS);
    });
  }

  /** The watched encoder's `-progress` output. */
  progress(chunk: string): void {
    const times = this.times;
    if (!this.frames.push(chunk) || times === undefined) return;
    const now = Date.now();
    times.advancedAt = now;
    if (this.shown) return;
    this.shown = true;
    const { requests } = this;
    this.options.log.info({ afterMs: now - this.firstRequestAt, requests }, 'encoder shows the video');
  }

  /** The encoder stops, or goes on the slate. */
  stop(): void {
    this.generation++;
    clearInterval(this.timer);
    this.timer = undefined;
    this.times = undefined;
    this.frames = new ProgressFrames();
    this.requests = 0;
    this.shown = false;
  }

  private tick(): void {
    const times = this.times;
    if (times === undefined) return;
    const now = Date.now();
    const action = watchAction(times, now);
    if (action === 'requestKeyFrame') {
      times.requestedAt = now;
      this.options.log.info({ idleMs: now - times.advancedAt }, 'encoder shows no new frame; asking again');
      this.request();
    } else if (action === 'stalled') {
      this.stop();
      this.options.onStalled();
    }
  }

  /** Resolves once every port is bound (ffmpeg binds a whole SDP's at once), or after BIND_TIMEOUT_MS with those that are not. */
  private async untilBound(ports: readonly number[]): Promise<number[]> {
    const deadline = Date.now() + BIND_TIMEOUT_MS;
    for (;;) {
      const bound = await boundUdpPorts(ports);
      const unbound = ports.filter((port) => !bound.has(port));
      if (unbound.length === 0 || Date.now() >= deadline) return unbound;
      await new Promise((resolve) => setTimeout(resolve, BIND_POLL_MS));
    }
  }

  private request(): void {
    this.requests++;
    this.options.requestKeyFrame();
  }
}
