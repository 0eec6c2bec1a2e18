// Free UDP port pairs (RTP on an even port, RTCP on the next) for the
// ports an egress job listens on.
import { createSocket, type Socket } from 'node:dgram';
import { EgressError } from './errors.js';

const ATTEMPTS = 20;

/**
 * An even UDP port whose odd neighbour is free too: RTP on it, RTCP on port + 1,
 * as ffmpeg's RTP demuxer binds them. Both are released before returning, so a
 * later bind can still lose a race; the caller's ffmpeg then fails to start.
 */
export async function freeUdpPortPair(): Promise<number> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const probe = await bind(0);
    const { port } = probe.address();
    await close(probe);
    const rtp = port % 2 === 0 ? port : port + 1;
    if (rtp + 1 > 65535) continue;
    const pair = await Promise.allSettled([bind(rtp), bind(rtp + 1)]);
    await Promise.all(
      pair.map((result) => (result.status === 'fulfilled' ? close(result.value) : undefined)),
    );
    if (pair.every((result) => result.status === 'fulfilled')) return rtp;
  }
  throw new EgressError('NO_FREE_PORT', `no free UDP port pair after ${ATTEMPTS} attempts`);
}

function bind(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', (error) => {
      socket.close();
      reject(error);
    });
    // ffmpeg binds the wildcard address, so that is where the port must be free.
    socket.bind({ port, address: '0.0.0.0', exclusive: true }, () => resolve(socket));
  });
}

function close(socket: Socket): Promise<void> {
  return new Promise((resolve) => socket.close(() => resolve()));
}
