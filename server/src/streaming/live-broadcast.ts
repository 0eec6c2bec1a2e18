import type { LiveJobData, LiveStatus, LiveTarget } from '@diemcau/protocol';
import type { EgressDeps } from '../egress/egress-deps.js';
import { EgressJob } from '../egress/egress-job.js';
import type { EgressEnd, KindProgress, Listening } from '../egress/job-kinds.js';
import { ProgrammeEgress } from '../egress/programme-egress.js';

export interface LiveDestination {
  id: string;
  name: string;
  /** The publish URL with the stream key: sent over the control channel only, never stored or logged. */
  url: string;
}

export interface LiveBroadcastDeps extends EgressDeps {
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
  readonly #job: EgressJob<'live'>;
  #status: LiveStatus;
  #stopping = false;
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
    this.#job = new EgressJob(deps, 'live', this.jobId, {
      listening: (listening, retaken) => this.#connect(listening, retaken),
      progress: (report) => this.#onReport(report),
    });
    void this.#job.finished.then((end) => this.#onEnd(end));
    egress.onInputs = (inputs) => void this.#job.send({ type: 'programme', ...inputs });
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
    await broadcast.#job.add(data);
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
    await this.#job.stop();
    // A job that never started (no media-worker) is taken off the queue.
    await this.#job.withdraw();
  }

  async #connect({ host, ports, attempt }: Listening, retaken: boolean): Promise<void> {
    if (retaken) this.#update({ state: 'recovering' }, true);
    await this.#egress.connect(host, ports);
    await this.#job.send({ type: 'programme', ...this.#egress.inputs() });
    const destinations: LiveTarget[] = this.#options.destinations.map(({ id, url }) => ({ id, url }));
    await this.#job.send({ type: 'destinations', destinations });
    this.#deps.log.info({ jobId: this.jobId, attempt }, 'livestream connected');
  }

  #onReport(report: Exclude<KindProgress<'live'>, Listening>): void {
    if (report.phase === 'keyFrame') {
      this.#egress.requestKeyFrame();
    } else if (report.phase === 'live') {
      const names = new Map(this.#options.destinations.map((d) => [d.id, d.name]));
      const changed = report.destinations.some(
        (d) => this.#status.destinations.find((s) => s.id === d.id)?.state !== d.state,
      );
      const warned = (report.hlsWarning === undefined) !== (this.#status.hlsWarning === undefined);
      this.#update(
        {
          state: this.#stopping ? 'stopping' : 'live',
          seconds: report.seconds,
          slate: report.slate,
          destinations: report.destinations.map(({ seconds: _seconds, ...d }) => ({
            ...d,
            name: names.get(d.id) ?? d.id,
          })),
          // Undefined once space is back: JSON leaves the field out.
          hlsWarning: report.hlsWarning,
        },
        changed || warned || this.#status.state !== 'live',
      );
    }
  }

  #onEnd(end: EgressEnd<undefined>): void {
    if (end.state === 'failed') this.#end('failed', errorOf(end.reason));
    else if (end.state === 'unqueued')
      this.#end('failed', { code: 'QUEUE_UNAVAILABLE', message: String(end.error) });
    else this.#end('stopped', null);
  }

  #update(patch: Partial<LiveStatus>, urgent: boolean): void {
    this.#status = { ...this.#status, ...patch };
    this.#deps.onChange(this.#status, urgent);
  }

  #end(state: 'stopped' | 'failed', error: LiveStatus['error']): void {
    if (this.#status.state === 'stopped' || this.#status.state === 'failed') return;
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
