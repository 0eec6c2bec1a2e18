// The nginx-rtmp test server itself: it takes a publisher, refuses one
// where publishing is denied, and stops and starts again.
import { afterEach, describe, expect, it } from 'vitest';
import { startRtmpServer, type PublishedStream, type RtmpServer } from './helpers/nginx-rtmp.js';
import { probeStreams, publishTestStream, type TestPublisher } from './helpers/rtmp-clients.js';

const servers: RtmpServer[] = [];
const publishers: TestPublisher[] = [];

afterEach(async () => {
  for (const publisher of publishers.splice(0)) publisher.kill();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function rtmpServer(): Promise<RtmpServer> {
  const server = await startRtmpServer();
  servers.push(server);
  return server;
}

function publish(url: string, seconds: number): TestPublisher {
  const publisher = publishTestStream(url, seconds);
  publishers.push(publisher);
  return publisher;
}

/** Polls the stat page until a stream with its metadata (codecs, size) is published. */
async function waitForPublished(server: RtmpServer, timeoutMs = 10_000): Promise<PublishedStream[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const streams = await server.publishedStreams();
    if (streams.some((stream) => stream.video && stream.audio)) return streams;
    if (Date.now() > deadline) throw new Error(`no stream published within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const TEST_STREAM: Omit<PublishedStream, 'name'> = {
  application: 'live',
  video: { codec: 'H264', width: 640, height: 360 },
  audio: { codec: 'AAC', channels: 1, sampleRate: 48000 },
};

/** What ffmpeg reports when the RTMP server closes its connection under it. */
const CONNECTION_LOST = /Broken pipe|Connection reset by peer/;

describe('nginx-rtmp test server', () => {
  it('takes an H.264/AAC publisher on live: ffprobe plays it and the stat page lists it', async () => {
    const server = await rtmpServer();
    expect(server.url).toBe(`rtmp://127.0.0.1:${server.port}/live`);
    const publisher = publish(`${server.url}/camera`, 5);

    expect(await waitForPublished(server)).toEqual([{ ...TEST_STREAM, name: 'camera' }]);
    expect(await probeStreams(`${server.url}/camera`)).toEqual([
      { codec_type: 'video', codec_name: 'h264', width: 640, height: 360 },
      { codec_type: 'audio', codec_name: 'aac', sample_rate: '48000', channels: 1 },
    ]);

    const exit = await publisher.exit;
    expect(exit).toEqual({ code: 0, signal: null, stderr: '' });
    expect(await server.publishedStreams()).toEqual([]);
  });

  it('refuses a publisher on an application that denies publishing, at once', async () => {
    const server = await rtmpServer();
    const startedAt = Date.now();

    const exit = await publish(`${server.urlOf('refuse')}/camera`, 30).exit;

    expect(exit.code).toBe(1);
    expect(exit.stderr).toMatch(CONNECTION_LOST);
    // Cut off at the publish command, far from the 30 s an accepted publisher would run.
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    expect(server.errorLog()).toContain('access forbidden by rule');
    expect(await server.publishedStreams()).toEqual([]);
  });

  it('cuts the publisher when stopped, and takes a new one on the same port after start()', async () => {
    const server = await rtmpServer();
    const first = publish(`${server.url}/camera`, 60);
    await waitForPublished(server);

    await server.stop();
    const cut = await first.exit;
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(CONNECTION_LOST);

    await server.start();
    const second = publish(`${server.url}/camera`, 2);
    expect(await waitForPublished(server)).toEqual([{ ...TEST_STREAM, name: 'camera' }]);
    expect((await second.exit).code).toBe(0);
  });
});
