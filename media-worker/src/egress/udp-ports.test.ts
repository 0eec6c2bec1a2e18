// Tests of free UDP port pairs: an even port, with it and its odd
// neighbour bindable.
import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { freeUdpPortPair } from './udp-ports.js';

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind({ port, address: '0.0.0.0', exclusive: true }, () => socket.close(() => resolve(true)));
  });
}

describe('freeUdpPortPair', () => {
  it('returns an even port that is free together with the next one', async () => {
    const ports = await Promise.all([freeUdpPortPair(), freeUdpPortPair(), freeUdpPortPair()]);
    for (const port of ports) {
      expect(port % 2).toBe(0);
      expect(await bindable(port)).toBe(true);
      expect(await bindable(port + 1)).toBe(true);
    }
  });
});
