// The UDP ports of one compositor: its RTP inputs, the mixer-to-encoder PCM hop
// and the encoder's feed to each relay, all taken at the job's start.
import type { EgressStream } from '@diemcau/protocol';
import { freeUdpPortPair } from '../egress/udp-ports.js';

export interface CompositorPorts {
  /**
   * Reported in `listening`: each video slot's and each audio slot's RTP port, by
   * stream id. ffmpeg binds them itself: the encoder the video slots' it shows,
   * the mixer each named audio slot's.
   */
  streams: Record<string, number>;
  /** Where the mixer sends its PCM and the encoder reads it. */
  pcm: number;
  /** The encoder's MPEG-TS copy for each destination's relay, by destination id. */
  relays: Record<string, number>;
}

/**
 * A distinct free even port (with its odd neighbour) for every input and
 * internal hop of the job, taken at its start. Probed ports are released before
 * use, so the OS may offer one twice (pairs start on even ports: they overlap only when equal).
 */
export async function compositorPorts(data: {
  video: readonly EgressStream[];
  audio: readonly EgressStream[];
  destinations: readonly { id: string }[];
}): Promise<CompositorPorts> {
  const taken = new Set<number>();
  const next = async (): Promise<number> => {
    let port = await freeUdpPortPair();
    while (taken.has(port)) port = await freeUdpPortPair();
    taken.add(port);
    return port;
  };
  const streams: Record<string, number> = {};
  for (const stream of [...data.video, ...data.audio]) streams[stream.id] = await next();
  const pcm = await next();
  const relays: Record<string, number> = {};
  for (const destination of data.destinations) relays[destination.id] = await next();
  return { streams, pcm, relays };
}
