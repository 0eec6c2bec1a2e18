import type { BroadcastStatus, LiveStatus, Recording, RecordingProgress } from '@diemcau/protocol';

/*
 * What the broadcast panel shows, from the room's `broadcastStatus` and the
 * answers of the panel's own requests. Pure, so the rules are tested without
 * a room.
 */

/**
 * A start or stop answer, newer than the room's status it arrived after. It
 * is shown until the room sends another status (the server sends one on
 * every change), so the panel does not show the old state in between.
 */
export interface Answer<T> {
  value: T;
  /** The room's status when the answer arrived. */
  basis: BroadcastStatus | null;
}

export function latest<T>(
  fromRoom: T | null,
  room: BroadcastStatus | null,
  answer: Answer<T> | null,
): T | null {
  return answer && answer.basis === room ? answer.value : fromRoom;
}

/** A recording from the REST answer, as progress; counters the room already gave for it are kept. */
export function progressOf(recording: Recording, previous: RecordingProgress | null): RecordingProgress {
  const same = previous?.id === recording.id ? previous : null;
  return {
    id: recording.id,
    status: recording.status,
    startedAt: recording.startedAt,
    seconds: same?.seconds ?? 0,
    outputs: same?.outputs ?? recording.files.length,
    bytes: same?.bytes ?? recording.files.reduce((sum, file) => sum + file.bytes, 0),
    error: recording.error,
  };
}

/** Whole seconds since `startedAt`; never negative when this computer's clock runs behind the server's. */
export function elapsedSeconds(startedAt: string, now: number): number {
  return Math.max(0, Math.floor((now - Date.parse(startedAt)) / 1000));
}

/** A recording that a new one cannot start beside. */
export const recordingBusy = (recording: RecordingProgress | null): boolean =>
  recording?.status === 'recording' || recording?.status === 'finalising';

/** Seconds to show: counted here from the start while it records, else as the recorder last counted. */
export function recordingClock(recording: RecordingProgress, now: number): number {
  return recording.status === 'recording' ? elapsedSeconds(recording.startedAt, now) : recording.seconds;
}

const LIVE_RUNNING: ReadonlySet<LiveStatus['state']> = new Set(['starting', 'live', 'recovering']);

/** Starting, on air or being taken up by another worker: its clock runs and it can be stopped. */
export const liveRunning = (live: LiveStatus | null): boolean =>
  live !== null && LIVE_RUNNING.has(live.state);

/** A livestream that a new one cannot start beside. */
export const liveBusy = (live: LiveStatus | null): boolean => liveRunning(live) || live?.state === 'stopping';

export function liveClock(live: LiveStatus, now: number): number {
  return liveRunning(live) ? elapsedSeconds(live.startedAt, now) : live.seconds;
}

/** Whole seconds left before a retrying destination tries again, counted from when its status arrived. */
export function retryCountdown(retryInMs: number, receivedAt: number, now: number): number {
  return Math.max(0, Math.ceil((receivedAt + retryInMs - now) / 1000));
}

/**
 * Going live needs somewhere to go: the watch page (when the conference has
 * one) or at least one destination.
 */
export const canGoLive = (selected: number, hasWatchPage: boolean): boolean => hasWatchPage || selected > 0;

/** The chosen destinations that still exist and can be streamed to, in the list's order. */
export function chosenDestinations(
  selected: ReadonlySet<string>,
  destinations: readonly { id: string; streamKeySet: boolean }[],
): string[] {
  return destinations.filter((d) => d.streamKeySet && selected.has(d.id)).map((d) => d.id);
}
