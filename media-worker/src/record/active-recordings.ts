/**
 * The record jobs running in this process, so a graceful shutdown can hand
 * them over: each stops its ffmpeg with `q` (segments complete) and puts its
 * job back in the queue for another worker, instead of waiting to be found stalled.
 */
export class ActiveRecordings {
  private readonly running = new Set<Promise<unknown>>();
  private suspend = (): void => undefined;
  /** Resolves once shutdown begins; a job started after that hands over at once. */
  readonly suspended = new Promise<void>((resolve) => (this.suspend = resolve));

  /** Tracks one job until `done` settles. */
  track(done: Promise<unknown>): void {
    const settled = done.then(
      () => undefined,
      () => undefined,
    );
    this.running.add(settled);
    void settled.then(() => this.running.delete(settled));
  }

  /** Asks every job to hand over and resolves when all have. */
  async suspendAll(): Promise<void> {
    this.suspend();
    await Promise.all(this.running);
  }
}
