import type { BroadcastStatus, LiveStatus, RecordingProgress } from '@diemcau/protocol';
import type { Rooms } from '../sfu/rooms.js';

/** Progress ticks every second or two: hosts hear at most this often, and a state change at once. */
const MIN_INTERVAL_MS = 1_000;

interface Entry {
  status: BroadcastStatus;
  sentAt: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * The `broadcastStatus` each conference's hosts see: the recording and the
 * livestream merged into one message, throttled, sent to the room's hosts
 * (and kept by the room for hosts who join later).
 */
export class BroadcastFeed {
  readonly #rooms: Rooms;
  readonly #entries = new Map<string, Entry>();

  constructor(rooms: Rooms) {
    this.#rooms = rooms;
  }

  get(conferenceId: string): BroadcastStatus {
    return this.#entries.get(conferenceId)?.status ?? { recording: null, live: null };
  }

  recording(conferenceId: string, recording: RecordingProgress | null, urgent = false): void {
    this.#update(conferenceId, { ...this.get(conferenceId), recording }, urgent);
  }

  live(conferenceId: string, live: LiveStatus | null, urgent = false): void {
    this.#update(conferenceId, { ...this.get(conferenceId), live }, urgent);
  }

  close(): void {
    for (const entry of this.#entries.values()) clearTimeout(entry.timer);
    this.#entries.clear();
  }

  #update(conferenceId: string, status: BroadcastStatus, urgent: boolean): void {
    let entry = this.#entries.get(conferenceId);
    if (!entry) this.#entries.set(conferenceId, (entry = { status, sentAt: 0, timer: undefined }));
    entry.status = status;
    if (entry.timer) {
      if (!urgent) return;
      clearTimeout(entry.timer);
      entry.timer = undefined;
    }
    const wait = urgent ? 0 : entry.sentAt + MIN_INTERVAL_MS - Date.now();
    if (wait <= 0) {
      void this.#send(conferenceId, entry);
      return;
    }
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      void this.#send(conferenceId, entry);
    }, wait);
  }

  async #send(conferenceId: string, entry: Entry): Promise<void> {
    entry.sentAt = Date.now();
    const { status } = entry;
    if (status.recording === null && status.live === null) this.#entries.delete(conferenceId);
    (await this.#rooms.find(conferenceId))?.setBroadcastStatus(status);
  }
}
