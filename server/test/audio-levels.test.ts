import type { AddressInfo } from 'node:net';
import type { Conference, NotificationData } from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from './helpers/accounts.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { insertTree, twoTier, type Tree } from './helpers/tree-fixture.js';
import { waitFor } from './helpers/wait.js';
import { NodePeer } from './helpers/node-peer.js';
import { socketPort, type SocketPort } from './helpers/node-peer/socket-port.js';

/* A point's real microphone (a synthetic tone through libwebrtc's Opus) reaches the host's level meters. */
describe('audio levels (sqlite)', () => {
  let api: TestApi;
  const opened: { port: SocketPort; peer: NodePeer }[] = [];

  async function enter(url: string, auth: Record<string, unknown>, name: string) {
    const port = await socketPort(url, auth);
    const peer = await NodePeer.join(port, name);
    opened.push({ port, peer });
    return { port, peer, peerId: (peer.joined as { peerId: string }).peerId };
  }

  let host: Awaited<ReturnType<typeof enter>>;
  let point: Awaited<ReturnType<typeof enter>>;

  beforeAll(async () => {
    api = await startTestApi('sqlite');
    await api.app.http.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(api.app.http.server.address() as AddressInfo).port}`;
    const hostToken = (await signedIn(api, 'host')).token;
    const tree: Tree = await insertTree(api.app.database.db, twoTier('L'));
    const created = await api.request({
      method: 'POST',
      url: '/api/conferences',
      as: hostToken,
      payload: {
        title: 'Hội nghị',
        scheduledStart: '2030-01-01T02:00:00Z',
        invite: { points: [tree.point('L-C1').id] },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const live = (
      await api.request({
        method: 'POST',
        url: `/api/conferences/${created.json<Conference>().id}/start`,
        as: hostToken,
      })
    ).json<Conference>();
    host = await enter(url, { session: hostToken, conferenceId: live.id }, 'host');
    const token = api.app.services.joinTokens.mint({
      conferenceId: live.id,
      role: 'point',
      pointId: tree.point('L-C1').id,
    }).token;
    point = await enter(url, { token }, 'point');
  }, 30_000);

  afterAll(async () => {
    for (const { peer, port } of opened) {
      await peer.close();
      port.close();
    }
    await api?.close();
    for (const { peer } of opened) expect(peer.errors).toEqual([]);
  });

  it('sends the host the level of a point that speaks', async () => {
    await point.peer.produceAudio();
    const levels = await waitFor('audioLevels naming the point', async () =>
      host.peer.notifications
        .filter((n) => n.method === 'audioLevels')
        .map((n) => (n.data as NotificationData<'audioLevels'>).levels)
        .find((l) => l.some((e) => e.peerId === point.peerId)),
    );
    const entry = levels.find((e) => e.peerId === point.peerId)!;
    expect(entry.volume).toBeGreaterThan(-70);
    expect(entry.volume).toBeLessThanOrEqual(0);
    // Levels are for hosts only.
    expect(point.peer.notifications.some((n) => n.method === 'audioLevels')).toBe(false);
  });
});
