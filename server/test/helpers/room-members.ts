// Node peers that join a live conference's room over the real socket.io signalling, and their
// teardown: the member list the recording, livestream and metrics tests keep.
import { NodePeer } from './node-peer.js';
import { socketPort, type SocketPort } from './node-peer/socket-port.js';

export interface RoomMember {
  port: SocketPort;
  peer: NodePeer;
}

/** Opens a signalling socket with `auth`, joins the room as `name`, and adds the member to `members`. */
export async function enterRoom(
  members: RoomMember[],
  url: string,
  auth: Record<string, unknown>,
  name: string,
): Promise<RoomMember> {
  const port = await socketPort(url, auth);
  const member = { port, peer: await NodePeer.join(port, name) };
  members.push(member);
  return member;
}

/** Closes every member's peer, then its socket. */
export async function closeMembers(members: readonly RoomMember[]): Promise<void> {
  for (const m of members) {
    await m.peer.close();
    m.port.close();
  }
}
