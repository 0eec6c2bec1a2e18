import type { Locator, Page } from 'playwright-core';

/*
 * What a page actually shows and plays, measured inside the browser: frames
 * presented by a <video> and the loudness of the room's <audio> elements. The
 * page functions are written against the few DOM members they use, declared
 * here, because the tests compile without the DOM library.
 */

interface VideoElement {
  videoWidth: number;
  videoHeight: number;
  getVideoPlaybackQuality(): { totalVideoFrames: number };
}

export interface VideoSample {
  /** Frames the element has presented since it got its source. */
  frames: number;
  width: number;
  height: number;
}

export interface VideoProgress {
  before: VideoSample;
  after: VideoSample;
  /** Frames presented between the two samples. */
  frames: number;
}

export const sampleVideo = (video: Locator): Promise<VideoSample> =>
  video.evaluate((element) => {
    const v = element as unknown as VideoElement;
    return {
      frames: v.getVideoPlaybackQuality().totalVideoFrames,
      width: v.videoWidth,
      height: v.videoHeight,
    };
  });

/** Two samples `windowMs` apart. */
export async function videoProgress(video: Locator, windowMs = 1_000): Promise<VideoProgress> {
  const before = await sampleVideo(video);
  await video.page().waitForTimeout(windowMs);
  const after = await sampleVideo(video);
  return { before, after, frames: after.frames - before.frames };
}

/**
 * Waits until `video` presents at least `minFrames` new frames within one
 * `windowMs` window (a picture that arrives late is waited for, a frozen one
 * fails), and returns that window.
 */
export async function untilDecoding(
  video: Locator,
  { minFrames = 5, windowMs = 1_000, timeout = 20_000 } = {},
): Promise<VideoProgress> {
  await video.waitFor({ timeout });
  return until(
    () => videoProgress(video, windowMs),
    (progress) => progress.frames >= minFrames,
    timeout,
    (last) => `${minFrames} frames in ${windowMs} ms, last window ${JSON.stringify(last)}`,
  );
}

interface AnalyserLike {
  fftSize: number;
  getFloatTimeDomainData(buffer: Float32Array): void;
}
interface AudioContextLike {
  resume(): Promise<void>;
  close(): Promise<void>;
  createMediaStreamSource(stream: unknown): { connect(node: AnalyserLike): void };
  createAnalyser(): AnalyserLike;
}
interface AudioElement {
  srcObject: unknown;
}

export const REMOTE_AUDIO = 'audio[data-testid="remote-audio"]';

/**
 * The loudest RMS (of full scale, 0–1) of each remote-audio element of `page`
 * over `windowMs`, one entry per element that has a stream. Each element's own
 * stream goes through a WebAudio AnalyserNode read every 20 ms over 2048
 * samples (~43 ms), so no stretch of sound between two reads is missed.
 */
export function remoteAudioRms(page: Page, windowMs: number): Promise<number[]> {
  return page.locator(REMOTE_AUDIO).evaluateAll(async (elements, ms) => {
    const { AudioContext } = globalThis as unknown as { AudioContext: new () => AudioContextLike };
    const context = new AudioContext();
    await context.resume();
    const analysers = elements
      .map((element) => (element as unknown as AudioElement).srcObject)
      .filter((stream) => stream !== null)
      .map((stream) => {
        const analyser = context.createAnalyser();
        analyser.fftSize = 2048;
        context.createMediaStreamSource(stream).connect(analyser);
        return analyser;
      });
    const loudest = analysers.map(() => 0);
    const samples = new Float32Array(2048);
    const end = performance.now() + ms;
    while (performance.now() < end) {
      analysers.forEach((analyser, i) => {
        analyser.getFloatTimeDomainData(samples);
        let sum = 0;
        for (const sample of samples) sum += sample * sample;
        loudest[i] = Math.max(loudest[i]!, Math.sqrt(sum / samples.length));
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await context.close();
    return loudest;
  }, windowMs);
}

/** Above this a tone is heard (about −40 dBFS); below `SILENT_RMS` nothing is (−70 dBFS). */
export const AUDIBLE_RMS = 0.01;
export const SILENT_RMS = 0.0003;

/**
 * Waits for a `windowMs` window in which `page`'s loudest remote sound is
 * audible (or, with `audible: false`, one in which every element is silent),
 * and returns that window's per-element figures.
 */
export function untilSound(
  page: Page,
  { audible, windowMs = 2_000, timeout = 20_000 }: { audible: boolean; windowMs?: number; timeout?: number },
): Promise<number[]> {
  return until(
    () => remoteAudioRms(page, windowMs),
    (rms) => (audible ? Math.max(0, ...rms) > AUDIBLE_RMS : rms.length > 0 && Math.max(...rms) < SILENT_RMS),
    timeout,
    (last) =>
      `${audible ? 'audible' : 'silent'} remote audio over ${windowMs} ms, last RMS ${JSON.stringify(last)}`,
  );
}

/** Measures again until `ok`, then returns the measurement; fails after `timeout` saying what was last seen. */
async function until<T>(
  measure: () => Promise<T>,
  ok: (value: T) => boolean,
  timeout: number,
  describe: (last: T | undefined) => string,
): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: T | undefined;
  do {
    last = await measure();
    if (ok(last)) return last;
  } while (Date.now() < deadline);
  throw new Error(`timed out waiting for ${describe(last)}`);
}
