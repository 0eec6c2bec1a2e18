import { machine, summarize, type Summary } from '../../../server/test/helpers/bench-report.js';
import { recordCpu } from '../../../server/test/helpers/proc-cpu.js';
import type { Scenario } from '../scenario.js';
import { progress } from '../scenario.js';
import { cores, joinFigures, joinHalls, startProvince } from '../province.js';

/** CPU is sampled a little past the last join: its consumers are still being made. */
const TAIL_SECONDS = 3;

const fmt = (s: Summary | null) =>
  s === null ? 'n/a' : `${s.median} % median, p95 ${s.p95} %, max ${s.max} %`;

export const joinStorm: Scenario = {
  name: 'join-storm',
  summary: 'N halls joining within T seconds, as at the start of a province conference',
  method: [
    'Each hall: its join link exchanged at POST /api/join (from its own proxied address, so',
    'the per-address join limit holds as in a deployment), socket.io handshake, router',
    'capabilities, join, two plain SRTP transports, microphone and camera produced. Join',
    'time runs from the first request to producing. The halls are the same synthetic ones',
    'as in `conference` and keep sending while the others join (--send 0: they send nothing,',
    "to time the join path without the generator's media load).",
  ].join('\n'),
  options: [
    { name: 'points', default: 123, min: 1, max: 500, help: 'bridge points (halls)' },
    { name: 'over', default: 30, min: 0, max: 600, help: 'seconds within which they join (evenly spread)' },
    { name: 'workers', default: cores(), min: 1, max: 64, help: 'mediasoup workers of the server' },
    { name: 'processes', default: 2, min: 1, max: 16, help: 'load-generator processes' },
    {
      name: 'send',
      default: 1,
      min: 0,
      max: 1,
      help: '1: each hall sends the clip once in; 0: joins and produces but sends nothing (the join path alone)',
    },
  ],
  async run(options) {
    const startedAt = machine();
    const province = await startProvince({
      halls: options.points!,
      workers: options.workers!,
      processes: options.processes!,
      redisDb: 13,
    });
    try {
      progress('join-storm', `${options.points} halls joining within ${options.over} s`);
      const workerPids = await province.stack.mediasoupPids();
      const serverPid = province.stack.server.child.pid!;
      const cpu = recordCpu(
        () =>
          new Map([
            [serverPid, 'server'],
            ...workerPids.map((pid): [number, string] => [pid, 'workers']),
            ...[process.pid, ...province.fleet.pids].map((pid): [number, string] => [pid, 'generator']),
          ]),
        Math.max(1, options.over!) + TAIL_SECONDS,
      );
      const joins = joinFigures(await joinHalls(province, options.over! * 1_000, options.send === 1));
      const record = await cpu;
      const series = (label: string) => summarize(record.steps.map((s) => s.get(label) ?? 0));
      const errorList = [...joins.failures, ...province.fleet.errors, ...province.host.errors];
      for (const e of errorList.slice(0, 10)) progress('join-storm', `error: ${e}`);
      const result = {
        errors: errorList.length,
        machine: startedAt,
        points: options.points!,
        overSeconds: options.over!,
        sending: options.send === 1,
        joined: joins.joined,
        failed: joins.failed,
        joinMs: joins.joinMs,
        joinStepsMs: joins.stepsMs,
        cpuPct: { server: series('server'), workers: series('workers'), generator: series('generator') },
        errorList: errorList.slice(0, 20),
      };
      const rows: [string, string][] = [
        [
          'halls joined / asked',
          `${joins.joined} / ${options.points} within ${options.over} s, ${options.send ? 'sending' : 'not sending'}`,
        ],
        [
          'join (link → sending), p50 / p95 / max',
          joins.joinMs ? `${joins.joinMs.p50} / ${joins.joinMs.p95} / ${joins.joinMs.max} ms` : 'n/a',
        ],
        ...(joins.stepsMs
          ? Object.entries(joins.stepsMs).map(([step, v]): [string, string] => [
              `  ${step}, p50 / max`,
              `${v.p50} / ${v.max} ms`,
            ])
          : []),
        ['server Node CPU during the storm, % of one core', fmt(result.cpuPct.server)],
        ['mediasoup workers CPU (all)', fmt(result.cpuPct.workers)],
        ['load generator CPU', fmt(result.cpuPct.generator)],
        ['errors', String(result.errors)],
      ];
      return { rows, result };
    } catch (error) {
      console.error(province.stack.logs());
      throw error;
    } finally {
      await province.close();
    }
  },
};
