import type { Conference } from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveConference } from './helpers/live-conference.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import {
  SPEECH,
  audibleAt,
  framesAt,
  notificationsOf,
  notified,
  rises,
  staysFlat,
} from './helpers/media-flow.js';
import { mediasoupTestEnv } from './helpers/ports.js';
import { twoTier } from './helpers/tree-fixture.js';
import { waitFor } from './helpers/wait.js';
import { NodePeer } from './helpers/node-peer.js';
import { socketPort, type SocketPort } from './helpers/node-peer/socket-port.js';

/*
 * A room spread over two routers, with real media. Two workers and a budget of
 * 3 consumers per router: the host and P1 fill the first router (P1's two
 * consumers of the host, the host's one of P1's camera), so P2 and P3 land on a
 * router of the other worker, and media crosses between them via pipeToRouter.
 * Each point joins once the previous one's consumers are counted, and the
 * points open their microphones only after the spotlight is set (a speaker
 * programme would add consumers): so the routers are chosen deterministically.
 */

/** Small single-layer video keeps four senders and their receivers light on this box's two cores. */
const VIDEO = { width: 320, height: 180, fps: 15, simulcast: false };

interface Member {
  name: string;
  port: SocketPort;
  peer: NodePeer;
  peerId: string;
  video: string;
  audio?: string;
}

describe('real media in a room spread over two workers (sqlite)', () => {
  let api: TestApi;
  let live: Conference;
  let host: Member;
  let p1: Member;
  let p2: Member;
  let p3: Member;
  const opened: Member[] = [];

  const room = async () => (await api.app.rooms.find(live.id))!;
  const serverPeer = async (m: Member) => (await room()).peers.find((p) => p.id === m.peerId)!;
  const frames = (receiver: Member, from: Member) => framesAt(receiver.peer, from.video);
  const audible = (receiver: Member, from: Member) => audibleAt(receiver.peer, from.audio!);

  async function enter(url: string, auth: Record<string, unknown>, name: string): Promise<Member> {
    const port = await socketPort(url, auth);
    const peer = await NodePeer.join(port, name);
    const member = { name, port, peer, peerId: (peer.joined as { peerId: string }).peerId, video: '' };
    opened.push(member);
    member.video = await peer.produceVideo(VIDEO);
    return member;
  }

  beforeAll(async () => {
    api = await startTestApi('sqlite', {
      ...(await mediasoupTestEnv(2)),
      MEDIASOUP_CONSUMERS_PER_ROUTER: '3',
    });
    const codes = ['W-C1', 'W-C2', 'W-C3'];
    const fixture = await startLiveConference(api, twoTier('W'), codes);
    live = fixture.conference;
    host = await enter(fixture.url, { session: fixture.host.token, conferenceId: live.id }, 'host');
    host.audio = await host.peer.produceAudio();
    const points: Member[] = [];
    for (const [i, code] of codes.entries()) {
      const p = await enter(fixture.url, { token: fixture.pointToken(code) }, `P${i + 1}`);
      await waitFor(`${p.name}'s consumers`, async () =>
        p.peer.receives(host.video) && p.peer.receives(host.audio!) && host.peer.receives(p.video)
          ? true
          : undefined,
      );
      points.push(p);
    }
    [p1, p2, p3] = points as [Member, Member, Member];
    await host.port.call('spotlight', { peerId: p1.peerId });
    await host.port.call('setGridPage', { peerIds: points.map((p) => p.peerId) });
    // Steady tones for P1 and P2 (heard, but never speech to the detector); P3 speaks.
    p1.audio = await p1.peer.produceAudio();
    p2.audio = await p2.peer.produceAudio();
    p3.audio = await p3.peer.produceAudio(SPEECH);
  }, 30_000);

  afterAll(async () => {
    for (const m of opened) {
      await m.peer.close();
      m.port.close();
    }
    await api?.close();
    for (const m of opened) expect(m.peer.errors).toEqual([]);
  });

  it('puts the points that joined over budget on a router of the other worker', async () => {
    const r = await room();
    expect(r.routers).toHaveLength(2);
    const [first, second] = r.routers as [(typeof r.routers)[0], (typeof r.routers)[0]];
    expect(first.workerIndex).not.toBe(second.workerIndex);
    for (const [m, router] of [
      [host, first],
      [p1, first],
      [p2, second],
      [p3, second],
    ] as const) {
      const peer = await serverPeer(m);
      expect(r.routerOf(peer), m.name).toBe(router);
      // mediasoup agrees: both of the peer's transports live on that router.
      const { transportIds } = await router.router.dump();
      expect(peer.transports.size).toBe(2);
      for (const id of peer.transports.keys()) expect(transportIds, m.name).toContain(id);
    }
  });

  it('lets the points on the second router decode and hear the host and the programme of the first', async () => {
    for (const p of [p2, p3]) {
      await rises(`${p.name} decoding the host`, () => frames(p, host), 15);
      await rises(`${p.name} hearing the host`, () => audible(p, host), 20);
      await rises(`${p.name} decoding P1`, () => frames(p, p1), 15);
      await rises(`${p.name} hearing P1`, () => audible(p, p1), 20);
      expect(p.peer.received(p1.video)).toMatchObject({ width: 320, height: 180 });
    }
    await rises('P1 decoding the host', () => frames(p1, host), 15);
    // What P2 and P3 decode of P1 comes from its copy on their router.
    const second = (await room()).routers[1]!;
    const piped = (await second.router.dump()).mapProducerIdConsumerIds.map((m) => m.key);
    expect(piped).toEqual(expect.arrayContaining([p1.video, p1.audio]));
    expect(p2.peer.receives(p3.video)).toBe(false);
    expect(p3.peer.receives(p2.video)).toBe(false);
  });

  it('lets the host on the first router decode and hear the points of the second', async () => {
    for (const p of [p2, p3]) {
      await rises(`host decoding ${p.name}`, () => frames(host, p), 15);
      expect(host.peer.received(p.video)).toMatchObject({ width: 320, height: 180 });
    }
    await rises('host hearing P2', () => audible(host, p2), 20);
    await rises('host hearing P1', () => audible(host, p1), 20);
  });

  it('moves the points to a programme on the second router', async () => {
    await host.port.call('spotlight', { peerId: p3.peerId });
    await rises('P1 decoding P3', () => frames(p1, p3), 15);
    await rises('P2 decoding P3', () => frames(p2, p3), 15);
    await staysFlat(() => frames(p2, p1));
    const p2Consumes = [...(await serverPeer(p2)).consumers.values()].map((c) => c.appData.peerId);
    expect(new Set(p2Consumes)).toEqual(new Set([host.peerId, p3.peerId]));
    expect(p3.peer.receives(p3.video)).toBe(false);
  });

  it('announces a speaking point of the second router to the host, with its level until it goes silent', async () => {
    await notified(host.peer, 'activeSpeaker', (d) => d.peerId === p3.peerId);
    // Once P1 and P2 are muted (paused on the server when the calls return), P3 is alone in the meters
    // (the host's microphone is never in them).
    await host.port.call('mutePoint', { peerId: p1.peerId });
    await host.port.call('mutePoint', { peerId: p2.peerId });
    const muted = host.peer.notifications.length;
    const { levels } = await notified(
      host.peer,
      'audioLevels',
      (d) => d.levels.length === 1 && d.levels[0]!.peerId === p3.peerId,
      muted,
    );
    expect(levels[0]!.volume).toBeGreaterThan(-70);

    const mark = host.peer.notifications.length;
    await p3.port.call('pauseProducer', { producerId: p3.audio });
    await notified(host.peer, 'audioLevels', (d) => d.levels.length === 0, mark);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = notificationsOf(host.peer, 'audioLevels', mark);
    expect(after.at(-1)).toEqual({ levels: [] });
  });
});
