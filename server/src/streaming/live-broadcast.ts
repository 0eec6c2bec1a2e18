import {
  type EgressControl,
  egressControlChannel,
  type LiveJobData,
  LiveProgress,
  type LiveStatus,
  type LiveTarget,
  validator,
} from '@diemcau/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { JobQueues } from '../jobs/queues.js';
import type { Room } from '../sfu/room.js';
import { ProgrammeEgress } from '../egress/programme-egress.js';

const checkProgress = validator(LiveProgress);

export interface LiveDestination {
  id: string;
  name: string;
  /** The publish URL with the stream key: sent over the control channel only, never stored or logged. */
  url: string;
}

export interface LiveBroadcastDeps {
  room: Room;
  queues: JobQueues;
  publisher: Redis;
  listenIp: string;
  log: FastifyBaseLogger;
  onChange(status: LiveStatus, urgent: boolean): void;
}

export interface LiveBroadcastOptions {
  conferenceId: string;
  slug: string | null;
  destinations: LiveDestination[];
}

/**
 * One conference's livestream: a `live` job fed by the programme's egress
 * slots, answering its handshake and turning its progress into LiveStatus.
 */
export class LiveBroadcast {
  readonly jobId: string;
  readonly #deps: LiveBroadcastDeps;
  readonly #options: LiveBroadcastOptions;
  readonly #egress: ProgrammeEgress;
  #status: LiveStatus;
  #attempt = 0;
  #stopping = false;
  readonly #unwatch: () => void;
  #settle: () => void = () => undefined;
  readonly finished: Promise<void>;

  private constructor(deps: LiveBroadcastDeps, options: LiveBroadcastOptions, egress: ProgrammeEgress) {
    this.#deps = deps;
    this.#options = options;
    this.#egress = egress;
    this.jobId = `live.${options.conferenceId}.${Date.now().toString(36)}`;
    this.finished = new Promise((resolve) => (this.#settle = resolve));
    this.#status = {
      conferenceId: options.conferenceId,
      state: 'starting',
      startedAt: new Date().toISOString(),
      seconds: 0,
      hlsUrl: options.slug === null ? null : `/hls/${options.slug}/index.m3u8`,
      slate: true,
      destinations: options.destinations.map((d) => ({
        id: d.id,
        name: d.name,
        state: 'connecting',
        attempts: 0,
      })),
      error: null,
    };
    this.#unwatch = deps.queues.liveEvents.watch(this.jobId, {
      progress: (data) => void this.#onProgress(data),
      completed: () => this.#end('stopped', null),
      failed: (reason) => this.#end('failed', errorOf(reason)),
    });
    egress.onInputs = (inputs) => void this.#publish({ type: 'programme', ...inputs });
  }

  static async start(deps: LiveBroadcastDeps, options: LiveBroadcastOptions): Promise<LiveBroadcast> {
    const egress = await ProgrammeEgress.create(deps.room, deps.listenIp, deps.log);
    const broadcast = new LiveBroadcast(deps, options, egress);
    const data: LiveJobData = {
      conferenceId: options.conferenceId,
      slug: options.slug,
      ...egress.streams(),
      destinations: options.destinations.map(({ id, name }) => ({ id, name })),
    };
    try {
      await deps.queues.live.add('live', data, {
        jobId: broadcast.jobId,
        attempts: 3,
        backoff: { type: 'fixed', delay: 1_000 },
        removeOnComplete: { age: 3_600 },
        removeOnFail: { age: 24 * 3_600 },
      });
    } catch (error) {
      broadcast.#end('failed', { code: 'QUEUE_UNAVAILABLE', message: String(error) });
      throw error;
    }
    deps.log.info({ jobId: broadcast.jobId, destinations: options.destinations.length }, 'livestream queued');
    return broadcast;
  }

  get status(): LiveStatus {
    return this.#status;
  }

  /** Asks the job to stop; `finished` resolves when it has (HLS ended, relays closed). */
  async stop(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#update({ state: 'stopping' }, true);
    await this.#publish({ type: 'stop' });
    // A job that never started (no media-worker) is taken off the queue.
    const job = await this.#deps.queues.live.getJob(this.jobId);
    if (job && (await job.isWaiting())) {
      await job.remove().catch(() => undefined);
      this.#end('stopped', null);
    }
  }

  async #onProgress(data: unknown): Promise<void> {
    const checked = checkProgress(data);
    if (!checked.ok) return;
    const progress = checked.value;
    if (progress.phase === 'listening') {
      if (progress.attempt <= this.#attempt) return;
      const retaken = this.#attempt > 0;
      this.#attempt = progress.attempt;
      // A job taken up again after its stop was sent never heard it: pub/sub keeps nothing.
      if (this.#stopping) {
        await this.#publish({ type: 'stop' });
        return;
      }
      if (retaken) this.#update({ state: 'recovering' }, true);
      await this.#egress.connect(progress.host, progress.ports);
      await this.#publish({ type: 'programme', ...this.#egress.inputs() });
      const destinations: LiveTarget[] = this.#options.destinations.map(({ id, url }) => ({ id, url }));
      await this.#publish({ type: 'destinations', destinations });
      this.#deps.log.info({ jobId: this.jobId, attempt: progress.attempt }, 'livestream connected');
    } else if (progress.phase === 'keyFrame') {
      this.#egress.requestKeyFrame();
    } else if (progress.phase === 'live') {
      const names = new Map(this.#options.destinations.map((d) => [d.id, d.name]));
      const changed = progress.destinations.some(
        (d) => this.#status.destinations.find((s) => s.id === d.id)?.state !== d.state,
      );
      const warned = (progress.hlsWarning === undefined) !== (this.#status.hlsWarning === undefined);
      this.#update(
        {
          state: this.#stopping ? 'stopping' : 'live',
          seconds: progress.seconds,
          slate: progress.slate,
          destinations: progress.destinations.map(({ seconds: _seconds, ...d }) => ({
            ...d,
            name: names.get(d.id) ?? d.id,
          })),
          // Undefined once space is back: JSON leaves the field out.
          hlsWarning: progress.hlsWarning,
        },
        changed || warned || this.#status.state !== 'live',
      );
    }
  }

  async #publish(message: EgressControl): Promise<void> {
    await this.#deps.publisher
      .publish(egressControlChannel(this.jobId), JSON.stringify(message))
      .catch((error: unknown) => this.#deps.log.warn({ err: error, jobId: this.jobId }, 'control not sent'));
  }

  #update(patch: Partial<LiveStatus>, urgent: boolean): void {
    this.#status = { ...this.#status, ...patch };
    this.#deps.onChange(this.#status, urgent);
  }

  #end(state: 'stopped' | 'failed', error: LiveStatus['error']): void {
    if (this.#status.state === 'stopped' || this.#status.state === 'failed') return;
    this.#unwatch();
    this.#egress.close();
    this.#stopping = true;
    this.#update(
      {
        state,
        error,
        hlsWarning: undefined,
        destinations: this.#status.destinations.map((d) => ({ ...d, state: 'stopped' as const })),
      },
      true,
    );
    this.#settle();
  }
}

/** BullMQ's failedReason `CODE: message` (the media-worker's convention), or a plain message. */
function errorOf(reason: string): { code: string; message: string } {
  const match = /^([A-Z][A-Z_]+): (.*)$/s.exec(reason);
  return match ? { code: match[1]!, message: match[2]! } : { code: 'LIVE_FAILED', message: reason };
}
