// Relays against a real nginx-rtmp: going live, retrying a server that is
// down or refuses, stalls, a missing ffmpeg, a URL ffmpeg cannot take.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import type { DestinationStatus } from '@diemcau/protocol';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { destinationUrl } from '../src/egress/destination-url.js';
import { freeUdpPortPair } from '../src/egress/udp-ports.js';
import { Relay, type RelayOptions } from '../src/live/relay.js';
import { killStarted, locateTools, sleep, start, type Tools } from './egress/ffmpeg-processes.js';
import { tsEncoderArgs } from './egress/synthetic-sources.js';
import { captureLogger, type LogLine } from './helpers.js';
import { startRtmpServer, type RtmpServer } from './helpers/nginx-rtmp.js';
import { probeStreams } from './helpers/rtmp-clients.js';

const KEY = 'abcd-efgh-ijkl-mnop';
const BACKOFF = { initialMs: 200, maxMs: 1_000, resetAfterMs: 2_000 };
// Generous: every (re)connection analyses 2 s of feed first, and the box may be busy.
const WITHIN = { timeout: 30_000, interval: 100 };

let tools: Tools;
const relays: Relay[] = [];
const servers: RtmpServer[] = [];
const frozen: number[] = [];

beforeAll(async () => {
  tools = await locateTools();
});

afterEach(async () => {
  for (const pid of frozen.splice(0)) if (existsSync(`/proc/${pid}`)) process.kill(pid, 'SIGKILL');
  await Promise.all(relays.splice(0).map((relay) => relay.stop()));
  killStarted();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function rtmpServer(): Promise<RtmpServer> {
  const server = await startRtmpServer();
  servers.push(server);
  return server;
}

/** A running synthetic encoder feed; resolves with the UDP port it sends to. */
async function feed(): Promise<number> {
  const port = await freeUdpPortPair();
  start(tools.ffmpeg, tsEncoderArgs(port));
  return port;
}

interface Watched {
  relay: Relay;
  /** Every status onChange reported, in order. */
  history: DestinationStatus[];
  lines: LogLine[];
}

async function startRelay(options: Partial<RelayOptions> & { url: string }): Promise<Watched> {
  const { log, lines } = captureLogger();
  const history: DestinationStatus[] = [];
  const relay = new Relay({
    ffmpeg: tools.ffmpeg,
    id: 'dest-1',
    inputPort: await feed(),
    log,
    backoff: BACKOFF,
    onChange: (status) => history.push(status),
    ...options,
  });
  relays.push(relay);
  relay.start();
  return { relay, history, lines };
}

const retries = (history: DestinationStatus[]) => history.filter((status) => status.state === 'retrying');

/** Pids of the relay ffmpegs publishing to `url`, from /proc. */
async function relayProcesses(url: string): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  const commands = await Promise.all(
    pids.map((pid) =>
      readFile(`/proc/${pid}/cmdline`, 'utf8').then(
        (cmdline) => cmdline.split('\0'),
        (): string[] => [],
      ),
    ),
  );
  return pids.filter((_, i) => commands[i]?.[0] === tools.ffmpeg && commands[i]?.includes(url)).map(Number);
}

describe('livestream relay (real ffmpeg and nginx-rtmp)', () => {
  it('goes live; nginx lists and serves the stream as H.264 + AAC; stop() ends ffmpeg', async () => {
    const server = await rtmpServer();
    const key = `${KEY}-live`;
    const url = destinationUrl('rtmp', { url: server.url, key });
    const { relay, history } = await startRelay({ url });

    await expect.poll(() => relay.status().state, WITHIN).toBe('live');
    const live = relay.status();
    expect(live).toMatchObject({ id: 'dest-1', state: 'live', attempts: 1 });
    expect(live.error).toBeUndefined();
    expect(live.seconds).toBeGreaterThan(0);
    expect(await server.publishedStreams()).toEqual([
      {
        application: 'live',
        name: key,
        video: { codec: 'H264', width: 320, height: 240 },
        audio: { codec: 'AAC', channels: 1, sampleRate: 48000 },
      },
    ]);
    const played = await probeStreams(`${server.url}/${key}`);
    expect(played.map((stream) => stream.codec_name)).toEqual(['h264', 'aac']);
    await expect.poll(() => relay.status().seconds, WITHIN).toBeGreaterThan(live.seconds);

    await relay.stop();
    expect(relay.status()).toMatchObject({ state: 'stopped', attempts: 1 });
    expect(history.map((status) => status.state)).toEqual(['connecting', 'live', 'stopped']);
    expect(await relayProcesses(url)).toEqual([]);
    await expect.poll(() => server.publishedStreams(), WITHIN).toEqual([]);
  });

  it('retries while the server is down, goes live again when it is back, and resets the backoff', async () => {
    const server = await rtmpServer();
    const key = `${KEY}-outage`;
    const { relay, history } = await startRelay({ url: destinationUrl('rtmp', { url: server.url, key }) });
    await expect.poll(() => relay.status().state, WITHIN).toBe('live');

    await server.stop();
    await expect.poll(() => retries(history).length, WITHIN).toBeGreaterThanOrEqual(2);
    // The live connection drops, then connections are refused; the delay doubles.
    const [lost, down] = retries(history);
    expect(lost).toMatchObject({ attempts: 1, retryInMs: 200, error: { code: 'DESTINATION_LOST' } });
    // While retrying, the seconds the dropped connection sent.
    expect(lost?.seconds).toBeGreaterThan(0);
    expect(down).toEqual({
      id: 'dest-1',
      state: 'retrying',
      attempts: 2,
      seconds: 0,
      retryInMs: 400,
      error: {
        code: 'DESTINATION_UNREACHABLE',
        message: `rtmp://127.0.0.1:${server.port}/live/***: Connection refused`,
      },
    });

    await server.start();
    await expect.poll(() => relay.status().state, WITHIN).toBe('live');
    const back = relay.status();
    expect(back.attempts).toBeGreaterThanOrEqual(3);
    expect(back.error).toBeUndefined();
    expect((await server.publishedStreams()).map((stream) => stream.name)).toEqual([key]);

    // Live for resetAfterMs: the next failure waits initialMs again, not the doubled delay.
    await sleep(BACKOFF.resetAfterMs);
    const before = retries(history).length;
    await server.stop();
    await expect.poll(() => retries(history).length, WITHIN).toBeGreaterThan(before);
    expect(retries(history)[before]).toMatchObject({ retryInMs: 200, error: { code: 'DESTINATION_LOST' } });
  });

  it('a refused publish retries as DESTINATION_REFUSED without the key, beside a relay that stays live', async () => {
    const server = await rtmpServer();
    const key = `${KEY}-refused`;
    const url = destinationUrl('rtmp', { url: server.urlOf('refuse'), key });
    const refused = await startRelay({ url });
    const other = await startRelay({
      id: 'dest-2',
      url: destinationUrl('rtmp', { url: server.url, key: KEY }),
    });

    await expect.poll(() => retries(refused.history).length, WITHIN).toBeGreaterThanOrEqual(2);
    await expect.poll(() => other.relay.status().state, WITHIN).toBe('live');
    for (const status of retries(refused.history)) {
      expect(status.error?.code).toBe('DESTINATION_REFUSED');
      expect(status.seconds).toBe(0);
      expect(status.error?.message).not.toContain(key);
    }
    expect(refused.history.some((status) => status.state === 'live')).toBe(false);
    expect(server.errorLog()).toContain('access forbidden by rule');

    await refused.relay.stop();
    const { attempts } = refused.relay.status();
    expect(refused.relay.status().state).toBe('stopped');
    expect(await relayProcesses(url)).toEqual([]);
    // No retry after stop(), and the other relay never noticed.
    await sleep(BACKOFF.maxMs * 2);
    expect(refused.relay.status()).toMatchObject({ state: 'stopped', attempts });
    expect(other.history.map((status) => status.state)).toEqual(['connecting', 'live']);

    const logged = refused.lines.map((line) => JSON.stringify(line));
    expect(logged.filter((line) => line.includes(key))).toEqual([]);
    // The lines do name the destination, masked: ffmpeg's arguments and its stderr.
    expect(logged.filter((line) => line.includes(`/refuse/***`)).length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(refused.history)).not.toContain(key);
  });

  it('stops and retries an ffmpeg that stalls', async () => {
    const server = await rtmpServer();
    const url = destinationUrl('rtmp', { url: server.url, key: `${KEY}-stall` });
    // Above a connection's start on a busy box (2 s of analysis first), so only the freeze trips it.
    const { relay, history } = await startRelay({ url, stallMs: 8_000 });
    await expect.poll(() => relay.status().state, WITHIN).toBe('live');
    const [pid] = await relayProcesses(url);
    expect(pid).toBeDefined();
    frozen.push(pid ?? 0);
    process.kill(pid ?? 0, 'SIGSTOP');

    await expect.poll(() => retries(history).length, WITHIN).toBe(1);
    expect(retries(history)[0]).toMatchObject({
      attempts: 1,
      error: { code: 'RELAY_STALLED', message: 'no media sent for 8 s' },
    });
    expect(existsSync(`/proc/${pid}`)).toBe(false);
    await expect.poll(() => relay.status().state, WITHIN).toBe('live');
    expect(relay.status().attempts).toBe(2);
  });

  it('reports a missing ffmpeg binary and keeps retrying', async () => {
    const { relay } = await startRelay({
      ffmpeg: '/nonexistent/ffmpeg',
      url: `rtmp://127.0.0.1:1/live/${KEY}`,
    });
    await expect.poll(() => relay.status().attempts, WITHIN).toBeGreaterThanOrEqual(2);
    expect(relay.status().error).toEqual({
      code: 'FFMPEG_MISSING',
      message: 'spawn /nonexistent/ffmpeg ENOENT',
    });
    await relay.stop();
    expect(relay.status().state).toBe('stopped');
  });

  it('reports a URL ffmpeg cannot be given instead of throwing', async () => {
    const key = `${KEY}\0zq9tail`;
    const { relay, lines } = await startRelay({ url: `rtmp://127.0.0.1:1/live/${key}` });
    await expect.poll(() => relay.status().state, WITHIN).toBe('retrying');
    expect(relay.status().error).toEqual({
      code: 'DESTINATION_FAILED',
      message: 'ffmpeg cannot be given this URL (ERR_INVALID_ARG_VALUE)',
    });
    const reported = JSON.stringify([relay.status(), ...lines]);
    for (const part of [KEY, 'zq9tail']) expect(reported).not.toContain(part);
  });
});
