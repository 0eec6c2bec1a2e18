// One egress job's life on the server: added, watched, the `listening` handshake, `stop`, and how it ended.
import type { EgressControl } from '@diemcau/protocol';
import { sendControl } from './control-channel.js';
import type { EgressDeps } from './egress-deps.js';
import {
  checkProgress,
  type EgressEnd,
  type EgressKind,
  jobResult,
  type KindData,
  type KindProgress,
  type KindResult,
  kindQueue,
  type Listening,
} from './job-kinds.js';

/** How long a job told to stop may take to end: the programme recording encodes its last segment, then joins them all. */
export const FINISH_TIMEOUT_MS = 180_000;

/** An ffmpeg that dies is run again (a track into a new segment); a lost worker is a stall, not an attempt. */
const JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'fixed', delay: 1_000 },
  removeOnComplete: { age: 3_600 },
  removeOnFail: { age: 24 * 3_600 },
} as const;

/** What the job's owner does with its reports. */
export interface EgressHandlers<K extends EgressKind> {
  /**
   * A new attempt listens (a higher `attempt` than any before): connect to it and send it what
   * it must know. `retaken`: an earlier attempt listened (its worker died or handed it over).
   * Not called once stopping: that attempt gets `stop` instead.
   */
  listening(listening: Listening, retaken: boolean): Promise<void>;
  /** Every other report, checked with the kind's schema. */
  progress(report: Exclude<KindProgress<K>, Listening>): void;
}

/**
 * A BullMQ job on a media-worker queue, seen from the server: it watches the
 * job before adding it, answers each new attempt's `listening` (a job taken
 * up again after `stop` never heard it, pub/sub keeps nothing, so it gets
 * `stop` again), and settles `finished` once: with the result its kind's
 * schema accepts, the job's failure, or a failure FINISH_TIMEOUT_MS after
 * `stop` (a job that never starts must not hold its owner forever).
 */
export class EgressJob<K extends EgressKind> {
  readonly finished: Promise<EgressEnd<KindResult<K>>>;
  readonly #deps: Pick<EgressDeps, 'queues' | 'publisher' | 'log'>;
  readonly #handlers: EgressHandlers<K>;
  #settle: (end: EgressEnd<KindResult<K>>) => void = () => undefined;
  #unwatch: () => void = () => undefined;
  #attempt = 0;
  #stopping = false;
  #ended = false;
  #timeout: NodeJS.Timeout | undefined;

  constructor(
    deps: Pick<EgressDeps, 'queues' | 'publisher' | 'log'>,
    readonly kind: K,
    readonly id: string,
    handlers: EgressHandlers<K>,
  ) {
    this.#deps = deps;
    this.#handlers = handlers;
    this.finished = new Promise((resolve) => (this.#settle = resolve));
  }

  get stopping(): boolean {
    return this.#stopping;
  }

  /** Watches the job, then adds it, so no report is missed; a queue that refuses it ends it `unqueued`. */
  async add(data: KindData<K>): Promise<void> {
    const { queue, events } = this.#deps.queues.of(kindQueue(this.kind));
    this.#unwatch = events.watch(this.id, {
      progress: (report) => void this.#onProgress(report),
      completed: () => void this.#onCompleted(),
      failed: (reason) => this.#end({ state: 'failed', reason }),
    });
    try {
      await queue.add(queue.name, data, { jobId: this.id, ...JOB_OPTIONS });
    } catch (error) {
      this.#end({ state: 'unqueued', error });
      throw error;
    }
  }

  /** Asks the job to stop; `finished` settles when it has, or FINISH_TIMEOUT_MS from now. */
  async stop(): Promise<void> {
    if (this.#stopping || this.#ended) return;
    this.#stopping = true;
    this.#timeout = setTimeout(
      () => this.#end({ state: 'failed', reason: `not finished ${FINISH_TIMEOUT_MS} ms after stop` }),
      FINISH_TIMEOUT_MS,
    ).unref();
    await this.send({ type: 'stop' });
  }

  /** Takes the job off the queue if no media-worker has taken it up; true if it was (`withdrawn`). */
  async withdraw(): Promise<boolean> {
    const job = await this.#deps.queues.of(kindQueue(this.kind)).queue.getJob(this.id);
    if (!job || !(await job.isWaiting())) return false;
    await job.remove().catch(() => undefined);
    this.#end({ state: 'withdrawn' });
    return true;
  }

  /** Publishes a control message to the job; a failure is logged, as the next `listening` sends again. */
  async send(message: EgressControl): Promise<void> {
    await sendControl(this.#deps.publisher, this.id, message).catch((error: unknown) =>
      this.#deps.log.warn({ err: error, jobId: this.id }, 'control not sent'),
    );
  }

  async #onProgress(data: unknown): Promise<void> {
    const checked = checkProgress(this.kind, data);
    if (!checked.ok || this.#ended) return;
    const report = checked.value;
    if (report.phase !== 'listening') {
      this.#handlers.progress(report as Exclude<KindProgress<K>, Listening>);
      return;
    }
    const listening = report as Listening;
    if (listening.attempt <= this.#attempt) return;
    const retaken = this.#attempt > 0;
    this.#attempt = listening.attempt;
    if (this.#stopping) {
      await this.send({ type: 'stop' });
      return;
    }
    await this.#handlers
      .listening(listening, retaken)
      .catch((error: unknown) =>
        this.#deps.log.error({ err: error, jobId: this.id }, 'cannot connect to the egress job'),
      );
  }

  async #onCompleted(): Promise<void> {
    try {
      const job = await this.#deps.queues.of(kindQueue(this.kind)).queue.getJob(this.id);
      this.#end(jobResult(this.kind, job?.returnvalue));
    } catch (error) {
      this.#end({ state: 'failed', reason: error instanceof Error ? error.message : String(error) });
    }
  }

  #end(end: EgressEnd<KindResult<K>>): void {
    if (this.#ended) return;
    this.#ended = true;
    clearTimeout(this.#timeout);
    this.#unwatch();
    this.#settle(end);
  }
}
