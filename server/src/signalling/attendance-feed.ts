import type { LiveAttendance } from '@diemcau/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { Rooms } from '../sfu/rooms.js';

export const ATTENDANCE_INTERVAL_MS = 1_000;

/**
 * Sends a room's hosts the live attendance totals when joins, leaves or
 * headcounts change them: at most once per `intervalMs` per conference, since
 * 123 halls joining at the start would otherwise mean 123 reads of the timeline.
 */
export class AttendanceFeed {
  readonly #pending = new Map<string, NodeJS.Timeout>();
  readonly #lastSent = new Map<string, number>();

  constructor(
    readonly totals: (conferenceId: string) => Promise<LiveAttendance>,
    readonly rooms: Pick<Rooms, 'find'>,
    readonly log: FastifyBaseLogger,
    readonly intervalMs = ATTENDANCE_INTERVAL_MS,
  ) {}

  /** The conference's attendance changed (after the change is persisted). */
  changed(conferenceId: string): void {
    if (this.#pending.has(conferenceId)) return;
    const last = this.#lastSent.get(conferenceId) ?? -Infinity;
    const delay = Math.max(0, last + this.intervalMs - Date.now());
    const timer = setTimeout(() => {
      this.#pending.delete(conferenceId);
      this.#lastSent.set(conferenceId, Date.now());
      this.#send(conferenceId).catch((error: unknown) =>
        this.log.error({ err: error, conferenceId }, 'cannot send live attendance'),
      );
    }, delay);
    this.#pending.set(conferenceId, timer.unref());
  }

  async #send(conferenceId: string): Promise<void> {
    const room = await this.rooms.find(conferenceId);
    const hosts = room?.peers.filter((p) => p.role === 'host') ?? [];
    if (hosts.length === 0) {
      this.#lastSent.delete(conferenceId);
      return;
    }
    const totals = await this.totals(conferenceId);
    for (const host of hosts) if (!host.closed) host.notify('attendance', totals);
  }
}
