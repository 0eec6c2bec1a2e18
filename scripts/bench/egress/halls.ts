import { NodePeer, type VideoOptions } from '../../../server/test/helpers/node-peer.js';
import { socketPort, type SocketPort } from '../../../server/test/helpers/node-peer/socket-port.js';
import type { Stack } from '../server-stack.js';

/*
 * The host and the halls of a Stack's conference as NodePeers: real WebRTC
 * (ICE, DTLS, libwebrtc's VP8 and Opus encoders), a synthetic camera and
 * microphone per hall. For the egress scenarios, where what matters is the
 * media the server and the media-worker receive, not how many halls send it.
 */

export interface Member {
  port: SocketPort;
  peer: NodePeer;
  peerId: string;
}

export interface NodeHalls {
  host: Member;
  /** In the stack's hall order, each sending its camera and microphone. */
  halls: Member[];
  /** What the peers could not handle (they cannot throw it to anyone). */
  errors(): Error[];
  close(): Promise<void>;
}

/** The host enters with its session, then each hall with its minted join token, one after the other. */
export async function joinNodeHalls(stack: Stack, camera: Partial<VideoOptions>): Promise<NodeHalls> {
  const members: Member[] = [];
  const close = async () => {
    for (const { peer, port } of members) {
      await peer.close();
      port.close();
    }
  };
  const enter = async (auth: Record<string, unknown>, name: string): Promise<Member> => {
    const port = await socketPort(stack.base, auth);
    try {
      const peer = await NodePeer.join(port, name);
      const member = { port, peer, peerId: (peer.joined as { peerId: string }).peerId };
      members.push(member);
      return member;
    } catch (error) {
      port.close();
      throw error;
    }
  };
  try {
    const host = await enter({ session: stack.hostToken, conferenceId: stack.conferenceId }, 'host');
    const halls: Member[] = [];
    for (const [i, token] of stack.joinTokens.entries()) {
      const hall = await enter({ token }, `hall ${i + 1}`);
      await hall.peer.produceVideo({ simulcast: false, ...camera });
      await hall.peer.produceAudio();
      halls.push(hall);
    }
    return { host, halls, errors: () => members.flatMap(({ peer }) => peer.errors), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Video frames the halls' libwebrtc encoders have sent, and the size of the last. */
async function sentVideo(halls: readonly Member[]) {
  const outbound = (await Promise.all(halls.map((h) => h.peer.stats()))).flatMap((s) =>
    s.outbound.filter((o) => o.kind === 'video'),
  );
  return {
    frames: outbound.reduce((sum, o) => sum + o.framesEncoded, 0),
    size: `${outbound[0]?.frameWidth ?? 0}x${outbound[0]?.frameHeight ?? 0}`,
  };
}

/** What each hall really sent (mean fps, last size) while `measure` ran: a loaded machine makes libwebrtc drop frames or size. */
export async function measuringSent<T>(halls: readonly Member[], measure: () => Promise<T>) {
  const before = await sentVideo(halls);
  const startedAt = performance.now();
  const value = await measure();
  const after = await sentVideo(halls);
  const seconds = (performance.now() - startedAt) / 1_000;
  const fps = Math.round(((after.frames - before.frames) / seconds / halls.length) * 10) / 10;
  return { value, sent: { fps, size: after.size } };
}
