import type {
  Conference,
  NotificationData,
  NotificationMethod,
  RequestData,
  RequestMethod,
} from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './helpers/api.js';
import { DIALECTS } from './helpers/databases.js';
import { startLiveConference, type LiveConference } from './helpers/live-conference.js';
import { threeTier, type Tree } from './helpers/tree-fixture.js';
import { waitFor } from './helpers/wait.js';
import { DTLS, connect, deviceCapabilities, opus, vp8, type TestClient } from './signalling-client.js';

/** A participant that joined, with its send/recv transports and (for points) a mic and a camera. */
interface Joined {
  client: TestClient;
  peerId: string;
  mic: string;
  camera?: string;
}

/** A notification that arrives after `since` (an index into the client's notifications). */
async function arrival<M extends NotificationMethod>(
  client: TestClient,
  since: number,
  method: M,
  match: (data: NotificationData<M>) => boolean = () => true,
): Promise<NotificationData<M>> {
  return waitFor(`${method} notification`, async () => {
    const found = client.notifications
      .slice(since)
      .find((n) => n.method === method && match(n.data as NotificationData<M>));
    return found?.data as NotificationData<M> | undefined;
  });
}

describe.each(DIALECTS)('host controls on %s', (kind) => {
  let api: TestApi;
  let url: string;
  let host: { token: string; accountId: string };
  let tree: Tree;
  let live: Conference; // invites the four communes
  const clients: TestClient[] = [];
  let h: Joined;
  let p1: Joined;
  let p2: Joined;
  let p3: Joined;

  const track = (client: TestClient) => {
    clients.push(client);
    return client;
  };
  let pointToken: LiveConference['pointToken'];
  const room = async () => (await api.app.rooms.find(live.id))!;
  const serverPeer = async (peerId: string) => (await room()).peers.find((p) => p.id === peerId)!;
  /** Whose media a peer consumes on the server, as peer ids. */
  const consumedFrom = async (peerId: string) =>
    [...new Set([...(await serverPeer(peerId)).consumers.values()].map((c) => c.appData.peerId))].sort();
  const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

  async function enter(client: TestClient, withCamera: boolean): Promise<Joined> {
    const { peerId } = await client.call('join', { rtpCapabilities: deviceCapabilities() });
    const send = await client.call('createWebRtcTransport', { direction: 'send' });
    await client.call('connectWebRtcTransport', { transportId: send.id, dtlsParameters: DTLS });
    await client.call('createWebRtcTransport', { direction: 'recv' });
    const produce = (source: 'mic' | 'camera') =>
      client.call('produce', {
        transportId: send.id,
        kind: source === 'mic' ? 'audio' : 'video',
        rtpParameters: source === 'mic' ? opus() : vp8(3),
        appData: { source },
      });
    const mic = (await produce('mic')).id;
    const camera = withCamera ? (await produce('camera')).id : undefined;
    return { client, peerId, mic, ...(camera ? { camera } : {}) };
  }
  const point = async (code: string) => enter(track(await connect(url, { token: pointToken(code) })), true);

  beforeAll(async () => {
    api = await startTestApi(kind);
    const fixture = await startLiveConference(api, threeTier('H'), [
      'H-D1-C1',
      'H-D1-C2',
      'H-D2-C1',
      'H-D2-C2',
    ]);
    ({ url, host, tree, pointToken } = fixture);
    live = fixture.conference;
    h = await enter(track(await connect(url, { session: host.token, conferenceId: live.id })), false);
    p1 = await point('H-D1-C1');
    p2 = await point('H-D1-C2');
    p3 = await point('H-D2-C1');
    // Every point's mic and camera have reached the host.
    for (const p of [p1, p2, p3]) {
      for (const producerId of [p.mic, p.camera])
        await h.client.next('newConsumer', (d) => d.producerId === producerId);
    }
  });
  afterAll(async () => {
    expect(clients.flatMap((c) => c.violations)).toEqual([]);
    for (const c of clients) c.close();
    await api.close();
  });

  it('tells a joining host the room settings, the floor queue and the programme', async () => {
    await h.client.next('roomSettings', (d) => !d.locked && d.pointsMayUnmute);
    await h.client.next('floorQueue', (d) => d.entries.length === 0);
    await p1.client.next('programmeChanged', (d) => d.peerId === null && d.reason === 'none');
  });

  it('lets a point receive the host and the spotlighted point, not a third point', async () => {
    expect(await consumedFrom(p1.peerId)).toEqual([h.peerId]);
    const marks = [p1, p2, p3].map((p) => p.client.notifications.length);
    await h.client.call('spotlight', { peerId: p2.peerId });
    for (const [i, p] of [p1, p2, p3].entries()) {
      const programme = await arrival(p.client, marks[i]!, 'programmeChanged', (d) => d.peerId === p2.peerId);
      expect(programme).toEqual({ peerId: p2.peerId, reason: 'spotlight', displayName: 'H-D1-C2 hall' });
    }
    for (const p of [p1, p3]) {
      await p.client.next('newConsumer', (d) => d.producerId === p2.camera);
      await p.client.next('newConsumer', (d) => d.producerId === p2.mic);
    }
    await settle();
    expect(await consumedFrom(p1.peerId)).toEqual([h.peerId, p2.peerId].sort());
    expect(await consumedFrom(p3.peerId)).toEqual([h.peerId, p2.peerId].sort());
    // The spotlighted point receives the host, not itself nor the others.
    expect(await consumedFrom(p2.peerId)).toEqual([h.peerId]);
    expect(p1.client.received('newConsumer').some((c) => c.peerId === p3.peerId)).toBe(false);
    // The host's view is unchanged: it still consumes every point.
    expect(await consumedFrom(h.peerId)).toEqual([p1.peerId, p2.peerId, p3.peerId].sort());
  });

  it('moves the points’ consumers when the spotlight changes, and back to the host alone when cleared', async () => {
    const p2Consumers = p1.client.received('newConsumer').filter((c) => c.peerId === p2.peerId);
    const mark = p1.client.notifications.length;
    await h.client.call('spotlight', { peerId: p3.peerId });
    for (const c of p2Consumers)
      await arrival(p1.client, mark, 'consumerClosed', (d) => d.consumerId === c.id);
    await p1.client.next('newConsumer', (d) => d.producerId === p3.camera);
    await p2.client.next('newConsumer', (d) => d.producerId === p3.camera);
    await settle();
    expect(await consumedFrom(p1.peerId)).toEqual([h.peerId, p3.peerId].sort());
    expect(await consumedFrom(p2.peerId)).toEqual([h.peerId, p3.peerId].sort());
    expect(await consumedFrom(p3.peerId)).toEqual([h.peerId]);

    const before = p1.client.notifications.length;
    await h.client.call('spotlight', { peerId: null });
    await arrival(p1.client, before, 'programmeChanged', (d) => d.peerId === null && d.reason === 'none');
    await settle();
    for (const p of [p1, p2, p3]) expect(await consumedFrom(p.peerId)).toEqual([h.peerId]);
    const audit = await api.app.services.audit.query({ action: 'room.spotlight' });
    expect(audit.items).toContainEqual(
      expect.objectContaining({
        actorKind: 'host',
        actorId: host.accountId,
        targetKind: 'point',
        targetId: tree.point('H-D1-C2').id,
        ip: expect.any(String),
      }),
    );
  });

  it('mutes a point’s microphone on the server and tells the point and the host', async () => {
    const hostConsumer = h.client.received('newConsumer').find((c) => c.producerId === p1.mic)!;
    const [pm, hm] = [p1.client.notifications.length, h.client.notifications.length];
    await h.client.call('mutePoint', { peerId: p1.peerId });
    expect((await serverPeer(p1.peerId)).producer(p1.mic).paused).toBe(true);
    expect(await arrival(p1.client, pm, 'mutedByHost')).toEqual({ source: 'mic' });
    expect(await arrival(h.client, hm, 'pointState', (d) => d.peerId === p1.peerId)).toEqual({
      peerId: p1.peerId,
      micMutedByHost: true,
      cameraOffByHost: false,
    });
    await arrival(h.client, hm, 'consumerPaused', (d) => d.consumerId === hostConsumer.id);
    const audit = await api.app.services.audit.query({ action: 'room.mute' });
    expect(audit.items[0]).toMatchObject({
      actorKind: 'host',
      targetKind: 'point',
      targetId: tree.point('H-D1-C1').id,
      ip: expect.any(String),
      details: { peerId: p1.peerId },
    });

    const um = p1.client.notifications.length;
    await h.client.call('unmutePoint', { peerId: p1.peerId });
    expect((await serverPeer(p1.peerId)).producer(p1.mic).paused).toBe(false);
    expect(await arrival(p1.client, um, 'unmutedByHost')).toEqual({ source: 'mic' });
  });

  it('refuses a muted point’s own unmute while the room says so, and allows it otherwise', async () => {
    await h.client.call('setRoomSettings', { pointsMayUnmute: false });
    await h.client.next('roomSettings', (d) => !d.pointsMayUnmute);
    await h.client.call('mutePoint', { peerId: p1.peerId });
    const refused = await p1.client.request('resumeProducer', { producerId: p1.mic });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await serverPeer(p1.peerId)).producer(p1.mic).paused).toBe(true);
    const audit = await api.app.services.audit.query({ action: 'signalling.denied' });
    expect(audit.items[0]).toMatchObject({
      actorKind: 'point',
      actorId: tree.point('H-D1-C1').id,
      details: { method: 'resumeProducer', source: 'mic' },
    });
    // Pausing itself further is always allowed.
    await p1.client.call('pauseProducer', { producerId: p1.mic });

    await h.client.call('setRoomSettings', { pointsMayUnmute: true });
    const hm = h.client.notifications.length;
    await p1.client.call('resumeProducer', { producerId: p1.mic });
    expect((await serverPeer(p1.peerId)).producer(p1.mic).paused).toBe(false);
    await arrival(h.client, hm, 'pointState', (d) => d.peerId === p1.peerId && !d.micMutedByHost);
  });

  it('keeps a point muted in a microphone it produces anew', async () => {
    await h.client.call('mutePoint', { peerId: p1.peerId });
    await p1.client.call('closeProducer', { producerId: p1.mic });
    const send = (await serverPeer(p1.peerId)).transportOf('send')!;
    const mark = p1.client.notifications.length;
    p1.mic = (
      await p1.client.call('produce', {
        transportId: send.id,
        kind: 'audio',
        rtpParameters: opus(),
        appData: { source: 'mic' },
      })
    ).id;
    expect((await serverPeer(p1.peerId)).producer(p1.mic).paused).toBe(true);
    await arrival(p1.client, mark, 'mutedByHost', (d) => d.source === 'mic');
    await h.client.call('unmutePoint', { peerId: p1.peerId });
  });

  it('turns a point’s camera off on the server', async () => {
    const mark = p2.client.notifications.length;
    await h.client.call('disableCamera', { peerId: p2.peerId });
    expect((await serverPeer(p2.peerId)).producer(p2.camera!).paused).toBe(true);
    expect(await arrival(p2.client, mark, 'mutedByHost')).toEqual({ source: 'camera' });
    await h.client.next('pointState', (d) => d.peerId === p2.peerId && d.cameraOffByHost);
    expect((await api.app.services.audit.query({ action: 'room.camera_off' })).total).toBe(1);
    await p2.client.call('resumeProducer', { producerId: p2.camera! });
    expect((await serverPeer(p2.peerId)).producer(p2.camera!).paused).toBe(false);
  });

  it('refuses every host control from a point with FORBIDDEN, acts on none and audits each', async () => {
    const attempts: { [M in RequestMethod]?: RequestData<M> } = {
      mutePoint: { peerId: p2.peerId },
      unmutePoint: { peerId: p2.peerId },
      disableCamera: { peerId: p2.peerId },
      spotlight: { peerId: p1.peerId },
      removePoint: { peerId: p2.peerId },
      readmitPoint: { pointId: tree.point('H-D1-C2').id },
      lockRoom: { locked: true },
      setRoomSettings: { pointsMayUnmute: false },
      endConference: {},
      grantFloor: { peerId: p1.peerId },
      dismissHand: { peerId: p2.peerId },
      setGridPage: { peerIds: [] },
    };
    const before = (await api.app.services.audit.query({ action: 'signalling.denied' })).total;
    for (const [method, data] of Object.entries(attempts)) {
      const refused = await p1.client.request(method as RequestMethod, data as never);
      expect(refused, method).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    const audit = await api.app.services.audit.query({ action: 'signalling.denied', limit: 100 });
    expect(audit.total - before).toBe(Object.keys(attempts).length);
    expect(audit.items.map((a) => (a.details as { method: string }).method).sort()).toEqual(
      expect.arrayContaining(Object.keys(attempts).sort()),
    );
    expect(audit.items.every((a) => a.actorKind === 'point' && a.ip)).toBe(true);
    // Nothing happened.
    expect((await serverPeer(p2.peerId)).producer(p2.mic).paused).toBe(false);
    expect((await room()).programme.peerId).toBeNull();
    expect((await room()).policy.locked).toBe(false);
    expect(await api.app.services.conferences.getLive(live.id)).toBeDefined();
    // A host has no hand to raise nor a hall to count.
    expect(await h.client.request('raiseHand', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('queues raised hands for the host; granting unmutes, spotlights and tells the point', async () => {
    await h.client.call('mutePoint', { peerId: p2.peerId });
    let mark = h.client.notifications.length;
    await p2.client.call('raiseHand', {});
    await p3.client.call('raiseHand', {});
    await p2.client.call('raiseHand', {});
    const queue = await arrival(h.client, mark, 'floorQueue', (d) => d.entries.length === 2);
    expect(queue.entries.map((e) => [e.peerId, e.pointId, e.name])).toEqual([
      [p2.peerId, tree.point('H-D1-C2').id, 'H-D1-C2 hall'],
      [p3.peerId, tree.point('H-D2-C1').id, 'H-D2-C1 hall'],
    ]);
    expect(queue.entries[0]!.since <= queue.entries[1]!.since).toBe(true);

    mark = h.client.notifications.length;
    const pm = p2.client.notifications.length;
    await h.client.call('grantFloor', { peerId: p2.peerId });
    expect((await serverPeer(p2.peerId)).producer(p2.mic).paused).toBe(false);
    await arrival(p2.client, pm, 'floorGranted');
    await arrival(p2.client, pm, 'unmutedByHost', (d) => d.source === 'mic');
    await arrival(
      p2.client,
      pm,
      'programmeChanged',
      (d) => d.peerId === p2.peerId && d.reason === 'spotlight',
    );
    const after = await arrival(h.client, mark, 'floorQueue');
    expect(after.entries.map((e) => e.peerId)).toEqual([p3.peerId]);
    await p1.client.next('newConsumer', (d) => d.producerId === p2.mic && d.peerId === p2.peerId);

    const p3m = p3.client.notifications.length;
    mark = h.client.notifications.length;
    await h.client.call('dismissHand', { peerId: p3.peerId });
    await arrival(p3.client, p3m, 'handDismissed');
    expect((await arrival(h.client, mark, 'floorQueue')).entries).toEqual([]);
    expect(await h.client.request('dismissHand', { peerId: p3.peerId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });

    mark = h.client.notifications.length;
    await p1.client.call('raiseHand', {});
    await p1.client.call('lowerHand', {});
    await arrival(h.client, mark, 'floorQueue', (d) => d.entries.length === 1);
    await arrival(h.client, mark + 1, 'floorQueue', (d) => d.entries.length === 0);
    expect((await api.app.services.audit.query({ action: 'room.floor_grant' })).total).toBe(1);
    expect((await api.app.services.audit.query({ action: 'room.floor_dismiss' })).total).toBe(1);
  });

  it('persists a point’s headcount and sends the hosts the live totals', async () => {
    const mark = h.client.notifications.length;
    await p1.client.call('setHeadcount', { headcount: 40 });
    await p2.client.call('setHeadcount', { headcount: 25 });
    await p1.client.call('setHeadcount', { headcount: 42 });
    const totals = await arrival(h.client, mark, 'attendance', (d) => d.total.people === 67);
    expect(totals).toMatchObject({ conferenceId: live.id, total: { pointsInvited: 4, pointsConnected: 3 } });
    expect(totals.byLevel).toEqual([expect.objectContaining({ level: 'commune', people: 67 })]);
    const rows = await api.app.database.db
      .selectFrom('attendance_events')
      .select(['point_id', 'headcount'])
      .where('conference_id', '=', live.id)
      .where('kind', '=', 'headcount')
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.point_id, Number(r.headcount)])).toEqual([
      [tree.point('H-D1-C1').id, 40],
      [tree.point('H-D1-C2').id, 25],
      [tree.point('H-D1-C1').id, 42],
    ]);
    for (const headcount of [-1, 10_001, 1.5]) {
      expect(await p1.client.request('setHeadcount', { headcount })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED' },
      });
    }
    expect(await h.client.request('setHeadcount', { headcount: 1 })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    // Debounced: a burst of changes makes at most about one notification a second.
    const sent = h.client.notifications.slice(mark).filter((n) => n.method === 'attendance').length;
    expect(sent).toBeLessThanOrEqual(2);
  });

  it('refuses a new point while the room is locked, but not one that was in it', async () => {
    await h.client.call('lockRoom', { locked: true });
    await h.client.next('roomSettings', (d) => d.locked);
    const newcomer = track(await connect(url, { token: pointToken('H-D2-C2') }));
    expect(await newcomer.request('join', { rtpCapabilities: deviceCapabilities() })).toMatchObject({
      ok: false,
      error: { code: 'ROOM_LOCKED' },
    });
    // A point that was in the room comes back (a newer session takes over its older one).
    const again = track(await connect(url, { token: pointToken('H-D2-C1') }));
    const older = p3.client;
    const rejoined = await enter(again, true);
    await older.next('replaced');
    p3 = rejoined;
    await h.client.call('lockRoom', { locked: false });
    const { peerId } = await newcomer.call('join', { rtpCapabilities: deviceCapabilities() });
    expect((await room()).peers.some((p) => p.id === peerId)).toBe(true);
    expect((await api.app.services.audit.query({ action: 'room.lock' })).total).toBe(1);
    newcomer.close();
  });

  it('removes a point, which may not rejoin this conference until readmitted', async () => {
    const removedPointId = tree.point('H-D2-C1').id;
    const disconnected = new Promise<void>((resolve) => p3.client.socket.once('disconnect', () => resolve()));
    await h.client.call('removePoint', { peerId: p3.peerId, reason: 'Mất trật tự' });
    expect(await p3.client.next('removed')).toEqual({ reason: 'Mất trật tự' });
    await disconnected;
    await h.client.next('peerLeft', (d) => d.peerId === p3.peerId);
    expect((await room()).peers.some((p) => p.identity.pointId === removedPointId)).toBe(false);

    const back = track(await connect(url, { token: pointToken('H-D2-C1') }));
    expect(await back.request('join', { rtpCapabilities: deviceCapabilities() })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const audit = await api.app.services.audit.query({ action: 'room.remove' });
    expect(audit.items[0]).toMatchObject({ targetKind: 'point', targetId: removedPointId });

    await h.client.call('readmitPoint', { pointId: removedPointId });
    await back.call('join', { rtpCapabilities: deviceCapabilities() });
  });

  it('ends the conference for everyone', async () => {
    const others = clients.filter((c) => c !== h.client && c.socket.connected);
    expect(others.length).toBeGreaterThanOrEqual(3);
    expect(await h.client.request('endConference', {})).toEqual({ ok: true, data: {} });
    for (const c of [h.client, ...others]) await c.next('conferenceEnded', (d) => d.conferenceId === live.id);
    const detail = await api.request({ method: 'GET', url: `/api/conferences/${live.id}`, as: host.token });
    expect(detail.json()).toMatchObject({ status: 'ended', endedAt: expect.any(String) });
    await waitFor('the room to close', async () =>
      (await api.app.rooms.find(live.id)) === undefined ? true : undefined,
    );
    const audit = await api.app.services.audit.query({ targetId: live.id });
    expect(audit.items.map((a) => a.action)).toEqual(expect.arrayContaining(['conference.end', 'room.end']));
  });
});
