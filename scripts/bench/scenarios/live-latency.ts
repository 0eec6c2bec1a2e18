import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { startRtmpServer, type RtmpServer } from '../../../media-worker/test/helpers/nginx-rtmp.js';
import { machine, summarize, type Summary } from '../../../server/test/helpers/bench-report.js';
import { openClockViewer, type ShownFrame } from '../../../server/test/helpers/clock-viewer.js';
import { clockLatencyMs, readClockBand } from '../../../server/test/helpers/node-peer/clock-band.js';
import { REPO_ROOT } from '../../../server/test/helpers/processes.js';
import { waitFor } from '../../../server/test/helpers/wait.js';
import { launchChromium } from '../../../web-client/test/e2e/browser.js';
import { cameraOf, cameraOptions } from '../egress/camera.js';
import { measuringSent } from '../egress/halls.js';
import { goLive, liveStatus, onAir, stopLive } from '../egress/live.js';
import { startEgress, WATCH_SLUG } from '../egress/stack.js';
import type { Scenario } from '../scenario.js';
import { progress, sleep } from '../scenario.js';

/** The most a glass-to-glass reading can be; more means the band was misread (or the slate read as a clock). */
const MAX_PLAUSIBLE_LATENCY_MS = 60_000;

/** Whether an HLS playlist lists a segment with media (a restarted encoder may leave one of 0 s). */
const playableSegment = (playlist: string) =>
  [...playlist.matchAll(/^#EXTINF:([\d.]+)/gm)].some((m) => Number(m[1]) > 0);

/** A live playlist's target duration and its segments' count and median length, in seconds. */
function playlistTiming(playlist: string) {
  const durations = [...playlist.matchAll(/^#EXTINF:([\d.]+)/gm)].map((m) => Number(m[1]));
  return {
    targetDuration: Number(/^#EXT-X-TARGETDURATION:(\d+)/m.exec(playlist)?.[1] ?? NaN),
    segments: durations.length,
    segmentSeconds: summarize(durations, 3)?.median ?? null,
  };
}

interface Reading {
  shownAt: number;
  latencyMs: number | null;
  bufferAhead: number;
}

const readFrame = (frame: ShownFrame): Reading => {
  const code = readClockBand(frame.levels);
  const latency = code === null ? null : clockLatencyMs(code, frame.shownAt);
  return {
    shownAt: frame.shownAt,
    latencyMs: latency !== null && latency <= MAX_PLAUSIBLE_LATENCY_MS ? latency : null,
    bufferAhead: frame.bufferAhead,
  };
};

const ms = (s: Summary | null) => (s === null ? 'n/a' : `${s.median} ms (p95 ${s.p95}, ${s.min}–${s.max})`);

export const liveLatency: Scenario = {
  name: 'live-latency',
  summary: "glass to glass: a hall's camera to the public watch page in Chromium, over HLS",
  method: [
    "Real: the built server and media-worker, ffmpeg, the web client's watch page (hls.js)",
    'in Chromium, one hall over WebRTC (a NodePeer) whose synthetic camera draws the wall',
    'clock into each frame as a band of blocks. A viewer waits on /watch/<slug> before the',
    'host goes live; every frame the page shows is read back and set against the clock.',
    'Needs the web client built (npm run build -w web-client).',
  ].join('\n'),
  options: [
    { name: 'seconds', default: 20, min: 1, max: 3_600, help: 'measured seconds' },
    { name: 'destinations', default: 0, min: 0, max: 10, help: 'RTMP destinations besides HLS (nginx-rtmp)' },
    { name: 'settle', default: 0, min: 0, max: 600, help: 'seconds after the first frame before measuring' },
    ...cameraOptions({ width: 960, height: 540, fps: 30 }),
  ],
  async run(options) {
    const say = (message: string) => progress('live-latency', message);
    const startedAt = machine();
    const seconds = options.seconds!;
    const destinations = options.destinations!;
    const video = cameraOf(options);
    const webClient = path.join(REPO_ROOT, 'web-client/dist/watch.html');
    if (!existsSync(webClient)) throw new Error(`${webClient} is missing: npm run build -w web-client`);
    const errors: string[] = [];
    const egress = await startEgress(1, { ...video, clock: true });
    let rtmp: RtmpServer | undefined;
    let browser: Browser | undefined;
    try {
      if (destinations > 0) rtmp = await startRtmpServer();
      browser = await launchChromium();
      // The viewer waits on the page before the broadcast starts, as an audience does.
      const viewer = await openClockViewer(browser, `${egress.stack.base}/watch/${WATCH_SLUG}`);
      const asked = await goLive(egress, rtmp, destinations);
      const playlistUrl = `${egress.stack.base}/hls/${WATCH_SLUG}/index.m3u8`;
      let playlistAt: number | undefined;
      const readings: Reading[] = [];
      const firstAt = await waitFor(
        'the first frame of the hall on the watch page',
        async () => {
          if (playlistAt === undefined) {
            const res = await fetch(playlistUrl).catch(() => undefined);
            if (res?.ok && playableSegment(await res.text())) playlistAt = Date.now();
          }
          readings.push(...(await viewer.take()).map(readFrame));
          return readings.find((r) => r.latencyMs !== null)?.shownAt;
        },
        90_000,
      );
      const firstFrameMs = Math.round(firstAt - asked);
      say(`first frame shown ${firstFrameMs} ms after going live; measuring ${seconds} s`);
      const from = firstAt + options.settle! * 1_000;
      const until = from + seconds * 1_000;
      const { sent } = await measuringSent(egress.halls, async () => {
        while (Date.now() < until + 500) {
          await sleep(1_000);
          readings.push(...(await viewer.take()).map(readFrame));
        }
      });
      const status = await liveStatus(egress);
      if (!onAir(status, destinations)) errors.push(`not on air at the end: ${JSON.stringify(status)}`);
      const playlist = playlistTiming(await (await fetch(playlistUrl)).text());
      await viewer.close();
      await stopLive(egress, errors);

      const window = readings.filter((r) => r.shownAt >= from && r.shownAt < until);
      const read = window.filter((r) => r.latencyMs !== null);
      if (read.length === 0) errors.push('no frame read in the measurement window');
      const latencies = read.map((r) => r.latencyMs!);
      const quarter = Math.max(1, Math.floor(latencies.length / 4));
      const peerErrors = egress.peerErrors().map((e) => e.message);
      const result = {
        errors: errors.length + peerErrors.length,
        machine: startedAt,
        seconds,
        video,
        /** What the hall's camera encoder really sent meanwhile. */
        sent,
        destinations,
        /** Go live → the playlist lists a segment with media (polled every 100 ms). */
        playlistMs: playlistAt === undefined ? null : playlistAt - asked,
        /** The playlist at the end: what hls.js's liveSyncDurationCount counts in. */
        playlist,
        /** Go live → the first frame of the hall shown by a viewer already on the page (its retries included). */
        firstFrameMs,
        framesShown: window.length,
        framesPerSecond: Math.round((window.length / seconds) * 10) / 10,
        unreadableFrames: window.length - read.length,
        /** Camera frame drawn → the same frame shown by the watch page, ms. */
        latencyMs: summarize(latencies, 0),
        /** Median of the first and of the last quarter of the readings: hls.js catching up shows here. */
        latencyTrendMs: {
          first: summarize(latencies.slice(0, quarter), 0)?.median ?? null,
          last: summarize(latencies.slice(-quarter), 0)?.median ?? null,
        },
        /** Media buffered ahead of the playhead, ms: the part of the latency that is the player's. */
        bufferAheadMs: summarize(
          read.map((r) => r.bufferAhead * 1_000),
          0,
        ),
        errorMessages: [...errors, ...peerErrors],
      };
      const rows: [string, string][] = [
        [
          'hall camera (VP8) → x264 → HLS → hls.js in Chromium',
          `${video.width}x${video.height}@${video.fps} (sent ${sent.size} at ${sent.fps} fps)`,
        ],
        ['go live → playlist with a segment of media', `${result.playlistMs ?? 'n/a'} ms`],
        [
          'playlist: target duration, segments (median)',
          `${playlist.targetDuration} s, ${playlist.segments} of ${playlist.segmentSeconds} s`,
        ],
        ['go live → first frame on a waiting watch page', `${firstFrameMs} ms`],
        [`glass to glass, ${read.length} frames in ${seconds} s`, ms(result.latencyMs)],
        [
          '  first quarter → last quarter, median',
          `${result.latencyTrendMs.first} → ${result.latencyTrendMs.last} ms`,
        ],
        ['  buffered ahead of the playhead', ms(result.bufferAheadMs)],
        ['frames shown per second', String(result.framesPerSecond)],
        ['frames whose clock could not be read', String(result.unreadableFrames)],
        ['errors', String(result.errors)],
      ];
      return { rows, result };
    } catch (error) {
      console.error(egress.stack.logs());
      throw error;
    } finally {
      await browser?.close();
      await rtmp?.close();
      await egress.close();
    }
  },
};
