import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Conference, QueueName, type Recording } from '@diemcau/protocol';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../media-worker/test/egress/probe.js';
import { signedIn } from './helpers/accounts.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { REDIS_URL, freshSqliteFile } from './helpers/databases.js';
import { startTestMediaWorker, tempDataDir, type TestMediaWorker } from './helpers/media-worker.js';
import { NodePeer } from './helpers/node-peer.js';
import { socketPort, type SocketPort } from './helpers/node-peer/socket-port.js';
import { freePort, mediasoupTestEnv } from './helpers/ports.js';
import { spawnEntry, type Spawned } from './helpers/processes.js';
import { insertTree, twoTier } from './helpers/tree-fixture.js';
import { waitFor } from './helpers/wait.js';

/*
 * The server process dies (SIGKILL) while a hall is being recorded. Its
 * media-worker job keeps running, unfed. The next server process tells the
 * job to stop and catalogues its file: what was recorded is not lost.
 */

// The server process uses BullMQ's default prefix: a Redis database of its own keeps it apart.
const REDIS_DB_URL = (() => {
  const url = new URL(REDIS_URL);
  url.pathname = '/12';
  return url.toString();
})();

describe('a recording left open by a server that died (sqlite, server process)', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  const database = `sqlite:${freshSqliteFile()}`;
  const env = () => ({
    DATA_DIR: data.dir,
    DATABASE_URL: database,
    REDIS_URL: REDIS_DB_URL,
    SECRET_KEY: secretKey,
  });
  const secretKey = crypto.randomBytes(32).toString('hex');
  let seed: TestApi;
  let next: TestApi | undefined;
  let worker: TestMediaWorker;
  let server: Spawned | undefined;
  let hall: { port: SocketPort; peer: NodePeer } | undefined;
  let conference: Conference;
  let hostToken: string;
  let hallToken: string;
  let pointId: string;

  beforeAll(async () => {
    data = await tempDataDir();
    const queue = new Queue(QueueName.record, { connection: { url: REDIS_DB_URL } });
    await queue.obliterate({ force: true });
    await queue.close();
    seed = await startTestApi('sqlite', env(), 'bull');
    worker = await startTestMediaWorker(seed.app, data.dir, REDIS_DB_URL);
    hostToken = (await signedIn(seed, 'host')).token;
    const tree = await insertTree(seed.app.database.db, twoTier('I'));
    const created = await seed.request({
      method: 'POST',
      url: '/api/conferences',
      as: hostToken,
      payload: {
        title: 'Ghi hình',
        scheduledStart: '2030-01-01T02:00:00Z',
        invite: { points: [tree.point('I-C1').id] },
      },
    });
    conference = created.json<Conference>();
    await seed.request({ method: 'POST', url: `/api/conferences/${conference.id}/start`, as: hostToken });
    pointId = tree.point('I-C1').id;
    hallToken = seed.app.services.joinTokens.mint({
      conferenceId: conference.id,
      role: 'point',
      pointId: tree.point('I-C1').id,
    }).token;
    await seed.close();
  }, 60_000);

  afterAll(async () => {
    await hall?.peer.close();
    hall?.port.close();
    if (server && server.child.exitCode === null && server.child.signalCode === null)
      server.child.kill('SIGKILL');
    await next?.close();
    await worker?.close();
    await data?.remove();
  });

  it('stops the orphaned job at the next start and keeps its file', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = spawnEntry('server/dist/main.js', {
      ...(await mediasoupTestEnv(1)),
      ...env(),
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: 'https://diemcau.example',
      DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
    });
    await waitFor('the server ready', async () =>
      (await fetch(`${base}/readyz`).catch(() => undefined))?.status === 200 ? true : undefined,
    );
    const socket = await socketPort(base, { token: hallToken });
    hall = { port: socket, peer: await NodePeer.join(socket, 'hall') };
    await hall.peer.produceVideo({ width: 320, height: 180, fps: 15, simulcast: false });
    await hall.peer.produceAudio();

    const started = await fetch(`${base}/api/conferences/${conference.id}/recordings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${hostToken}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(started.status).toBe(201);
    const recording = (await started.json()) as Recording;
    const segments = path.join(data.dir, 'recordings', recording.id, `track-${pointId}`, 'segments');
    // Three finished 2 s segments of the hall on disk (the fourth is being written).
    await waitFor(
      'segments written',
      async () => ((fs.existsSync(segments) ? fs.readdirSync(segments).length : 0) >= 4 ? true : undefined),
      30_000,
    );
    server.child.kill('SIGKILL');
    await server.exited;

    next = await startTestApi('sqlite', env(), 'bull');
    const finished = await waitFor(
      'the recording finished',
      async () => {
        const r = (
          await next!.request({ url: `/api/recordings/${recording.id}`, as: hostToken })
        ).json<Recording>();
        return r.status === 'ready' || r.status === 'failed' ? r : undefined;
      },
      60_000,
    );
    expect(finished.status, JSON.stringify(finished.error)).toBe('ready');
    // The hall's file and the programme's: both jobs outlived the server and were stopped by the next one.
    expect(finished.files.map((f) => f.output).sort()).toEqual(['programme', 'track']);
    const file = finished.files.find((f) => f.output === 'track')!;
    const probed = await probe(
      worker.tools.ffprobe,
      path.join(data.dir, 'recordings', recording.id, `track-${file.pointId}`, file.fileName),
    );
    expect(probed.streams.map((s) => s.codec).sort()).toEqual(['opus', 'vp8']);
    expect(probed.durationSeconds).toBeGreaterThan(5);
    const audit = await next.app.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', recording.id)
      .execute();
    expect(audit.map((a) => a.action)).toContain('recording.start');
  }, 120_000);
});
