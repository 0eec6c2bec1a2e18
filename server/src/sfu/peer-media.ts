// The rules of a peer's media: which transports and producers it may add (one receive
// transport, one producer per source of that source's kind), and connecting a transport once.
import type { MediaKind, MediaSource, RtpParameters } from '@diemcau/protocol';
import type { Direction, Peer, PeerTransport } from './peer.js';
import { RoomError, withClientInput } from './room-error.js';

export interface ProduceInput {
  transportId: string;
  kind: MediaKind;
  rtpParameters: RtpParameters;
  source: MediaSource;
  paused?: boolean;
}

const SOURCE_KIND: Record<MediaSource, MediaKind> = { mic: 'audio', camera: 'video', screen: 'video' };

/** An encoder sends each source from its own port: one plain send transport per source at most. */
const MAX_PLAIN_SEND_TRANSPORTS = Object.keys(SOURCE_KIND).length;

/**
 * One receive transport per peer, of either kind (a client that lost
 * connectivity restarts ICE instead); one WebRTC send transport; a plain
 * send transport per media source (an encoder sends each from its own port).
 */
export function checkNewTransport(peer: Peer, plain: boolean, direction: Direction): void {
  if (direction === 'recv' && peer.transportOf('recv'))
    throw new RoomError('CONFLICT', 'a recv transport exists already');
  if (direction === 'send' && !plain && peer.webRtcTransportOf('send'))
    throw new RoomError('CONFLICT', 'a WebRTC send transport exists already');
  if (direction === 'send' && plain && peer.plainCount('send') >= MAX_PLAIN_SEND_TRANSPORTS)
    throw new RoomError('CONFLICT', `at most ${MAX_PLAIN_SEND_TRANSPORTS} plain send transports`);
}

/** A producer goes on a send transport, carries its source's kind, and is the peer's only one of that source. */
export function checkNewProducer(peer: Peer, transport: PeerTransport, input: ProduceInput): void {
  if (transport.appData.direction !== 'send')
    throw new RoomError('VALIDATION_FAILED', 'not a send transport');
  if (SOURCE_KIND[input.source] !== input.kind) {
    throw new RoomError(
      'VALIDATION_FAILED',
      `a ${input.source} producer carries ${SOURCE_KIND[input.source]}`,
    );
  }
  if ([...peer.producers.values()].some((p) => p.appData.source === input.source)) {
    throw new RoomError('CONFLICT', `a ${input.source} producer exists already`);
  }
}

/** Connects a transport with the client's parameters, once: a second try is a CONFLICT, a failed one may retry. */
export async function connectOnce(
  transport: PeerTransport,
  what: string,
  connect: () => Promise<void>,
): Promise<void> {
  if (transport.appData.connected) throw new RoomError('CONFLICT', 'the transport is connected already');
  transport.appData.connected = true;
  try {
    await withClientInput(what, connect);
  } catch (error) {
    transport.appData.connected = false;
    throw error;
  }
}
