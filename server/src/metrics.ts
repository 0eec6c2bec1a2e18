// The server's Prometheus registry: mediasoup workers and what they carry, rooms and peers,
// recordings, livestreams and their destinations, readiness. Label values are bounded sets.
import {
  type DependencyCheck,
  DestinationState,
  LiveState,
  PeerRole,
  type LiveStatus,
} from '@diemcau/protocol';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Room } from './sfu/room.js';
import type { WorkerPool } from './sfu/worker-pool.js';

/** What the server's metrics read at each scrape. */
export interface MetricSources {
  pool: WorkerPool;
  rooms: { readonly openRooms: readonly Room[] };
  recordings: { readonly running: number };
  live: { statuses(): LiveStatus[] };
  /** The same checks as /readyz, one gauge series each. */
  checks: Record<string, () => Promise<DependencyCheck>>;
}

/** The values of a union of string literals, so every label value has a series from the start (0). */
const literals = (union: { anyOf: readonly { const: unknown }[] }): string[] =>
  union.anyOf.map((member) => String(member.const));

/** How many of `items` fall on each of `values` (all present, 0 for none). */
function countBy<T>(values: readonly string[], items: Iterable<T>, key: (item: T) => string) {
  const counts = new Map(values.map((value) => [value, 0]));
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/** A registry per server instance (not prom-client's global one), so tests can run several. */
export function createMetrics(sources: MetricSources): Registry {
  const { pool } = sources;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  new Gauge({
    name: 'diemcau_mediasoup_workers_configured',
    help: 'mediasoup worker processes this server runs when all are alive (MEDIASOUP_WORKERS)',
    registers: [registry],
    collect() {
      this.set(pool.size);
    },
  });

  new Gauge({
    name: 'diemcau_mediasoup_workers',
    help: 'mediasoup worker processes alive',
    registers: [registry],
    collect() {
      this.set(pool.alive.length);
    },
  });

  new Gauge({
    name: 'diemcau_mediasoup_worker_cpu_seconds',
    help: 'CPU time (user + system) used by each mediasoup worker since it started; rate() gives its CPU share',
    labelNames: ['worker', 'pid'],
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        pool.alive.map(async ({ index, worker }) => {
          const usage = await worker.getResourceUsage().catch(() => undefined);
          if (!usage) return;
          // mediasoup reports ru_utime/ru_stime in milliseconds.
          this.set(
            { worker: String(index), pid: String(worker.pid) },
            (usage.ru_utime + usage.ru_stime) / 1000,
          );
        }),
      );
    },
  });

  // What each worker carries, for capacity planning: consumers per worker against mediasoup's ~500.
  for (const what of ['routers', 'transports', 'producers', 'consumers'] as const) {
    new Gauge({
      name: `diemcau_mediasoup_${what}`,
      help: `mediasoup ${what} open on each worker`,
      labelNames: ['worker'],
      registers: [registry],
      collect() {
        this.reset();
        for (const { index, census } of pool.alive) this.set({ worker: String(index) }, census.counts[what]);
      },
    });
  }

  const restarts = new Counter({
    name: 'diemcau_mediasoup_worker_restarts_total',
    help: 'mediasoup workers that died and were replaced',
    registers: [registry],
  });
  pool.on('workerDied', () => restarts.inc());

  addConferenceMetrics(registry, sources);
  return registry;
}

/** Counts each HTTP answer by status class (`2xx` … `5xx`): returns what to call with its status code. */
export function countHttpResponses(registry: Registry): (statusCode: number) => void {
  const responses = new Counter({
    name: 'diemcau_http_responses_total',
    help: 'HTTP answers sent, by status class (2xx, 3xx, 4xx, 5xx)',
    labelNames: ['class'],
    registers: [registry],
  });
  for (const c of ['2xx', '3xx', '4xx', '5xx']) responses.inc({ class: c }, 0);
  return (statusCode) => responses.inc({ class: `${Math.floor(statusCode / 100)}xx` });
}

/** Rooms, peers, recordings, livestreams and readiness: read from their owners at each scrape. */
function addConferenceMetrics(registry: Registry, { rooms, recordings, live, checks }: MetricSources): void {
  new Gauge({
    name: 'diemcau_rooms',
    help: 'Conference rooms open on this server',
    registers: [registry],
    collect() {
      this.set(rooms.openRooms.length);
    },
  });

  const roles = literals(PeerRole);
  new Gauge({
    name: 'diemcau_peers',
    help: 'Peers in the open rooms, by role (host, point)',
    labelNames: ['role'],
    registers: [registry],
    collect() {
      const peers = rooms.openRooms.flatMap((room) => room.peers);
      for (const [role, n] of countBy(roles, peers, (peer) => peer.role)) this.set({ role }, n);
    },
  });

  new Gauge({
    name: 'diemcau_recordings_active',
    help: 'Recordings running on this server',
    registers: [registry],
    collect() {
      this.set(recordings.running);
    },
  });

  const liveStates = literals(LiveState);
  new Gauge({
    name: 'diemcau_livestreams',
    help: 'Livestreams of this server, by state (starting, live, recovering, stopping, …)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      for (const [state, n] of countBy(liveStates, live.statuses(), (s) => s.state)) this.set({ state }, n);
    },
  });

  const destinationStates = literals(DestinationState);
  new Gauge({
    name: 'diemcau_live_destinations',
    help: 'RTMP(S) destinations of the running livestreams, by state (connecting, live, retrying, stopped)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const destinations = live.statuses().flatMap((s) => s.destinations);
      for (const [state, n] of countBy(destinationStates, destinations, (d) => d.state))
        this.set({ state }, n);
    },
  });

  new Gauge({
    name: 'diemcau_ready',
    help: 'Whether each dependency /readyz checks is usable (1) or not (0)',
    labelNames: ['check'],
    registers: [registry],
    async collect() {
      await Promise.all(
        Object.entries(checks).map(async ([check, run]) => {
          const ok = await run().then(
            (result) => result.ok,
            () => false,
          );
          this.set({ check }, ok ? 1 : 0);
        }),
      );
    },
  });
}
