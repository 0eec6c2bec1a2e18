import type { Conference, NotificationData, NotificationMethod } from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveConference } from './helpers/live-conference.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { mediasoupTestEnv } from './helpers/ports.js';
import { threeTier } from './helpers/tree-fixture.js';
import { waitFor } from './helpers/wait.js';
import { DTLS, connect, deviceCapabilities, opus, vp8, type TestClient } from './signalling-client.js';

/*
 * A room that outgrows its router's consumer budget (3 here) spreads to a
 * router on the other worker, and media crosses between them with pipeToRouter.
 * Host on router 1; P1 on router 1 (its 2 consumers of the host, then the
 * host's 2 of it, fill it); P2 and P3 on router 2.
 */
interface Joined {
  client: TestClient;
  peerId: string;
  mic: string;
  camera: string;
}

async function arrival<M extends NotificationMethod>(
  client: TestClient,
  since: number,
  method: M,
  match: (data: NotificationData<M>) => boolean,
): Promise<NotificationData<M>> {
  return waitFor(`${method} notification`, async () => {
    const found = client.notifications
      .slice(since)
      .find((n) => n.method === method && match(n.data as NotificationData<M>));
    return found?.data as NotificationData<M> | undefined;
  });
}

describe('a room spread over two workers (sqlite)', () => {
  let api: TestApi;
  let live: Conference;
  const clients: TestClient[] = [];
  let h: Joined;
  let p1: Joined;
  let p2: Joined;
  let p3: Joined;

  const room = async () => (await api.app.rooms.find(live.id))!;
  const serverPeer = async (peerId: string) => (await room()).peers.find((p) => p.id === peerId)!;

  async function enter(client: TestClient): Promise<Joined> {
    clients.push(client);
    const { peerId } = await client.call('join', { rtpCapabilities: deviceCapabilities() });
    const send = await client.call('createWebRtcTransport', { direction: 'send' });
    await client.call('connectWebRtcTransport', { transportId: send.id, dtlsParameters: DTLS });
    await client.call('createWebRtcTransport', { direction: 'recv' });
    const produce = async (source: 'mic' | 'camera') =>
      (
        await client.call('produce', {
          transportId: send.id,
          kind: source === 'mic' ? 'audio' : 'video',
          rtpParameters: source === 'mic' ? opus() : vp8(3),
          appData: { source },
        })
      ).id;
    return { client, peerId, mic: await produce('mic'), camera: await produce('camera') };
  }

  beforeAll(async () => {
    api = await startTestApi('sqlite', {
      ...(await mediasoupTestEnv(2)),
      MEDIASOUP_CONSUMERS_PER_ROUTER: '3',
    });
    const codes = ['R-D1-C1', 'R-D1-C2', 'R-D2-C1'];
    const fixture = await startLiveConference(api, threeTier('R'), codes);
    const { url, host } = fixture;
    live = fixture.conference;
    h = await enter(await connect(url, { session: host.token, conferenceId: live.id }));
    const points: Joined[] = [];
    for (const code of codes) {
      const p = await enter(await connect(url, { token: fixture.pointToken(code) }));
      // The consumers each join makes are counted before the next point picks its router.
      for (const producerId of [h.mic, h.camera])
        await p.client.next('newConsumer', (d) => d.producerId === producerId);
      for (const producerId of [p.mic, p.camera])
        await h.client.next('newConsumer', (d) => d.producerId === producerId);
      points.push(p);
    }
    [p1, p2, p3] = points as [Joined, Joined, Joined];
  });

  afterAll(async () => {
    expect(clients.flatMap((c) => c.violations)).toEqual([]);
    for (const c of clients) c.close();
    await api?.close();
  });

  it('puts the peers that joined over budget on a router of the other worker', async () => {
    const r = await room();
    expect(r.routers).toHaveLength(2);
    const [first, second] = r.routers as [(typeof r.routers)[0], (typeof r.routers)[0]];
    expect(first.workerIndex).not.toBe(second.workerIndex);
    expect(r.routerOf(await serverPeer(h.peerId))).toBe(first);
    expect(r.routerOf(await serverPeer(p1.peerId))).toBe(first);
    expect(r.routerOf(await serverPeer(p2.peerId))).toBe(second);
    expect(r.routerOf(await serverPeer(p3.peerId))).toBe(second);
  });

  it('gives a point on the second router the host and the spotlighted point, through piped producers', async () => {
    const mark = p3.client.notifications.length;
    await h.client.call('spotlight', { peerId: p1.peerId });
    for (const producerId of [p1.mic, p1.camera])
      await arrival(p3.client, mark, 'newConsumer', (d) => d.producerId === producerId);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const r = await room();
    const second = r.routers[1]!;
    const onSecond = (await second.router.dump()).mapConsumerIdProducerId;
    const consumers = [...(await serverPeer(p3.peerId)).consumers.values()];
    expect(consumers.map((c) => c.producerId).sort()).toEqual([h.mic, h.camera, p1.mic, p1.camera].sort());
    for (const c of consumers) {
      expect(onSecond.find((m) => m.key === c.id)?.value).toBe(c.producerId);
    }
    // The host, on the first router, consumes P3's producers through their copies there.
    const first = (await r.routers[0]!.router.dump()).mapConsumerIdProducerId;
    const hostOfP3 = [...(await serverPeer(h.peerId)).consumers.values()].filter(
      (c) => c.appData.peerId === p3.peerId,
    );
    expect(hostOfP3.map((c) => c.producerId).sort()).toEqual([p3.mic, p3.camera].sort());
    for (const c of hostOfP3) expect(first.find((m) => m.key === c.id)?.value).toBe(c.producerId);
  });

  it('carries a pause and a close of a producer on the first router to the consumers on the second', async () => {
    const mic = p3.client.received('newConsumer').find((d) => d.producerId === p1.mic)!;
    const camera = p3.client.received('newConsumer').find((d) => d.producerId === p1.camera)!;
    const mark = p3.client.notifications.length;
    await h.client.call('mutePoint', { peerId: p1.peerId });
    await arrival(p3.client, mark, 'consumerPaused', (d) => d.consumerId === mic.id);

    await p1.client.call('closeProducer', { producerId: p1.camera });
    await arrival(p3.client, mark, 'consumerClosed', (d) => d.consumerId === camera.id);
    // The piped copy went with the original: no producer of that id is left on the second router.
    const dump = await (await room()).routers[1]!.router.dump();
    expect(dump.mapProducerIdConsumerIds.map((m) => m.key)).toContain(p1.mic);
    expect(dump.mapProducerIdConsumerIds.map((m) => m.key)).not.toContain(p1.camera);
    expect(dump.mapConsumerIdProducerId.some((m) => m.value === p1.camera)).toBe(false);
    expect([...(await serverPeer(p3.peerId)).consumers.values()].some((c) => c.id === camera.id)).toBe(false);
  });

  it('closes the room and asks every peer to reconnect when the second router’s worker dies', async () => {
    const r = await room();
    const index = r.routers[1]!.workerIndex;
    const slot = api.app.pool.alive.find((s) => s.index === index)!;
    const marks = [h, p1, p2, p3].map((p) => p.client.notifications.length);
    process.kill(slot.worker.pid, 'SIGKILL');
    for (const [i, p] of [h, p1, p2, p3].entries())
      await arrival(p.client, marks[i]!, 'reconnect', () => true);
    expect(r.closed).toBe(true);
  });
});
