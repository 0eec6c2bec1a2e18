import type { Conference } from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPlain } from '../src/sfu/peer.js';
import { startLiveConference } from './helpers/live-conference.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { twoTier, type Tree } from './helpers/tree-fixture.js';
import { waitFor } from './helpers/wait.js';
import { NodePeer } from './helpers/node-peer.js';
import { socketPort, type SocketPort } from './helpers/node-peer/socket-port.js';

/*
 * A point whose network changed restarts ICE on its live transports (docs/signalling.md,
 * `restartIce`): real libwebrtc against the real mediasoup worker over socket.io. The point
 * must come through as the same peer, on a new ICE session, with media flowing both ways.
 */

/** Single-layer 640x360, as in live-media.test.ts: light enough for this box. */
const VIDEO = { width: 640, height: 360, fps: 15, simulcast: false };

interface Member {
  port: SocketPort;
  peer: NodePeer;
  peerId: string;
  video: string;
}

describe('ICE restart (sqlite)', () => {
  let api: TestApi;
  let url: string;
  let tree: Tree;
  let live: Conference;
  let host: Member;
  let point: Member;
  const opened: Member[] = [];

  const room = async () => (await api.app.rooms.find(live.id))!;
  const frames = (receiver: Member, from: Member) =>
    receiver.peer.receives(from.video) ? receiver.peer.received(from.video).videoFrames : 0;
  /** Resolves once `count()` has risen by `by` over its value now. */
  const rises = async (what: string, count: () => number, by = 15) => {
    const start = count();
    await waitFor(what, async () => (count() >= start + by ? true : undefined), 10_000);
  };
  /** The point's server-side transports, by direction. */
  const serverTransports = async () => {
    const peer = (await room()).peers.find((p) => p.id === point.peerId);
    if (!peer) throw new Error('the point is not in the room');
    return [...peer.transports.values()]
      .filter((t) => !isPlain(t))
      .map((t) => ({
        direction: t.appData.direction,
        usernameFragment: t.iceParameters.usernameFragment,
        iceState: t.iceState,
        remotePort: t.iceSelectedTuple?.remotePort,
      }));
  };
  async function enter(auth: Record<string, unknown>, name: string): Promise<Member> {
    const port = await socketPort(url, auth);
    const peer = await NodePeer.join(port, name);
    const video = await peer.produceVideo(VIDEO);
    await peer.produceAudio();
    const member = { port, peer, peerId: (peer.joined as { peerId: string }).peerId, video };
    opened.push(member);
    return member;
  }

  beforeAll(async () => {
    api = await startTestApi('sqlite');
    const fixture = await startLiveConference(api, twoTier('M'), ['M-C1'], 'Hội nghị trực tuyến');
    ({ url, tree } = fixture);
    live = fixture.conference;
    const hostToken = fixture.host.token;
    host = await enter({ session: hostToken, conferenceId: live.id }, 'host');
    point = await enter({ token: fixture.pointToken('M-C1') }, 'point');
    await host.port.call('setGridPage', { peerIds: [point.peerId] });
  }, 20_000);

  afterAll(async () => {
    for (const m of opened) {
      await m.peer.close();
      m.port.close();
    }
    await api?.close();
  });

  it('keeps a point that restarts ICE as one peer on a new ICE session, media flowing both ways', async () => {
    await rises('host decoding the point', () => frames(host, point));
    await rises('the point decoding the host', () => frames(point, host));
    const before = await serverTransports();
    expect(before.map((t) => t.direction).sort()).toEqual(['recv', 'send']);
    const marks = { host: host.peer.notifications.length, point: point.peer.notifications.length };

    await point.peer.restartIce();

    const after = await serverTransports();
    for (const [i, t] of after.entries()) {
      expect(t.direction).toBe(before[i]!.direction);
      expect(t.usernameFragment).not.toBe(before[i]!.usernameFragment);
    }
    // libwebrtc's new ICE session gathers new candidates: the server selects a tuple from a new client port.
    await waitFor('a new ICE session on both transports', async () => {
      const now = await serverTransports();
      return now.every(
        (t, i) => ['connected', 'completed'].includes(t.iceState) && t.remotePort !== before[i]!.remotePort,
      )
        ? true
        : undefined;
    });

    await rises('host decoding the point after the restart', () => frames(host, point));
    await rises('the point decoding the host after the restart', () => frames(point, host));

    const pointId = tree.point('M-C1').id;
    expect((await room()).peers.filter((p) => p.identity.pointId === pointId).map((p) => p.id)).toEqual([
      point.peerId,
    ]);
    const since = (m: Member, mark: number) => m.peer.notifications.slice(mark).map((n) => n.method);
    expect(since(host, marks.host)).not.toContain('peerLeft');
    expect(since(host, marks.host)).not.toContain('peerJoined');
    for (const method of ['replaced', 'reconnect', 'removed']) {
      expect(since(point, marks.point)).not.toContain(method);
    }
    for (const m of [host, point]) expect(m.peer.errors).toEqual([]);
  });
});
