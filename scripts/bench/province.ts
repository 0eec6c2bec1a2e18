import os from 'node:os';
import { percentile, summarize, type Summary } from '../../server/test/helpers/bench-report.js';
import { recordCpu, type CpuRecord } from '../../server/test/helpers/proc-cpu.js';
import { Fleet, type JoinOutcome } from './generator/fleet.js';
import type { JoinTimes } from './generator/messages.js';
import { prepareClip } from './generator/point-media.js';
import { SyntheticPoint } from './generator/synthetic-point.js';
import { residentMiB, startStack, type Stack } from './server-stack.js';
import { sleep } from './scenario.js';
import { traffic, type Traffic } from './traffic.js';
import { dropsBetween, udpDropSnapshot } from './udp-drops.js';

/*
 * A province's conference under load: the built server in its own process
 * with plain SRTP transports on, a synthetic host in this process, and the
 * synthetic halls in the generator's processes, each entering with its own
 * join link from its own (proxied) address, as a hall does.
 */

export interface ProvinceOptions {
  halls: number;
  workers: number;
  processes: number;
  redisDb: number;
}

export interface Province {
  stack: Stack;
  host: SyntheticPoint;
  fleet: Fleet;
  close(): Promise<void>;
}

export async function startProvince(options: ProvinceOptions): Promise<Province> {
  await prepareClip();
  const stack = await startStack({
    halls: options.halls,
    workers: options.workers,
    mediaWorker: false,
    redisDb: options.redisDb,
    // The halls' addresses come in X-Forwarded-For, as behind the reverse proxy of a deployment.
    env: { PLAIN_RTP_TRANSPORTS: 'on', TRUST_PROXY: '127.0.0.1' },
  });
  let host: SyntheticPoint | undefined;
  let fleet: Fleet | undefined;
  const close = async () => {
    await fleet?.close();
    await host?.close();
    await stack.close();
  };
  try {
    ({ point: host } = await SyntheticPoint.join(stack.base, {
      index: 0,
      name: 'Tỉnh (chủ trì)',
      sends: true,
      entry: { kind: 'host', session: stack.hostToken, conferenceId: stack.conferenceId },
    }));
    fleet = new Fleet(options.processes);
    return { stack, host, fleet, close };
  } catch (error) {
    console.error(stack.logs());
    await close();
    throw error;
  }
}

/** Hall i's join order: its link, from an address of its own. */
const hallOrder = (province: Province, i: number, sends: boolean) => ({
  index: i + 1,
  sends,
  name: `Xã ${i + 1}`,
  entry: {
    kind: 'link' as const,
    link: province.stack.linkTokens[i]!,
    forwardedFor: `10.${Math.floor((i + 1) / 250)}.${(i + 1) % 250}.1`,
  },
});

/** Every hall joins, hall i at i·spreadMs/halls from now; resolves with each outcome. */
export async function joinHalls(province: Province, spreadMs: number, sends = true): Promise<JoinOutcome[]> {
  const halls = province.stack.linkTokens.length;
  const start = performance.now();
  return Promise.all(
    Array.from({ length: halls }, async (_, i) => {
      await sleep(Math.max(0, start + (i * spreadMs) / halls - performance.now()));
      return province.fleet.join(province.stack.base, hallOrder(province, i, sends));
    }),
  );
}

export interface JoinFigures {
  joined: number;
  failed: number;
  /** In the room and sending, from the first request: p50/p95/max ms. */
  joinMs: { p50: number; p95: number; max: number } | null;
  /** Each step's p50 and max. */
  stepsMs: Record<Exclude<keyof JoinTimes, 'total'>, { p50: number; max: number }> | null;
  failures: string[];
}

export function joinFigures(outcomes: readonly JoinOutcome[]): JoinFigures {
  const ok = outcomes.flatMap((o) => (o.ok ? [o.times] : []));
  const failures = outcomes.flatMap((o) => (o.ok ? [] : [`hall ${o.index}: ${o.code} ${o.message}`]));
  const sorted = (values: number[]) => values.sort((a, b) => a - b);
  const round = Math.round;
  const total = sorted(ok.map((t) => t.total));
  const step = (name: Exclude<keyof JoinTimes, 'total'>) => {
    const values = sorted(ok.map((t) => t[name]));
    return { p50: round(percentile(values, 50)), max: round(values.at(-1)!) };
  };
  return {
    joined: ok.length,
    failed: failures.length,
    joinMs:
      total.length === 0
        ? null
        : { p50: round(percentile(total, 50)), p95: round(percentile(total, 95)), max: round(total.at(-1)!) },
    stepsMs:
      ok.length === 0
        ? null
        : {
            link: step('link'),
            connect: step('connect'),
            join: step('join'),
            transports: step('transports'),
            produce: step('produce'),
          },
    failures,
  };
}

export interface WindowFigures {
  seconds: number;
  /** % of one core, per second sampled. */
  cpu: {
    server: Summary | null;
    workers: { pid: number; cpu: Summary | null }[];
    generator: Summary | null;
  };
  memoryMiB: { server: number | null; workers: (number | null)[] };
  /** What the server's /metrics says each worker carries at the end. */
  carried: { worker: string; routers: number; transports: number; producers: number; consumers: number }[];
  traffic: Traffic;
  /** Datagrams dropped for a full socket receive buffer during the window: where loss happened. */
  udpDrops: { workers: number; generator: number };
}

/** Samples CPU every second for `seconds` while the conference runs, and what the halls received meanwhile. */
export async function measureWindow(province: Province, seconds: number): Promise<WindowFigures> {
  const { stack, fleet, host } = province;
  const workerPids = await stack.mediasoupPids();
  const serverPid = stack.server.child.pid!;
  const generatorPids = [process.pid, ...fleet.pids];
  const before = [...(await fleet.snapshot()), ...host.counters()];
  const dropsBefore = { workers: udpDropSnapshot(workerPids), generator: udpDropSnapshot(generatorPids) };
  const cpu: CpuRecord = await recordCpu(
    () =>
      new Map([
        [serverPid, 'server'],
        ...workerPids.map((pid): [number, string] => [pid, `worker ${pid}`]),
        ...generatorPids.map((pid): [number, string] => [pid, 'generator']),
      ]),
    seconds,
  );
  const after = [...(await fleet.snapshot()), ...host.counters()];
  const udpDrops = {
    workers: dropsBetween(dropsBefore.workers, udpDropSnapshot(workerPids)),
    generator: dropsBetween(dropsBefore.generator, udpDropSnapshot(generatorPids)),
  };
  const metrics = await stack.metrics();
  const series = (label: string) =>
    summarize(cpu.steps.filter((s) => s.has(label)).map((s) => s.get(label)!));
  const carried = [...metrics.keys()].flatMap((name) => {
    const worker = /^diemcau_mediasoup_consumers\{worker="(\d+)"\}$/.exec(name)?.[1];
    if (worker === undefined) return [];
    const of = (what: string) => metrics.get(`diemcau_mediasoup_${what}{worker="${worker}"}`) ?? 0;
    return [
      {
        worker,
        routers: of('routers'),
        transports: of('transports'),
        producers: of('producers'),
        consumers: of('consumers'),
      },
    ];
  });
  return {
    seconds: Math.round(cpu.seconds * 10) / 10,
    cpu: {
      server: series('server'),
      workers: workerPids.map((pid) => ({ pid, cpu: series(`worker ${pid}`) })),
      generator: series('generator'),
    },
    memoryMiB: {
      server: residentMiB(serverPid) ?? null,
      workers: workerPids.map((pid) => residentMiB(pid) ?? null),
    },
    carried,
    traffic: traffic(before, after, cpu.seconds),
    udpDrops,
  };
}

export const cores = (): number => os.cpus().length;
