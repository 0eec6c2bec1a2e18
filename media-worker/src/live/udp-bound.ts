import { readFile } from 'node:fs/promises';

const POLL_MS = 25;

/** Whether /proc/net/udp (Linux, IPv4) lists a socket bound to `port`; false where there is no such file. */
export async function udpPortBound(port: number): Promise<boolean> {
  const table = await readFile('/proc/net/udp', 'utf8').catch(() => '');
  const local = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return table.split('\n').some((line) => line.trim().split(/\s+/)[1]?.endsWith(local) === true);
}

/**
 * Resolves once a process binds `port` (or after `timeoutMs`): packets sent
 * before ffmpeg listens are lost, and a lost key frame is not sent again
 * unasked. Without /proc it waits the whole timeout.
 */
export async function untilUdpPortBound(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await udpPortBound(port)) return true;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return false;
}
