import type { Conference } from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveConference, type LiveConference } from './helpers/live-conference.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { twoTier, type Tree } from './helpers/tree-fixture.js';
import { rises, staysFlat } from './helpers/media-flow.js';
import { waitFor } from './helpers/wait.js';
import { NodePeer, type ReceivedMedia } from './helpers/node-peer.js';
import { socketPort, type SocketPort } from './helpers/node-peer/socket-port.js';

/*
 * Real media through the whole stack: socket.io signalling, the room, the
 * mediasoup worker, and mediasoup-client over libwebrtc in this process. Every
 * assertion about who receives what is made at the receiver, on decoded frames
 * and audible audio (and, for "receives nothing", on the absence of a consumer).
 */

/** Single-layer 640x360 keeps four senders and their receivers within this box's two cores. */
const VIDEO = { width: 640, height: 360, fps: 15, simulcast: false };

interface Member {
  name: string;
  port: SocketPort;
  peer: NodePeer;
  peerId: string;
  video: string;
  audio?: string;
}

const peerIdOf = (peer: NodePeer) => (peer.joined as { peerId: string }).peerId;

/** What `receiver` decoded from `producerId`; zeros when it has no consumer of it. */
function got(receiver: Member, producerId: string | undefined): ReceivedMedia {
  if (producerId && receiver.peer.receives(producerId)) return receiver.peer.received(producerId);
  return { kind: 'video', videoFrames: 0, audioFrames: 0, audibleFrames: 0, width: 0, height: 0, firstAt: 0 };
}

const frames = (m: Member, from: Member) => got(m, from.video).videoFrames;
const audible = (m: Member, from: Member) => got(m, from.audio).audibleFrames;

describe('live conference with real media (sqlite)', () => {
  let api: TestApi;
  let url: string;
  let hostToken: string;
  let tree: Tree;
  let live: Conference;
  let host: Member;
  let a: Member;
  let b: Member;
  let c: Member;
  const opened: Member[] = [];

  let pointToken: LiveConference['pointToken'];
  const room = async () => (await api.app.rooms.find(live.id))!;
  /** Whose media a peer consumes on the server, as peer ids. */
  const consumedFrom = async (m: Member) => {
    const peer = (await room()).peers.find((p) => p.id === m.peerId)!;
    return [...new Set([...peer.consumers.values()].map((x) => x.appData.peerId))].sort();
  };

  /** Connects, joins through NodePeer and produces the camera (and the microphone unless told not to). */
  async function enter(auth: Record<string, unknown>, name: string, withAudio: boolean): Promise<Member> {
    const port = await socketPort(url, auth);
    return produce(port, await NodePeer.join(port, name), name, withAudio);
  }
  async function produce(port: SocketPort, peer: NodePeer, name: string, withAudio: boolean) {
    const video = await peer.produceVideo(VIDEO);
    const audio = withAudio ? await peer.produceAudio() : undefined;
    const member: Member = { name, port, peer, peerId: peerIdOf(peer), video, ...(audio ? { audio } : {}) };
    opened.push(member);
    return member;
  }
  /** Joins again on the same socket (after `reconnect`): a new device, transports and producers. */
  async function rejoin(m: Member): Promise<Member> {
    await m.peer.close();
    const peer = await waitFor(`${m.name} to join again`, () => NodePeer.join(m.port, m.name), 10_000);
    return produce(m.port, peer, m.name, m.audio !== undefined);
  }
  const gridPage = (...points: Member[]) =>
    host.port.call('setGridPage', { peerIds: points.map((p) => p.peerId) });

  beforeAll(async () => {
    api = await startTestApi('sqlite');
    const fixture = await startLiveConference(
      api,
      twoTier('M'),
      ['M-C1', 'M-C2', 'M-C3'],
      'Hội nghị trực tuyến',
    );
    ({ url, tree, pointToken } = fixture);
    hostToken = fixture.host.token;
    live = fixture.conference;
    host = await enter({ session: hostToken, conferenceId: live.id }, 'host', true);
    // The points' microphones open once the host has set a spotlight (below): with a tone on every
    // point, the active speaker would otherwise become the programme after its 2 s hold.
    [a, b, c] = await Promise.all([
      enter({ token: pointToken('M-C1') }, 'A', false),
      enter({ token: pointToken('M-C2') }, 'B', false),
      enter({ token: pointToken('M-C3') }, 'C', false),
    ]);
  }, 30_000);

  afterAll(async () => {
    for (const m of opened) {
      await m.peer.close();
      m.port.close();
    }
    await api?.close();
    for (const m of opened) expect(m.peer.errors).toEqual([]);
  });

  it('lets the host decode every point on its grid page, and each point only the host', async () => {
    await gridPage(a, b, c);
    for (const p of [a, b, c]) {
      await rises(`host decoding ${p.name}`, () => frames(host, p), 15);
      await rises(`${p.name} decoding the host`, () => frames(p, host), 15);
      await rises(`${p.name} hearing the host`, () => audible(p, host), 20);
    }
    expect(got(host, a.video)).toMatchObject({ width: 640, height: 360 });
    expect((await room()).programme.peerId).toBeNull();
    for (const p of [a, b, c]) {
      expect(await consumedFrom(p)).toEqual([host.peerId]);
      for (const other of [a, b, c].filter((o) => o !== p)) expect(p.peer.receives(other.video)).toBe(false);
    }
  });

  it('sends the spotlighted point to the other points, not back to itself', async () => {
    await host.port.call('spotlight', { peerId: a.peerId });
    const withAudio = async (p: Member): Promise<Member> => ({ ...p, audio: await p.peer.produceAudio() });
    [a, b, c] = await Promise.all([withAudio(a), withAudio(b), withAudio(c)]);
    for (const p of [a, b, c]) await rises(`host hearing ${p.name}`, () => audible(host, p), 20);
    for (const p of [b, c]) {
      await rises(`${p.name} decoding A`, () => frames(p, a), 15);
      await rises(`${p.name} hearing A`, () => audible(p, a), 20);
      expect(p.peer.receives(p === b ? c.video : b.video)).toBe(false);
    }
    expect(a.peer.receives(a.video)).toBe(false);
    expect(a.peer.receives(a.audio!)).toBe(false);
    expect(await consumedFrom(a)).toEqual([host.peerId]);
  });

  it('stops a muted point’s audio everywhere while its video goes on', async () => {
    await host.port.call('mutePoint', { peerId: a.peerId });
    await waitFor('mutedByHost at A', async () =>
      a.peer.notifications.some((n) => n.method === 'mutedByHost') ? true : undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 300)); // what was in flight plays out
    await Promise.all([host, b, c].map((r) => staysFlat(() => audible(r, a))));
    for (const r of [host, b, c]) await rises(`${r.name} still decoding A`, () => frames(r, a), 10);

    await host.port.call('unmutePoint', { peerId: a.peerId });
    for (const r of [host, b, c]) await rises(`${r.name} hearing A again`, () => audible(r, a), 20);
  });

  it('moves the points to the new spotlight', async () => {
    await host.port.call('spotlight', { peerId: b.peerId });
    await rises('C decoding B', () => frames(c, b), 15);
    await rises('C hearing B', () => audible(c, b), 20);
    await rises('A decoding B', () => frames(a, b), 15);
    await staysFlat(() => frames(c, a));
    await staysFlat(() => audible(c, a), 500);
    expect(await consumedFrom(c)).toEqual([host.peerId, b.peerId].sort());
    expect(b.peer.receives(b.video)).toBe(false);
  });

  it('refuses a point’s host controls with FORBIDDEN', async () => {
    for (const [method, data] of [
      ['mutePoint', { peerId: b.peerId }],
      ['spotlight', { peerId: c.peerId }],
      ['setGridPage', { peerIds: [] }],
    ] as const) {
      await expect(c.port.call(method, data)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    // Nothing changed: C still receives B.
    await rises('C decoding B', () => frames(c, b), 10);
  });

  it('keeps one peer for a point that reconnects on a new socket, and its media resumes', async () => {
    const pointId = tree.point('M-C3').id;
    const older = c;
    // The old socket is left open, as after a network drop the server has not noticed yet.
    c = await enter({ token: pointToken('M-C3') }, 'C', true);
    await waitFor('the old session to be replaced', async () =>
      older.peer.notifications.some((n) => n.method === 'replaced') && !older.port.socket.connected
        ? true
        : undefined,
    );
    await older.peer.close();
    const points = (await room()).peers.filter((p) => p.identity.pointId === pointId);
    expect(points.map((p) => p.id)).toEqual([c.peerId]);
    expect((await room()).peerCount).toBe(4);

    await gridPage(a, b, c);
    await rises('host decoding the new C', () => frames(host, c), 15);
    await rises('host hearing the new C', () => audible(host, c), 20);
    await rises('the new C decoding the host', () => frames(c, host), 15);
    await rises('the new C decoding B', () => frames(c, b), 15);
  });

  it('lets a point whose socket closed come back with a fresh join token, once', async () => {
    const pointId = tree.point('M-C1').id;
    const older = a;
    older.port.close();
    await waitFor('the server to drop A', async () =>
      (await room()).peers.some((p) => p.identity.pointId === pointId) ? undefined : true,
    );
    await older.peer.close();
    a = await enter({ token: pointToken('M-C1') }, 'A', true);
    const points = (await room()).peers.filter((p) => p.identity.pointId === pointId);
    expect(points.map((p) => p.id)).toEqual([a.peerId]);
    expect((await room()).peerCount).toBe(4);

    await gridPage(a, b, c);
    await rises('host decoding the new A', () => frames(host, a), 15);
    await rises('the new A decoding the host', () => frames(a, host), 15);
    await rises('the new A decoding B', () => frames(a, b), 15);
  });

  it('survives a killed mediasoup worker: peers rejoin and media flows again', async () => {
    const before = await room();
    const slot = api.app.pool.alive.find((s) => s.index === before.workerIndex)!;
    const marks = [host, a, b, c].map((m) => m.peer.notifications.length);
    process.kill(slot.worker.pid, 'SIGKILL');
    await waitFor('reconnect at every peer', async () =>
      [host, a, b, c].every((m, i) =>
        m.peer.notifications.slice(marks[i]).some((n) => n.method === 'reconnect'),
      )
        ? true
        : undefined,
    );
    [host, a, b, c] = await Promise.all([rejoin(host), rejoin(a), rejoin(b), rejoin(c)]);
    const rebuilt = await room();
    expect(rebuilt).not.toBe(before);
    expect(rebuilt.peerCount).toBe(4);

    await gridPage(a, b, c);
    for (const p of [a, b, c]) {
      await rises(`host decoding ${p.name} after the restart`, () => frames(host, p), 15);
      await rises(`${p.name} decoding the host after the restart`, () => frames(p, host), 15);
    }
    // The spotlight outlived the room: A and C receive B again, B does not receive A or C.
    await rises('A decoding B after the restart', () => frames(a, b), 15);
    await rises('C hearing B after the restart', () => audible(c, b), 20);
    expect(b.peer.receives(a.video)).toBe(false);
  });
});
