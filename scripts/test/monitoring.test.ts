// The monitoring files in docker/ against the code: the dashboard and Prometheus files parse, and
// every metric their PromQL names is one the server's or the media-worker's registry exports.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MediaWorkerMetrics } from '../../media-worker/src/metrics.js';
import { countHttpResponses, createMetrics } from '../../server/src/metrics.js';
import type { WorkerPool } from '../../server/src/sfu/worker-pool.js';
import { metricNames } from './promql-names.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file: string) => readFileSync(path.join(REPO, file), 'utf8');

interface Panel {
  title: string;
  targets?: { expr: string }[];
  panels?: Panel[];
}
interface Rules {
  groups: { name: string; rules: { alert: string; expr: string }[] }[];
}

/** The series names a registry exposes: a histogram's or a summary's name with its suffixes. */
async function exported(registry: Registry): Promise<string[]> {
  return (await registry.getMetricsAsJSON()).flatMap(({ name, type }) => {
    const suffixes =
      String(type) === 'histogram'
        ? ['_bucket', '_sum', '_count']
        : String(type) === 'summary'
          ? ['', '_sum', '_count']
          : [''];
    return suffixes.map((suffix) => name + suffix);
  });
}

async function registeredNames(): Promise<Set<string>> {
  const pool = { alive: [], size: 0, on: () => pool } as unknown as WorkerPool;
  const server = createMetrics({
    pool,
    rooms: { openRooms: [] },
    recordings: { running: 0 },
    live: { statuses: () => [] },
    checks: {},
  });
  countHttpResponses(server);
  const worker = new MediaWorkerMetrics({
    dirs: {},
    minFreeDiskMb: 0,
    readiness: () => Promise.reject(new Error('none')),
  });
  // `up` is Prometheus's own, one per scrape target.
  return new Set(['up', ...(await exported(server)), ...(await exported(worker.registry))]);
}

const dashboard = JSON.parse(read('docker/grafana/dashboards/diemcau.json')) as {
  uid: string;
  panels: Panel[];
};
const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
const rules = parse(read('docker/prometheus/alerts.yml')) as Rules;
const alerts = rules.groups.flatMap((g) => g.rules);

describe('the Grafana dashboard and the Prometheus files', () => {
  it('parse, and name the jobs the dashboard and the rules select', () => {
    expect(dashboard.uid).toBe('diemcau');
    const prometheus = parse(read('docker/prometheus/prometheus.yml')) as {
      rule_files: string[];
      scrape_configs: { job_name: string }[];
    };
    expect(prometheus.scrape_configs.map((c) => c.job_name).sort()).toEqual([
      'diemcau-media-worker',
      'diemcau-server',
    ]);
    expect(prometheus.rule_files).toEqual(['/etc/prometheus/alerts.yml']);
    for (const file of ['datasources/prometheus.yml', 'dashboards/diemcau.yml']) {
      expect(parse(read(`docker/grafana/provisioning/${file}`)), file).toHaveProperty('apiVersion', 1);
    }
  });

  it('uses only metrics the server and the media-worker export', async () => {
    const known = await registeredNames();
    const queries = [
      ...panels.flatMap((p) => (p.targets ?? []).map((t) => ({ where: `panel "${p.title}"`, expr: t.expr }))),
      ...alerts.map((a) => ({ where: `alert ${a.alert}`, expr: a.expr })),
    ];
    expect(queries.length).toBeGreaterThan(20);
    for (const { where, expr } of queries) {
      const names = metricNames(expr);
      expect(names.length, `${where} names no metric: ${expr}`).toBeGreaterThan(0);
      expect(
        names.filter((name) => !known.has(name)),
        `${where}: ${expr}`,
      ).toEqual([]);
    }
  });

  it('has a panel for every concern and an alert for each failure that matters', () => {
    const used = new Set(panels.flatMap((p) => (p.targets ?? []).flatMap((t) => metricNames(t.expr))));
    for (const name of [
      'diemcau_mediasoup_workers',
      'diemcau_mediasoup_worker_cpu_seconds',
      'diemcau_mediasoup_consumers',
      'diemcau_mediasoup_producers',
      'diemcau_rooms',
      'diemcau_peers',
      'diemcau_recordings_active',
      'diemcau_livestreams',
      'diemcau_live_destinations',
      'diemcau_media_worker_relay_retries_total',
      'diemcau_media_worker_jobs_active',
      'diemcau_media_worker_job_failures_total',
      'diemcau_media_worker_disk_free_bytes',
      'diemcau_http_responses_total',
    ]) {
      expect(used.has(name), name).toBe(true);
    }
    expect(alerts.map((a) => a.alert)).toEqual(
      expect.arrayContaining([
        'DiemcauMediasoupWorkerRestarted',
        'DiemcauDestinationRetrying',
        'DiemcauDiskLow',
        'DiemcauMediaWorkerDown',
        'DiemcauServerNotReady',
      ]),
    );
  });
});

describe('metricNames', () => {
  it('finds the metrics of a query, not its functions, labels, ranges or variables', () => {
    expect(
      metricNames(
        'sum by (worker) (rate(diemcau_mediasoup_worker_cpu_seconds{job=~"$server_job",worker!="x"}[$__rate_interval]))',
      ),
    ).toEqual(['diemcau_mediasoup_worker_cpu_seconds']);
    expect(
      metricNames('a_free < on (job, instance) group_left () (2 * b_min) and ignoring(dir) c offset 5m'),
    ).toEqual(['a_free', 'b_min', 'c']);
    expect(metricNames('absent(up{job="x"}) or vector(0)')).toEqual(['up']);
  });
});
