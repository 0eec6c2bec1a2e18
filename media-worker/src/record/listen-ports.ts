// The RTP ports a hall's recorder listens on: a distinct free pair per
// stream.
import type { EgressStream } from '@diemcau/protocol';
import { freeUdpPortPair } from '../egress/udp-ports.js';

/** A distinct free even RTP port (RTCP on port + 1) per stream, by stream id. */
export async function listenPorts(streams: readonly EgressStream[]): Promise<Record<string, number>> {
  const ports: Record<string, number> = {};
  const taken = new Set<number>();
  for (const stream of streams) {
    let port = await freeUdpPortPair();
    // Probed ports are released before use, so the OS may offer one of ours again
    // (pairs start on even ports, so pairs overlap only when equal).
    while (taken.has(port)) port = await freeUdpPortPair();
    taken.add(port);
    ports[stream.id] = port;
  }
  return ports;
}
