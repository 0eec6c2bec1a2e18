/*
 * Join time and CPU for a live conference of 10 bridge points and a host, on
 * loopback, against the built server in its own process:
 *
 *   npx tsc -b && npx tsx server/test/bench-join.ts
 *
 * Env: BENCH_POINTS (10), BENCH_SECONDS (20), BENCH_WORKERS (1), BENCH_STAGGER_MS
 * (0: every point joins at once; N: point i starts at i·N ms). Needs Redis
 * (REDIS_URL, default redis://127.0.0.1:6379). Prints a table and, last, one
 * JSON line. Not a test: figures depend on the machine (see docs/testing-media.md).
 */
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { Conference } from '@diemcau/protocol';
import { signedIn } from './helpers/accounts.js';
import { startTestApi } from './helpers/api.js';
import { REDIS_URL, freshSqliteFile } from './helpers/databases.js';
import { NodePeer } from './helpers/node-peer.js';
import { socketPort, type SocketPort } from './helpers/node-peer/socket-port.js';
import { freePort, mediasoupTestEnv } from './helpers/ports.js';
import { spawnEntry, terminate } from './helpers/processes.js';
import { insertTree } from './helpers/tree-fixture.js';
import { waitFor } from './helpers/wait.js';

const POINTS = Number(process.env.BENCH_POINTS ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const VIDEO = { width: 640, height: 360, fps: 15, simulcast: false };
const STAGGER_MS = Number(process.env.BENCH_STAGGER_MS ?? 0);
const SETTLE_MS = 2_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Seconds of CPU (user + system) a process has used, from /proc (Linux). */
function procCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100; // USER_HZ is 100 on Linux
}

/** mediasoup workers' CPU seconds by pid, from the server's /metrics. */
async function workerCpu(base: string): Promise<Map<number, number>> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const cpu = new Map<number, number>();
  for (const m of text.matchAll(/diemcau_mediasoup_worker_cpu_seconds\{worker="\d+",pid="(\d+)"\} (\S+)/g)) {
    cpu.set(Number(m[1]), Number(m[2]));
  }
  return cpu;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Creates the accounts, the tree and the live conference, then lets the database go. */
async function seed(database: string, secretKey: string) {
  const api = await startTestApi('sqlite', { DATABASE_URL: database, SECRET_KEY: secretKey });
  try {
    const host = await signedIn(api, 'host');
    const communes = Array.from({ length: POINTS }, (_, i) => ({ code: `B-C${i + 1}`, level: 'commune' }));
    const tree = await insertTree(api.app.database.db, { code: 'B', level: 'province', children: communes });
    const created = await api.request({
      method: 'POST',
      url: '/api/conferences',
      as: host.token,
      payload: {
        title: 'Đo thời gian vào phòng',
        scheduledStart: '2030-01-01T02:00:00Z',
        invite: { points: communes.map((c) => tree.point(c.code).id) },
      },
    });
    const id = created.json<Conference>().id;
    const started = await api.request({
      method: 'POST',
      url: `/api/conferences/${id}/start`,
      as: host.token,
    });
    if (started.statusCode !== 200) throw new Error(`cannot start the conference: ${started.body}`);
    const tokens = communes.map(
      (c) =>
        api.app.services.joinTokens.mint({ conferenceId: id, role: 'point', pointId: tree.point(c.code).id })
          .token,
    );
    return { conferenceId: id, hostToken: host.token, tokens };
  } finally {
    await api.close();
  }
}

async function main(): Promise<void> {
  const database = `sqlite:${freshSqliteFile()}`;
  const secretKey = crypto.randomBytes(32).toString('hex');
  const { conferenceId, hostToken, tokens } = await seed(database, secretKey);

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawnEntry('server/dist/main.js', {
    ...(await mediasoupTestEnv(WORKERS)),
    PORT: String(port),
    HOST: '127.0.0.1',
    REDIS_URL,
    DATABASE_URL: database,
    SECRET_KEY: secretKey,
    PUBLIC_URL: 'https://diemcau.example',
    DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
  });
  const ports: SocketPort[] = [];
  const peers: NodePeer[] = [];
  try {
    await waitFor('the server to be ready', async () =>
      (await fetch(`${base}/readyz`).catch(() => undefined))?.status === 200 ? true : undefined,
    );
    const serverPid = server.child.pid!;

    const hostPort = await socketPort(base, { session: hostToken, conferenceId });
    ports.push(hostPort);
    const host = await NodePeer.join(hostPort, 'host');
    peers.push(host);
    const hostVideo = await host.produceVideo(VIDEO);
    await host.produceAudio();

    // By default the points join at once, as at the start of a conference.
    const joins = await Promise.all(
      tokens.map(async (token, i) => {
        await sleep(i * STAGGER_MS);
        const startedAt = performance.now();
        const port = await socketPort(base, { token });
        ports.push(port);
        const connectedAt = performance.now();
        const peer = await NodePeer.join(port, `point ${i + 1}`);
        peers.push(peer);
        const joinedAt = performance.now();
        const [video] = await Promise.all([peer.produceVideo(VIDEO), peer.produceAudio()]);
        const firstAt = await waitFor(
          `point ${i + 1}'s first frame of the host`,
          async () => (peer.receives(hostVideo) ? peer.received(hostVideo).firstAt : undefined),
          30_000,
        );
        return {
          peer,
          video,
          ms: firstAt - startedAt,
          phases: {
            connect: connectedAt - startedAt,
            join: joinedAt - connectedAt,
            media: firstAt - joinedAt,
          },
        };
      }),
    );
    // The host's grid page shows every point, so all ten videos flow to it.
    const peerIds = joins.map(({ peer }) => (peer.joined as { peerId: string }).peerId);
    await hostPort.call('setGridPage', { peerIds });
    await sleep(SETTLE_MS);

    const workersBefore = await workerCpu(base);
    const serverBefore = procCpuSeconds(serverPid);
    const selfBefore = process.cpuUsage();
    const framesBefore = joins.map(({ peer }) => peer.received(hostVideo).videoFrames);
    const hostFramesBefore = joins.map(({ video }) =>
      host.receives(video) ? host.received(video).videoFrames : 0,
    );
    const startedAt = performance.now();
    await sleep(SECONDS * 1_000);
    const elapsed = (performance.now() - startedAt) / 1_000;
    const workersAfter = await workerCpu(base);
    const serverCpu = ((procCpuSeconds(serverPid) - serverBefore) / elapsed) * 100;
    const self = process.cpuUsage(selfBefore);
    const generatorCpu = ((self.user + self.system) / 1e6 / elapsed) * 100;
    const workerCpuPct = [...workersAfter].map(([pid, after]) => ({
      pid,
      cpu: ((after - (workersBefore.get(pid) ?? after)) / elapsed) * 100,
    }));
    const fps = (frames: number[]) =>
      Math.round((frames.reduce((s, f) => s + f, 0) / frames.length / elapsed) * 10) / 10;
    const pointFps = fps(joins.map(({ peer }, i) => peer.received(hostVideo).videoFrames - framesBefore[i]!));
    const hostFps = fps(
      joins.map(
        ({ video }, i) =>
          (host.receives(video) ? host.received(video).videoFrames : 0) - hostFramesBefore[i]!,
      ),
    );

    const sorted = (values: number[]) => values.sort((x, y) => x - y);
    const times = sorted(joins.map((j) => j.ms));
    const phase = (name: keyof (typeof joins)[number]['phases']) => {
      const values = sorted(joins.map((j) => j.phases[name]));
      return { p50: Math.round(percentile(values, 50)), max: Math.round(values.at(-1)!) };
    };
    const result = {
      points: POINTS,
      seconds: Math.round(elapsed * 10) / 10,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      joinMs: {
        p50: Math.round(percentile(times, 50)),
        p95: Math.round(percentile(times, 95)),
        max: Math.round(times.at(-1)!),
      },
      /** socket.io handshake; caps + device + join + receive transport; then to the first decoded frame. */
      phasesMs: { connect: phase('connect'), join: phase('join'), media: phase('media') },
      staggerMs: STAGGER_MS,
      serverCpuPct: Math.round(serverCpu * 10) / 10,
      workerCpuPct: workerCpuPct.map((w) => Math.round(w.cpu * 10) / 10),
      generatorCpuPct: Math.round(generatorCpu * 10) / 10,
      hostVideoFpsAtPoints: pointFps,
      pointVideoFpsAtHost: hostFps,
    };
    const rows: [string, string][] = [
      ['points (640x360@15 single layer + Opus)', String(POINTS)],
      ['joins started every', `${STAGGER_MS} ms`],
      ['join → first host frame decoded, p50', `${result.joinMs.p50} ms`],
      ['join → first host frame decoded, p95', `${result.joinMs.p95} ms`],
      ['join → first host frame decoded, max', `${result.joinMs.max} ms`],
      ...(['connect', 'join', 'media'] as const).map((k): [string, string] => [
        `  phase ${k}, p50 / max`,
        `${result.phasesMs[k].p50} / ${result.phasesMs[k].max} ms`,
      ]),
      [`server process CPU (Node), ${result.seconds} s`, `${result.serverCpuPct} % of one core`],
      ...result.workerCpuPct.map((cpu, i): [string, string] => [`mediasoup worker ${i} CPU`, `${cpu} %`]),
      ['load generator CPU (all peers)', `${result.generatorCpuPct} %`],
      ['host video decoded at each point (mean)', `${result.hostVideoFpsAtPoints} fps`],
      ['each point decoded at the host (mean)', `${result.pointVideoFpsAtHost} fps`],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
    console.log(JSON.stringify(result));
  } catch (error) {
    console.error(server.output().slice(-4_000));
    throw error;
  } finally {
    for (const peer of peers) await peer.close();
    for (const port of ports) port.close();
    await terminate(server);
  }
}

await main();
// @roamhq/wrtc crashes the process while it unloads (exit 139): leave before that.
process.exit(0);
