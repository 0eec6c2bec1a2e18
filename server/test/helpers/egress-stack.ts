import crypto from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Conference, QueueName } from '@diemcau/protocol';
import { Queue } from 'bullmq';
import { signedIn } from './accounts.js';
import { startTestApi } from './api.js';
import { REDIS_URL, freshSqliteFile } from './databases.js';
import { NodePeer, type VideoOptions } from './node-peer.js';
import { socketPort, type SocketPort } from './node-peer/socket-port.js';
import { freePort, mediasoupTestEnv } from './ports.js';
import { spawnEntry, terminate, type Spawned } from './processes.js';
import { insertTree } from './tree-fixture.js';
import { waitFor } from './wait.js';

/*
 * The egress chain as deployed, for the benchmarks: the built server and the
 * built media-worker, each a process of its own (so /proc tells their CPU
 * apart), on one DATA_DIR and a Redis database of their own with BullMQ's
 * default prefix, a host and halls joined as NodePeers over real WebRTC.
 */

export interface EgressStackOptions {
  halls: number;
  /** Each hall's camera; each hall also sends its microphone. */
  video: Partial<VideoOptions>;
  /** The conference's public watch page, /watch/<slug>. */
  slug: string;
  /** The Redis database the two processes share; nothing else may use it meanwhile. */
  redisDb: number;
}

export interface Member {
  port: SocketPort;
  peer: NodePeer;
  peerId: string;
}

export interface RestResponse {
  status: number;
  body: unknown;
}

export interface EgressStack {
  /** The server's base URL. */
  base: string;
  conferenceId: string;
  server: Spawned;
  mediaWorker: Spawned;
  host: Member;
  halls: Member[];
  /** A REST call as the host (JSON in and out). */
  rest(method: string, url: string, body?: unknown): Promise<RestResponse>;
  /** The mediasoup workers' pids, as the server's /metrics reports them. */
  mediasoupWorkerPids(): Promise<number[]>;
  /** What the peers could not handle (they cannot throw it to anyone). */
  peerErrors(): Error[];
  /** The last lines the two processes wrote, for a failure report. */
  logs(): string;
  close(): Promise<void>;
}

const sqliteUrl = () => `sqlite:${freshSqliteFile()}`;

/** Creates the accounts, the tree and the live conference with its public watch page, then lets go of the database. */
async function seed(
  database: string,
  secretKey: string,
  dataDir: string,
  { halls, slug }: EgressStackOptions,
) {
  const api = await startTestApi('sqlite', {
    DATABASE_URL: database,
    SECRET_KEY: secretKey,
    DATA_DIR: dataDir,
  });
  try {
    const host = await signedIn(api, 'host');
    const communes = Array.from({ length: halls }, (_, i) => ({ code: `E-C${i + 1}`, level: 'commune' }));
    const tree = await insertTree(api.app.database.db, { code: 'E', level: 'province', children: communes });
    const created = await api.request({
      method: 'POST',
      url: '/api/conferences',
      as: host.token,
      payload: {
        title: 'Đo truyền hình trực tiếp',
        scheduledStart: '2030-01-01T02:00:00Z',
        invite: { points: communes.map((c) => tree.point(c.code).id) },
        watchAccess: 'public',
        watchSlug: slug,
      },
    });
    if (created.statusCode !== 201) throw new Error(`cannot create the conference: ${created.body}`);
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

/** Empties the live and record queues, so that no job of an earlier run is taken up. */
async function obliterateQueues(redisUrl: string): Promise<void> {
  for (const name of [QueueName.live, QueueName.record]) {
    const queue = new Queue(name, { connection: { url: redisUrl } });
    await queue.obliterate({ force: true });
    await queue.close();
  }
}

async function ready(what: string, url: string): Promise<void> {
  await waitFor(
    what,
    async () => ((await fetch(url).catch(() => undefined))?.status === 200 ? true : undefined),
    30_000,
  );
}

export async function startEgressStack(options: EgressStackOptions): Promise<EgressStack> {
  const redisUrl = (() => {
    const url = new URL(REDIS_URL);
    url.pathname = `/${options.redisDb}`;
    return url.toString();
  })();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'diemcau-bench-data-'));
  const database = sqliteUrl();
  const secretKey = crypto.randomBytes(32).toString('hex');
  const { conferenceId, hostToken, tokens } = await seed(database, secretKey, dataDir, options);
  await obliterateQueues(redisUrl);

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawnEntry('server/dist/main.js', {
    ...(await mediasoupTestEnv(1)),
    PORT: String(port),
    HOST: '127.0.0.1',
    REDIS_URL: redisUrl,
    DATABASE_URL: database,
    SECRET_KEY: secretKey,
    DATA_DIR: dataDir,
    PUBLIC_URL: 'https://diemcau.example',
    DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
  });
  const healthPort = await freePort();
  const mediaWorker = spawnEntry('media-worker/dist/main.js', {
    MEDIA_WORKER_PORT: String(healthPort),
    REDIS_URL: redisUrl,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  });
  const members: Member[] = [];
  const logs = () =>
    `--- server ---\n${server.output().slice(-3_000)}\n--- media-worker ---\n${mediaWorker.output().slice(-3_000)}`;
  const close = async () => {
    for (const { peer, port } of members) {
      await peer.close();
      port.close();
    }
    // The media-worker first: on SIGTERM it stops its ffmpeg and hands its jobs back.
    await terminate(mediaWorker);
    await terminate(server);
    await obliterateQueues(redisUrl);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(path.dirname(database.slice('sqlite:'.length)), { recursive: true, force: true });
  };

  try {
    await ready('the server to be ready', `${base}/readyz`);
    await ready('the media-worker to be ready', `http://127.0.0.1:${healthPort}/readyz`);
    const enter = async (auth: Record<string, unknown>, name: string): Promise<Member> => {
      const port = await socketPort(base, auth);
      const peer = await NodePeer.join(port, name);
      const member = { port, peer, peerId: (peer.joined as { peerId: string }).peerId };
      members.push(member);
      return member;
    };
    const host = await enter({ session: hostToken, conferenceId }, 'host');
    const halls: Member[] = [];
    for (const [i, token] of tokens.entries()) {
      const hall = await enter({ token }, `hall ${i + 1}`);
      await hall.peer.produceVideo({ simulcast: false, ...options.video });
      await hall.peer.produceAudio();
      halls.push(hall);
    }
    return {
      base,
      conferenceId,
      server,
      mediaWorker,
      host,
      halls,
      rest: async (method, url, body) => {
        const res = await fetch(`${base}${url}`, {
          method,
          headers: {
            authorization: `Bearer ${hostToken}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
      },
      mediasoupWorkerPids: async () => {
        const text = await (await fetch(`${base}/metrics`)).text();
        return [...text.matchAll(/diemcau_mediasoup_worker_cpu_seconds\{worker="\d+",pid="(\d+)"\}/g)].map(
          (m) => Number(m[1]),
        );
      },
      peerErrors: () => members.flatMap(({ peer }) => peer.errors),
      logs,
      close,
    };
  } catch (error) {
    console.error(logs());
    await close();
    throw error;
  }
}
