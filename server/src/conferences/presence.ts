/**
 * Which invited points are connected to a conference right now, as told by this
 * process's signalling layer (it calls `connected`/`disconnected` for each socket
 * session). It is memory only: after a restart every point reconnects and is
 * counted again. Keyed by session so that when a point's newer session takes over,
 * the older one leaving does not mark the point offline.
 */
export class PointPresence {
  readonly #sessions = new Map<string, Map<string, Set<string>>>();

  connected(conferenceId: string, pointId: string, sessionId: string): void {
    let points = this.#sessions.get(conferenceId);
    if (!points) this.#sessions.set(conferenceId, (points = new Map()));
    let sessions = points.get(pointId);
    if (!sessions) points.set(pointId, (sessions = new Set()));
    sessions.add(sessionId);
  }

  disconnected(conferenceId: string, pointId: string, sessionId: string): void {
    const points = this.#sessions.get(conferenceId);
    const sessions = points?.get(pointId);
    if (!points || !sessions) return;
    sessions.delete(sessionId);
    if (sessions.size === 0) points.delete(pointId);
    if (points.size === 0) this.#sessions.delete(conferenceId);
  }

  isOnline(conferenceId: string, pointId: string): boolean {
    return this.#sessions.get(conferenceId)?.has(pointId) ?? false;
  }

  /** Forgets a conference that has ended. */
  clear(conferenceId: string): void {
    this.#sessions.delete(conferenceId);
  }
}
