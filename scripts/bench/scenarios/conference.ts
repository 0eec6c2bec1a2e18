import { machine, type Summary } from '../../../server/test/helpers/bench-report.js';
import type { Scenario } from '../scenario.js';
import { progress, sleep } from '../scenario.js';
import { cores, joinFigures, joinHalls, measureWindow, startProvince } from '../province.js';

/** Tiles on the host console's grid page (web-client/src/console/live/grid.ts). */
const GRID_PAGE = 12;
/** Consumers resumed and key frames through before measuring. */
const SETTLE_MS = 4_000;

const fmt = (s: Summary | null, unit: string) =>
  s === null ? 'n/a' : `${s.median}${unit} median, p95 ${s.p95}${unit} (mean ${s.mean})`;

export const conference: Scenario = {
  name: 'conference',
  summary: 'a province conference: N halls and the host, for S seconds',
  method: [
    'Real: the built server in its own process (signalling, SFU, SRTP), each hall joining',
    'with its own join link. Simulated: the halls, SRTP over plain UDP from the generator',
    'processes, replaying a pre-encoded clip (Opus + VP8 simulcast 320x180/640x360/1280x720',
    'at 150/500/1200 kbit/s); no ICE/DTLS, no congestion control, no decoding. The host',
    'spotlights hall 1 and shows a grid page of 12 thumbnails; each hall receives the host',
    "(thumbnail) and the programme (large), as the web client's pages do.",
  ].join('\n'),
  options: [
    { name: 'points', default: 10, min: 1, max: 500, help: 'bridge points (halls)' },
    { name: 'seconds', default: 30, min: 5, max: 3_600, help: 'measured seconds' },
    { name: 'ramp', default: 5, min: 0, max: 600, help: 'seconds over which the halls join' },
    { name: 'workers', default: cores(), min: 1, max: 64, help: 'mediasoup workers of the server' },
    { name: 'processes', default: 2, min: 1, max: 16, help: 'load-generator processes' },
  ],
  async run(options) {
    const say = (message: string) => progress('conference', message);
    const startedAt = machine();
    const province = await startProvince({
      halls: options.points!,
      workers: options.workers!,
      processes: options.processes!,
      redisDb: 13,
    });
    try {
      say(`${options.points} halls joining over ${options.ramp} s`);
      const outcomes = await joinHalls(province, options.ramp! * 1_000);
      const joins = joinFigures(outcomes);
      const joined = outcomes.flatMap((o) => (o.ok ? [o.peerId] : []));
      if (joined.length > 0) {
        await province.host.call('spotlight', { peerId: joined[0]! });
        await province.host.setGridPage(joined.slice(0, GRID_PAGE));
      }
      await sleep(SETTLE_MS);
      say(`measuring ${options.seconds} s`);
      const window = await measureWindow(province, options.seconds!);
      const errorList = [...joins.failures, ...province.fleet.errors, ...province.host.errors];
      const errors = errorList.length + window.traffic.stalled;
      for (const e of errorList.slice(0, 10)) say(`error: ${e}`);
      const busiest = Math.max(0, ...window.carried.map((w) => w.consumers));
      const result = {
        errors,
        machine: startedAt,
        points: options.points!,
        joined: joins.joined,
        seconds: window.seconds,
        joinMs: joins.joinMs,
        joinStepsMs: joins.stepsMs,
        cpuPct: {
          server: window.cpu.server,
          workers: window.cpu.workers.map((w) => w.cpu),
          generator: window.cpu.generator,
        },
        memoryMiB: window.memoryMiB,
        carried: window.carried,
        /** The busiest worker's consumers, against mediasoup's documented ~500 per worker (one core). */
        consumersOnBusiestWorker: busiest,
        consumersVsMediasoup500: Math.round((busiest / 500) * 100) / 100,
        lossPct: window.traffic.lossPct,
        udpReceiveDrops: window.udpDrops,
        receivedMbps: window.traffic.mbps,
        fps: window.traffic.fps,
        stalledConsumers: window.traffic.stalled,
        errorList: errorList.slice(0, 20),
      };
      const rows: [string, string][] = [
        ['halls joined / asked', `${joins.joined} / ${options.points}`],
        [
          'join (link → sending), p50 / p95 / max',
          joins.joinMs ? `${joins.joinMs.p50} / ${joins.joinMs.p95} / ${joins.joinMs.max} ms` : 'n/a',
        ],
        [`server Node CPU, % of one core (${window.seconds} s)`, fmt(window.cpu.server, ' %')],
        ...window.cpu.workers.map((w, i): [string, string] => [
          `mediasoup worker ${i} CPU`,
          fmt(w.cpu, ' %'),
        ]),
        ['load generator CPU (all its processes)', fmt(window.cpu.generator, ' %')],
        [
          'memory: server / workers (RSS)',
          `${window.memoryMiB.server} / ${window.memoryMiB.workers.join(', ')} MiB`,
        ],
        ...window.carried.map((w): [string, string] => [
          `worker ${w.worker}: routers / transports / producers / consumers`,
          `${w.routers} / ${w.transports} / ${w.producers} / ${w.consumers}`,
        ]),
        [
          'consumers on the busiest worker (mediasoup: ~500)',
          `${busiest} (${result.consumersVsMediasoup500}×)`,
        ],
        ['packet loss at the receivers', `${window.traffic.lossPct} % of ${window.traffic.packets} packets`],
        [
          'UDP datagrams dropped, full receive buffer: SFU / generator',
          `${window.udpDrops.workers} / ${window.udpDrops.generator}`,
        ],
        ['received in all', `${window.traffic.mbps} Mbit/s over ${window.traffic.consumers} consumers`],
        ['large video (programme) fps per receiver', fmt(window.traffic.fps.large, '')],
        ['thumbnail video fps per receiver', fmt(window.traffic.fps.thumbnail, '')],
        ['errors', String(errors)],
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
