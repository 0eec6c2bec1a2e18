import dgram from 'node:dgram';
import net from 'node:net';

/** A TCP port the OS says is free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function tcpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, '0.0.0.0', () => socket.close(() => resolve(true)));
  });
}

/**
 * Env for a server under test: a WebRtcServer port per worker (free on UDP and
 * TCP) and a private RTC range, so test files running in parallel never collide.
 */
export async function mediasoupTestEnv(workers: number): Promise<Record<string, string>> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 900) * 10;
    const ports = Array.from({ length: workers }, (_, i) => base + i);
    const free = await Promise.all(ports.map(async (p) => (await tcpFree(p)) && (await udpFree(p))));
    if (free.every(Boolean)) {
      return {
        MEDIASOUP_WORKERS: String(workers),
        WEBRTC_SERVER_PORT: String(base),
        RTC_MIN_PORT: String(30_000 + (base - 20_000) * 3),
        RTC_MAX_PORT: String(30_000 + (base - 20_000) * 3 + 29),
        RTC_ANNOUNCED_IP: '127.0.0.1',
      };
    }
  }
  throw new Error('no free WebRTC server ports found');
}
