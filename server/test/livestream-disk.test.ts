import { statfs } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { BroadcastStatus, Conference, LiveStatus } from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from './helpers/accounts.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { REDIS_URL } from './helpers/databases.js';
import { startTestMediaWorker, tempDataDir, type TestMediaWorker } from './helpers/media-worker.js';
import { NodePeer } from './helpers/node-peer.js';
import { socketPort, type SocketPort } from './helpers/node-peer/socket-port.js';
import { insertTree, twoTier } from './helpers/tree-fixture.js';
import { waitFor } from './helpers/wait.js';

/*
 * A livestream whose HLS folder's disk is below MIN_FREE_DISK_MB (set 1 GB
 * above the free space measured here): the host sees the live job's DISK_FULL
 * warning in broadcastStatus and the REST status, and the livestream goes on.
 */

describe('a livestream on a disk below MIN_FREE_DISK_MB (sqlite, real mediasoup, media-worker and ffmpeg)', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let api: TestApi;
  let worker: TestMediaWorker;
  let conference: Conference;
  let host: string;
  let port: SocketPort;
  let peer: NodePeer;
  let minimumMb: number;

  beforeAll(async () => {
    data = await tempDataDir();
    const stats = await statfs(data.dir);
    minimumMb = Math.ceil((stats.bavail * stats.bsize) / (1024 * 1024)) + 1024;
    api = await startTestApi('sqlite', { DATA_DIR: data.dir });
    await api.app.http.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(api.app.http.server.address() as AddressInfo).port}`;
    host = (await signedIn(api, 'host')).token;
    const tree = await insertTree(api.app.database.db, twoTier('D'));
    const created = await api.request({
      method: 'POST',
      url: '/api/conferences',
      as: host,
      payload: {
        title: 'Đĩa đầy',
        scheduledStart: '2030-01-01T02:00:00Z',
        invite: { points: [tree.point('D-C1').id] },
        watchAccess: 'public',
        watchSlug: 'hoi-nghi-dia-day',
      },
    });
    conference = created.json<Conference>();
    await api.request({ method: 'POST', url: `/api/conferences/${conference.id}/start`, as: host });
    port = await socketPort(url, { session: host, conferenceId: conference.id });
    peer = await NodePeer.join(port, 'host');
    worker = await startTestMediaWorker(api.app, data.dir, REDIS_URL, { minFreeDiskMb: minimumMb });
  }, 60_000);

  afterAll(async () => {
    await peer?.close();
    port?.close();
    await api?.close();
    await worker?.close();
    await data?.remove();
  });

  it('passes the DISK_FULL warning on to the host while on air', async () => {
    const lastLive = (): LiveStatus | null | undefined =>
      peer.notifications
        .filter((n) => n.method === 'broadcastStatus')
        .map((n) => (n.data as BroadcastStatus).live)
        .at(-1);
    const live = await api.request({
      method: 'POST',
      url: `/api/conferences/${conference.id}/live`,
      as: host,
      payload: { destinationIds: [] },
    });
    expect(live.statusCode, live.body).toBe(201);
    const warning = {
      code: 'DISK_FULL',
      message: expect.stringMatching(
        new RegExp(
          `^\\d+ MB free in .+hoi-nghi-dia-day, below the ${minimumMb} MB kept free \\(MIN_FREE_DISK_MB\\): ` +
            'the watch page may stop getting new segments; the destinations keep going$',
        ),
      ),
    };
    await waitFor(
      'on air with the warning',
      async () => (lastLive()?.state === 'live' && lastLive()?.hlsWarning ? true : undefined),
      30_000,
    );
    expect(lastLive()?.hlsWarning).toEqual(warning);
    const status = await api.request({ url: `/api/conferences/${conference.id}/live`, as: host });
    expect(status.json<LiveStatus>()).toMatchObject({ state: 'live', error: null, hlsWarning: warning });

    const off = await api.request({
      method: 'DELETE',
      url: `/api/conferences/${conference.id}/live`,
      as: host,
    });
    expect(off.statusCode).toBe(200);
    await waitFor('off air', async () => (lastLive()?.state === 'stopped' ? true : undefined), 20_000);
    expect(lastLive()?.hlsWarning).toBeUndefined();
  }, 60_000);
});
