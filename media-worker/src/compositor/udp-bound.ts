// Which UDP ports a socket is bound to, read from /proc/net/udp: ffmpeg
// listening is when a key frame can be asked for.
import { readFile } from 'node:fs/promises';

/**
 * Which of `ports` /proc/net/udp (Linux, IPv4) lists a socket bound to, read
 * once; none where there is no such file. Packets sent before ffmpeg listens
 * are lost, and a lost key frame is not sent again unasked.
 */
export async function boundUdpPorts(ports: readonly number[]): Promise<Set<number>> {
  const table = await readFile('/proc/net/udp', 'utf8').catch(() => '');
  // Each entry's second field is the local address, `<hex IP>:<hex port>`.
  const bound = new Set(
    table.split('\n').map((line) => Number.parseInt(line.trim().split(/\s+/)[1]?.split(':')[1] ?? '', 16)),
  );
  return new Set(ports.filter((port) => bound.has(port)));
}
