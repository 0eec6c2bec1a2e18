// The egress jobs (recordings and livestreams) running in this process, so a
// graceful shutdown can hand each back to the queue instead of leaving it to be found stalled.

/**
 * Each job, told to hand over, stops its ffmpeg cleanly (a recorder finishes
 * its segment on `q`, a livestream's encoder its HLS segment) and puts its job
 * back in the queue for another worker.
 */
export class ActiveJobs {
  private readonly running = new Set<Promise<unknown>>();
  private suspend = (): void => undefined;
  /** Resolves once shutdown begins; a job started after that hands over at once. */
  readonly suspended = new Promise<void>((resolve) => (this.suspend = resolve));

  /** Tracks one job until `done` settles, and returns it. */
  track<T>(done: Promise<T>): Promise<T> {
    const settled = done.then(
      () => undefined,
      () => undefined,
    );
    this.running.add(settled);
    void settled.then(() => this.running.delete(settled));
    return done;
  }

  /** Asks every job to hand over and resolves when all have. */
  async suspendAll(): Promise<void> {
    this.suspend();
    await Promise.all(this.running);
  }
}
