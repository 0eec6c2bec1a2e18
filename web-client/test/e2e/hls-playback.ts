import type { Page } from 'playwright-core';

/*
 * What the watch page's <video> is doing, measured in the page: its clock and
 * the frames it has presented. The tests compile without the DOM library, so
 * the members read are declared here.
 */

interface VideoElement {
  currentTime: number;
  muted: boolean;
  videoWidth: number;
  videoHeight: number;
  src: string;
  getVideoPlaybackQuality(): { totalVideoFrames: number };
}

export interface PlaybackSample {
  currentTime: number;
  /** Frames the element has presented since it got its source. */
  frames: number;
  width: number;
  height: number;
  muted: boolean;
  src: string;
}

export const samplePlayback = (page: Page): Promise<PlaybackSample> =>
  page.locator('video').evaluate((element) => {
    const video = element as unknown as VideoElement;
    return {
      currentTime: video.currentTime,
      frames: video.getVideoPlaybackQuality().totalVideoFrames,
      width: video.videoWidth,
      height: video.videoHeight,
      muted: video.muted,
      src: video.src,
    };
  });

export interface PlaybackWindow {
  /** Seconds the clock advanced, and frames presented, over the window. */
  seconds: number;
  frames: number;
  /** The last sample. */
  after: PlaybackSample;
}

/** Two samples `windowMs` apart. */
export async function playbackWindow(page: Page, windowMs = 2_000): Promise<PlaybackWindow> {
  const before = await samplePlayback(page);
  await page.waitForTimeout(windowMs);
  const after = await samplePlayback(page);
  return { seconds: after.currentTime - before.currentTime, frames: after.frames - before.frames, after };
}

/**
 * Playing, over a 2 s window: the clock moved more than a second and at least
 * 15 new frames were presented (the programme runs at 30 fps, from a 15 fps
 * camera; a loaded machine may drop some, a frozen picture presents none).
 */
export const isPlaying = (window: PlaybackWindow): boolean => window.seconds > 1 && window.frames >= 15;
