// The relay arguments run for real: the feed published under the stream
// key, and a destination that never answers timed out.
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { destinationUrl } from '../../src/egress/destination-url.js';
import { redactText } from '../../src/egress/redact.js';
import { relayArgs, relayInputUrl } from '../../src/egress/relay-args.js';
import { freeUdpPortPair } from '../../src/egress/udp-ports.js';
import { freePort } from '../helpers.js';
import { killStarted, locateTools, sleep, start, type Tools } from './ffmpeg-processes.js';
import { probe } from './probe.js';
import { tsEncoderArgs } from './synthetic-sources.js';

const KEY = 'abcd-efgh-ijkl-mnop';

let tools: Tools;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  tools = await locateTools();
});

afterEach(async () => {
  killStarted();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Whether something listens on 127.0.0.1:`port`, read from the kernel so no connection is spent. */
async function tcpListening(port: number): Promise<boolean> {
  const table = await readFile('/proc/net/tcp', 'utf8');
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return table.split('\n').some((line) => line.includes(local) && line.trim().split(/\s+/)[3] === '0A');
}

/** The live encoder's local feed, running. */
async function startFeed(): Promise<number> {
  const port = await freeUdpPortPair();
  start(tools.ffmpeg, tsEncoderArgs(port));
  return port;
}

describe('relay (real ffmpeg)', () => {
  it('publishes the feed to an RTMP server under the stream key', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'diemcau-relay-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const rtmpPort = await freePort();
    const received = path.join(dir, 'received.flv');
    // ffmpeg as a one-shot RTMP server that expects this application and key.
    const server = start(tools.ffmpeg, [
      ...['-hide_banner', '-loglevel', 'level+warning', '-listen', '1'],
      ...['-i', `rtmp://127.0.0.1:${rtmpPort}/live/${KEY}`, '-c', 'copy', received],
    ]);
    await expect.poll(() => tcpListening(rtmpPort), { timeout: 10_000, interval: 50 }).toBe(true);
    const feed = await startFeed();

    const url = destinationUrl('rtmp', { url: `rtmp://127.0.0.1:${rtmpPort}/live`, key: KEY });
    const relay = start(tools.ffmpeg, relayArgs({ input: relayInputUrl(feed), url }));
    await sleep(5_000);
    relay.child.kill('SIGINT');
    expect(await relay.exit).toEqual({ code: 255, signal: null });
    expect(await server.exit).toEqual({ code: 0, signal: null });

    expect(server.stderr()).not.toContain('Unexpected stream');
    const flv = await probe(tools.ffprobe, received);
    expect(flv.errors).toBe('');
    expect(flv.streams.map((s) => s.codec)).toEqual(['h264', 'aac']);
    for (const stream of flv.streams) expect(stream.frames).toBeGreaterThan(0);
    expect(flv.durationSeconds).toBeGreaterThanOrEqual(2);
  });

  it('exits within its 5 s timeout when the destination accepts but never answers', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket)).listen(0, '127.0.0.1');
    await once(silent, 'listening');
    cleanups.push(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });
    const { port } = silent.address() as { port: number };
    const feed = await startFeed();

    const url = destinationUrl('rtmp', { url: `rtmp://127.0.0.1:${port}/live`, key: KEY });
    const started = Date.now();
    const relay = start(tools.ffmpeg, relayArgs({ input: relayInputUrl(feed), url }));
    expect(await relay.exit).toEqual({ code: 1, signal: null });
    const seconds = (Date.now() - started) / 1000;
    // 2 s analysing the feed, then 5 s waiting for the handshake.
    expect(seconds).toBeGreaterThanOrEqual(5);
    expect(seconds).toBeLessThan(12);
    expect(sockets).toHaveLength(1);

    // ffmpeg names the URL, key included, in its error: its stderr must be redacted too.
    expect(relay.stderr()).toContain(`rtmp://127.0.0.1:${port}/live/${KEY}: Connection timed out`);
    const logged = redactText(relay.stderr(), [KEY]);
    expect(logged).not.toContain(KEY);
    expect(logged).toContain(`rtmp://127.0.0.1:${port}/live/***: Connection timed out`);
  });
});
