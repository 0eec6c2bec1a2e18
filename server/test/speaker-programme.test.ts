import type { NotificationData } from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPEAKER_HOLD_MS } from '../src/sfu/programme.js';
import { startLiveConference } from './helpers/live-conference.js';
import { startTestApi } from './helpers/api.js';
import { SPEECH, framesAt, notificationsOf, notified, rises, staysFlat } from './helpers/media-flow.js';
import { twoTier } from './helpers/tree-fixture.js';
import { NodePeer } from './helpers/node-peer.js';
import { socketPort, type SocketPort } from './helpers/node-peer/socket-port.js';

/*
 * With no spotlight, the point that speaks becomes the programme once it has
 * been the dominant speaker for the hold, and the other points then receive
 * its media. mediasoup's detector makes the first (or only) microphone
 * dominant whatever it carries, and a point then has to out-speak it.
 */

const VIDEO = { width: 320, height: 180, fps: 15, simulcast: false };
const POINTS = ['S-C1', 'S-C2', 'S-C3'];

interface Member {
  name: string;
  port: SocketPort;
  peer: NodePeer;
  peerId: string;
  video: string;
  audio?: string;
  /** performance.now() at each notification's arrival, by its data (the object `peer.notifications` holds). */
  arrivals: WeakMap<object, number>;
}

/** A live conference with a host and points A, B and C, each sending a camera; microphones are up to the test. */
async function openRoom() {
  const api = await startTestApi('sqlite');
  const fixture = await startLiveConference(api, twoTier('S'), POINTS);
  const opened: Member[] = [];
  async function enter(auth: Record<string, unknown>, name: string): Promise<Member> {
    const port = await socketPort(fixture.url, auth);
    const arrivals = new WeakMap<object, number>();
    port.onNotification((_method, data) => arrivals.set(data as object, performance.now()));
    const peer = await NodePeer.join(port, name);
    const peerId = (peer.joined as { peerId: string }).peerId;
    const member: Member = { name, port, peer, peerId, video: '', arrivals };
    opened.push(member);
    member.video = await peer.produceVideo(VIDEO);
    return member;
  }
  const host = await enter({ session: fixture.host.token, conferenceId: fixture.conference.id }, 'host');
  const [a, b, c] = (await Promise.all(
    POINTS.map((code, i) => enter({ token: fixture.pointToken(code) }, 'ABC'[i]!)),
  )) as [Member, Member, Member];
  const room = async () => (await api.app.rooms.find(fixture.conference.id))!;
  return {
    host,
    a,
    b,
    c,
    room,
    /** Whose media a peer consumes on the server, as peer ids. */
    consumedFrom: async (m: Member) => {
      const peer = (await room()).peers.find((p) => p.id === m.peerId)!;
      return new Set([...peer.consumers.values()].map((x) => x.appData.peerId));
    },
    async close() {
      for (const m of opened) {
        await m.peer.close();
        m.port.close();
      }
      await api.close();
      for (const m of opened) expect(m.peer.errors).toEqual([]);
    },
  };
}

const speakerProgramme = (peerId: string) => (d: NotificationData<'programmeChanged'>) =>
  d.peerId === peerId && d.reason === 'speaker';
const hold = () => new Promise((resolve) => setTimeout(resolve, SPEAKER_HOLD_MS + 500));

describe('the point that speaks as the programme, with real media (sqlite)', () => {
  let r: Awaited<ReturnType<typeof openRoom>>;

  beforeAll(async () => {
    r = await openRoom();
    // The host's steady tone opens first: the detector starts with a dominant speaker that is
    // not a point, which a point then has to out-speak. B's microphone starts muted by the host.
    r.host.audio = await r.host.peer.produceAudio();
    await notified(r.host.peer, 'activeSpeaker', (d) => d.peerId === r.host.peerId);
    await r.host.port.call('mutePoint', { peerId: r.b.peerId });
    r.b.audio = await r.b.peer.produceAudio({ ...SPEECH, amplitude: 16_000 });
  }, 30_000);

  afterAll(async () => {
    await r?.close();
  });

  it('has no programme while no point speaks', async () => {
    const { host, a, b, c } = r;
    await hold();
    expect((await r.room()).programme).toEqual({ peerId: null, reason: 'none' });
    for (const p of [a, b, c]) {
      expect(await r.consumedFrom(p)).toEqual(new Set([host.peerId]));
      expect(notificationsOf(p.peer, 'programmeChanged')).toEqual([{ peerId: null, reason: 'none' }]);
    }
  });

  it('makes a point that speaks the programme after the hold, and the other points decode it', async () => {
    const { host, a, b, c } = r;
    a.audio = await a.peer.produceAudio(SPEECH);
    const heard = await notified(host.peer, 'activeSpeaker', (d) => d.peerId === a.peerId);
    for (const p of [a, b, c]) {
      const data = await notified(p.peer, 'programmeChanged', speakerProgramme(a.peerId));
      // A hall is named by its registered point (the fixture names each `<code> hall`).
      expect(data.displayName).toBe(`${POINTS[0]} hall`);
      // Not before A has been the dominant speaker for the hold (slack for a busy event loop).
      const waited = p.arrivals.get(data)! - host.arrivals.get(heard)!;
      expect(waited).toBeGreaterThanOrEqual(SPEAKER_HOLD_MS - 500);
    }
    await rises('C decoding A', () => framesAt(c.peer, a.video), 15);
    await rises('B decoding A', () => framesAt(b.peer, a.video), 15);
    expect(c.peer.receives(b.video)).toBe(false);
    expect(a.peer.receives(a.video)).toBe(false);
    expect(await r.consumedFrom(c)).toEqual(new Set([host.peerId, a.peerId]));
  });

  it('moves the programme to a point that speaks up when the former speaker goes silent', async () => {
    const { host, a, b, c } = r;
    const marks = [host, a, b, c].map((p) => p.peer.notifications.length);
    await host.port.call('unmutePoint', { peerId: b.peerId });
    await a.port.call('pauseProducer', { producerId: a.audio });
    await notified(host.peer, 'activeSpeaker', (d) => d.peerId === b.peerId, marks[0]);
    for (const [i, p] of [a, b, c].entries()) {
      await notified(p.peer, 'programmeChanged', speakerProgramme(b.peerId), marks[i + 1]);
    }
    await rises('C decoding B', () => framesAt(c.peer, b.video), 15);
    await rises('A decoding B', () => framesAt(a.peer, b.video), 15);
    await staysFlat(() => framesAt(c.peer, a.video));
    expect(await r.consumedFrom(c)).toEqual(new Set([host.peerId, b.peerId]));
    expect(b.peer.receives(b.video)).toBe(false);
  });
});

describe('a point the host muted, as the only microphone (sqlite)', () => {
  let r: Awaited<ReturnType<typeof openRoom>>;

  beforeAll(async () => {
    r = await openRoom();
  }, 30_000);

  afterAll(async () => {
    await r?.close();
  });

  // Fails today: the detector makes the only microphone dominant even while it is paused, and the
  // room takes that for speech (see the report on Room#announceSpeaker).
  it('does not make it the programme', async () => {
    const { host, b, c } = r;
    await host.port.call('mutePoint', { peerId: b.peerId });
    b.audio = await b.peer.produceAudio(SPEECH);
    await hold();
    expect(notificationsOf(c.peer, 'programmeChanged')).toEqual([{ peerId: null, reason: 'none' }]);
    expect(c.peer.receives(b.video)).toBe(false);
    expect((await r.room()).programme).toEqual({ peerId: null, reason: 'none' });
  });
});
