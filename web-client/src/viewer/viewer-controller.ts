import { attachStream, probePlaylist, type AttachedStream, type PlaybackMode } from './stream-source.js';
import { isStalled, observeTime, rebase, startClock, type ProgressClock } from './stream-signals.js';
import {
  INITIAL_STATE,
  infoPollDelay,
  reduce,
  streamRetryDelay,
  wantsStream,
  type ViewerEvent,
  type ViewerState,
} from './viewer-state.js';
import { fetchWatchInfo, viewerAuthorization } from './watch-api.js';
import { hlsPlaylistUrl, type WatchAddress } from './watch-address.js';

export interface ViewerSnapshot {
  state: ViewerState;
  /** False when this browser has no way to play HLS. */
  supported: boolean;
  muted: boolean;
  /** The browser refused to start playback without a tap (autoplay policy, power saving). */
  needsGesture: boolean;
}

const WATCHDOG_MS = 1_000;

/**
 * The imperative shell around viewer-state.ts: polls WatchInfo, opens and drops the stream as the
 * state asks, retries with backoff, and turns video element events into state events.
 */
export class ViewerController {
  #snapshot: ViewerSnapshot;
  readonly #listeners = new Set<() => void>();
  readonly #address: WatchAddress;
  readonly #mode: PlaybackMode | null;
  readonly #headers: Record<string, string>;
  #video: HTMLVideoElement | null = null;
  #stream: AttachedStream | null = null;
  /** Bumped whenever the stream is dropped: late results of an older attempt are ignored. */
  #generation = 0;
  #opening = false;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #infoTimer: ReturnType<typeof setTimeout> | undefined;
  #watchdog: ReturnType<typeof setInterval> | undefined;
  #clock: ProgressClock = startClock(0, 0);

  constructor(address: WatchAddress, mode: PlaybackMode | null) {
    this.#address = address;
    this.#mode = mode;
    this.#headers = viewerAuthorization(address.token);
    this.#snapshot = { state: INITIAL_STATE, supported: mode !== null, muted: true, needsGesture: false };
  }

  get snapshot(): ViewerSnapshot {
    return this.#snapshot;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  start(): void {
    this.#pollInfoIn(0);
  }

  /** The page hands over its video element once rendered, and null when it goes away. */
  bindVideo(video: HTMLVideoElement | null): void {
    if (video === this.#video) return;
    if (this.#video) {
      this.#dropStream();
      for (const [name, handler] of this.#videoHandlers) this.#video.removeEventListener(name, handler);
    }
    this.#video = video;
    if (video) {
      for (const [name, handler] of this.#videoHandlers) video.addEventListener(name, handler);
      this.#update({ muted: video.muted });
    }
    this.#syncStream();
  }

  /** From a tap: sound on, and playback if the browser held it back. */
  unmute(): void {
    const video = this.#video;
    if (!video) return;
    video.muted = false;
    if (video.paused) this.#play();
  }

  /** From a tap, when autoplay was refused. */
  resume(): void {
    this.#play();
  }

  #update(patch: Partial<ViewerSnapshot>): void {
    this.#snapshot = { ...this.#snapshot, ...patch };
    for (const listener of this.#listeners) listener();
  }

  #dispatch(event: ViewerEvent): void {
    const previous = this.#snapshot.state;
    const next = reduce(previous, event);
    if (next === previous) return;
    this.#update({ state: next });
    // A stream that stops mid-broadcast most often means the conference ended: ask now, not at the
    // next routine poll.
    if (event.type === 'streamMissing' && previous.kind !== 'waiting') this.#pollInfoIn(0);
    if (event.type === 'streamMissing' || event.type === 'streamFailed') {
      this.#dropStream();
      clearTimeout(this.#retryTimer);
      if (wantsStream(next)) {
        this.#retryTimer = setTimeout(() => {
          this.#retryTimer = undefined;
          this.#syncStream();
        }, streamRetryDelay(next));
      }
    }
    this.#syncStream();
  }

  async #pollInfo(): Promise<void> {
    const event = await fetchWatchInfo(this.#address);
    this.#dispatch(event);
    const delay = infoPollDelay(this.#snapshot.state);
    if (delay !== null) this.#pollInfoIn(delay);
  }

  /** One pending poll at a time: an early poll replaces the routine one. */
  #pollInfoIn(delay: number): void {
    clearTimeout(this.#infoTimer);
    this.#infoTimer = setTimeout(() => void this.#pollInfo(), delay);
  }

  /** Brings the stream in line with the state: open it when wanted and idle, drop it when not wanted. */
  #syncStream(): void {
    const { state } = this.#snapshot;
    if (!wantsStream(state) || !this.#video || !this.#mode) {
      this.#dropStream();
      clearTimeout(this.#retryTimer);
      this.#retryTimer = undefined;
      return;
    }
    if (!this.#stream && !this.#opening && this.#retryTimer === undefined) {
      void this.#openStream(this.#video, this.#mode);
    }
  }

  async #openStream(video: HTMLVideoElement, mode: PlaybackMode): Promise<void> {
    const generation = this.#generation;
    const current = (): boolean => generation === this.#generation;
    this.#opening = true;
    const url = hlsPlaylistUrl(this.#address.slug);
    const reading = await probePlaylist(url, this.#headers);
    if (!current()) return;
    if (reading !== 'ready') {
      this.#opening = false;
      return this.#dispatch({ type: reading === 'missing' ? 'streamMissing' : 'streamFailed' });
    }
    let stream: AttachedStream;
    try {
      stream = await attachStream(video, url, mode, this.#headers, {
        missing: () => current() && this.#dispatch({ type: 'streamMissing' }),
        failed: () => current() && this.#dispatch({ type: 'streamFailed' }),
      });
    } catch {
      // The player's code did not load (a network drop while fetching the chunk).
      if (!current()) return;
      this.#opening = false;
      return this.#dispatch({ type: 'streamFailed' });
    }
    if (!current()) return stream.destroy();
    this.#opening = false;
    this.#stream = stream;
    this.#clock = startClock(video.currentTime, performance.now());
    this.#watchdog = setInterval(() => this.#checkProgress(video), WATCHDOG_MS);
    this.#play();
  }

  #dropStream(): void {
    this.#generation++;
    this.#opening = false;
    clearInterval(this.#watchdog);
    this.#stream?.destroy();
    this.#stream = null;
  }

  #play(): void {
    this.#video?.play().then(
      () => this.#snapshot.needsGesture && this.#update({ needsGesture: false }),
      (error: unknown) => {
        // AbortError only means a newer load() interrupted this play(): not a refusal.
        if (error instanceof DOMException && error.name === 'NotAllowedError')
          this.#update({ needsGesture: true });
      },
    );
  }

  #checkProgress(video: HTMLVideoElement): void {
    const now = performance.now();
    // Paused by the viewer (or held back by autoplay rules) is not a lost stream.
    if (video.paused) this.#clock = startClock(video.currentTime, now);
    else if (isStalled(this.#clock, now)) this.#dispatch({ type: 'streamFailed' });
  }

  readonly #videoHandlers: ReadonlyArray<[string, () => void]> = [
    [
      'timeupdate',
      () => {
        const video = this.#video;
        if (!video || !this.#stream || video.seeking) return;
        const { clock, advanced } = observeTime(this.#clock, video.currentTime, performance.now());
        this.#clock = clock;
        if (advanced) this.#dispatch({ type: 'streamPlaying' });
      },
    ],
    ['seeked', () => this.#video && (this.#clock = rebase(this.#clock, this.#video.currentTime))],
    // A live playlist that gained EXT-X-ENDLIST plays out to here: the broadcast stopped.
    ['ended', () => this.#stream && this.#dispatch({ type: 'streamMissing' })],
    ['volumechange', () => this.#video && this.#update({ muted: this.#video.muted })],
  ];
}
