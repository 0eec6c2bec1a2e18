/** One raised hand. */
export interface FloorEntry {
  peerId: string;
  pointId: string;
  name: string;
  since: string;
}

/** The points asking for the floor, the oldest first; a hand raised twice keeps its place. */
export class FloorQueue {
  readonly #entries = new Map<string, FloorEntry>();

  /** Whether the queue changed. */
  raise(entry: FloorEntry): boolean {
    if (this.#entries.has(entry.peerId)) return false;
    this.#entries.set(entry.peerId, entry);
    return true;
  }

  /** Whether the queue changed. */
  remove(peerId: string): boolean {
    return this.#entries.delete(peerId);
  }

  has(peerId: string): boolean {
    return this.#entries.has(peerId);
  }

  /** Ordered by the time each hand went up (insertion order is that order). */
  entries(): FloorEntry[] {
    return [...this.#entries.values()];
  }
}
