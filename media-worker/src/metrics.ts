// The media-worker's Prometheus registry: jobs running by kind, failures by code, relay
// retries, free disk under DATA_DIR and readiness; served at /metrics on its health port.
import type { ServerResponse } from 'node:http';
import {
  CodedError,
  type DestinationStatus,
  EgressErrorCode,
  ErrorCode,
  type MediaWorkerReadiness,
} from '@diemcau/protocol';
import { WaitingError } from 'bullmq';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { freeBytes } from './egress/disk-space.js';

/** What a job produces: one hall's track, the programme recording, or a livestream. */
export type JobKind = 'track' | 'programme' | 'live';
const JOB_KINDS: readonly JobKind[] = ['track', 'programme', 'live'];

/** The codes a failure may be counted under; anything else is `OTHER`, so the label stays bounded. */
const KNOWN_CODES = new Set<string>(
  [...EgressErrorCode.anyOf, ...ErrorCode.anyOf].map((member) => String(member.const)),
);

/**
 * The stable code of a job's failure: a CodedError's, or the `CODE: …` prefix BullMQ's
 * failedReason carries (UnrecoverableError); `OTHER` for an unknown or uncoded one.
 */
export function failureCode(error: unknown): string {
  const code =
    error instanceof CodedError
      ? String(error.code)
      : /^([A-Z][A-Z0-9_]*): /.exec(error instanceof Error ? error.message : '')?.[1];
  return code !== undefined && KNOWN_CODES.has(code) ? code : 'OTHER';
}

export interface MediaWorkerMetricsOptions {
  /** The folders outputs go to, each measured as `dir="<name>"`: DATA_DIR/recordings and DATA_DIR/hls. */
  dirs: Record<string, string>;
  /** MIN_FREE_DISK_MB, exported beside the free space so an alert can compare the two. */
  minFreeDiskMb: number;
  readiness(): Promise<MediaWorkerReadiness>;
}

/** The counters the queue workers feed, and the registry /metrics serves. */
export class MediaWorkerMetrics {
  readonly registry = new Registry();
  readonly #active: Gauge;
  readonly #failures: Counter;
  readonly #retries: Counter;

  constructor({ dirs, minFreeDiskMb, readiness }: MediaWorkerMetricsOptions) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.#active = new Gauge({
      name: 'diemcau_media_worker_jobs_active',
      help: 'Jobs this media-worker runs now, by kind (track, programme, live)',
      labelNames: ['kind'],
      registers,
    });
    for (const kind of JOB_KINDS) this.#active.set({ kind }, 0);
    this.#failures = new Counter({
      name: 'diemcau_media_worker_job_failures_total',
      help: 'Job attempts that failed, by kind and stable code (DISK_FULL, ENCODER_FAILED, …; OTHER)',
      labelNames: ['kind', 'code'],
      registers,
    });
    this.#retries = new Counter({
      name: 'diemcau_media_worker_relay_retries_total',
      help: 'Livestream destination connections that failed and are retried after a backoff',
      registers,
    });
    new Gauge({
      name: 'diemcau_media_worker_disk_free_bytes',
      help: 'Bytes this process may still write on the disk of each output folder',
      labelNames: ['dir'],
      registers,
      async collect() {
        this.reset();
        await Promise.all(
          Object.entries(dirs).map(async ([dir, folder]) => {
            // A folder not made yet (nothing recorded) has no series rather than a wrong one.
            const free = await freeBytes(folder).catch(() => undefined);
            if (free !== undefined) this.set({ dir }, free);
          }),
        );
      },
    });
    new Gauge({
      name: 'diemcau_media_worker_disk_min_free_bytes',
      help: 'Free space outputs keep (MIN_FREE_DISK_MB): below it a recording stops (DISK_FULL); 0: no guard',
      registers,
    }).set(minFreeDiskMb * 1024 * 1024);
    new Gauge({
      name: 'diemcau_media_worker_ready',
      help: 'Whether each dependency /readyz checks is usable (1) or not (0)',
      labelNames: ['check'],
      registers,
      async collect() {
        const report = await readiness().catch(() => undefined);
        if (report === undefined) return;
        for (const [check, result] of Object.entries(report.checks)) this.set({ check }, result.ok ? 1 : 0);
      },
    });
  }

  /** Counts `done` as a running job of `kind` until it settles, and its failure by code; returns it. */
  track<T>(kind: JobKind, done: Promise<T>): Promise<T> {
    this.#active.inc({ kind });
    done.then(
      () => this.#active.dec({ kind }),
      (error: unknown) => {
        this.#active.dec({ kind });
        // A hand-over to another worker at shutdown is no failure.
        if (!(error instanceof WaitingError)) this.#failures.inc({ kind, code: failureCode(error) });
      },
    );
    return done;
  }

  /** A relay's status change: each `retrying` is one failed connection. */
  readonly relayChanged = (status: DestinationStatus): void => {
    if (status.state === 'retrying') this.#retries.inc();
  };
}

/** Answers a scrape with the registry's text exposition. */
export function serveMetrics(res: ServerResponse, registry: Registry): void {
  registry.metrics().then(
    (text) => {
      res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
      res.end(text);
    },
    () => {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('metrics unavailable\n');
    },
  );
}
