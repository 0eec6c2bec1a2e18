import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { WorkerPool } from './sfu/worker-pool.js';

/** A registry per server instance (not prom-client's global one), so tests can run several. */
export function createMetrics(pool: WorkerPool): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

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

  return registry;
}
