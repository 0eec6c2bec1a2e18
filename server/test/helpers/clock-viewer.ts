import type { Browser, Page } from 'playwright-core';
import { CLOCK_BAND, CLOCK_BITS } from './node-peer/clock-band.js';

/*
 * A viewer in Chromium on the real watch page that notes, for every frame the
 * <video> presents, when it is shown (wall clock, expected display time) and
 * the level of each block of the clock band (clock-band.ts). The decoding and
 * the arithmetic are left to Node, where they are plain functions.
 */

export interface ShownFrame {
  /** Date.now() at which the frame is expected on screen. */
  shownAt: number;
  /** Each clock block's level (0..255), left to right. */
  levels: number[];
  /** Seconds of media buffered ahead of the playhead at that moment. */
  bufferAhead: number;
}

export interface ClockViewer {
  page: Page;
  /** The frames shown since the last call. */
  take(): Promise<ShownFrame[]>;
  close(): Promise<void>;
}

/** Side of the square each block is drawn to before it is read: its centre pixels are averaged. */
const CELL_PX = 8;

// tsx compiles with esbuild's keepNames, which wraps named functions in a `__name` helper that
// the page does not have: the functions handed to page.evaluate below would fail without it.
const KEEP_NAMES_SHIM = 'globalThis.__name = (fn) => fn;';

/** The DOM the frame collector uses (tests compile without the DOM library). */
interface Ctx2d {
  drawImage(
    image: unknown,
    sx: number,
    sy: number,
    sw: number,
    sh: number,
    dx: number,
    dy: number,
    dw: number,
    dh: number,
  ): void;
  getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
}
interface CanvasElement {
  width: number;
  height: number;
  getContext(kind: '2d', options: { willReadFrequently: boolean }): Ctx2d | null;
}
interface VideoElement {
  videoWidth: number;
  videoHeight: number;
  currentTime: number;
  buffered: { length: number; end(i: number): number };
  requestVideoFrameCallback(callback: (now: number, meta: { expectedDisplayTime: number }) => void): number;
}
interface PageGlobals {
  document: { querySelector(selector: string): unknown; createElement(tag: 'canvas'): CanvasElement };
  performance: { now(): number };
  clockFrames: ShownFrame[];
}

/** Opens `url` (a watch page) and collects frames from its <video> once it is there. */
export async function openClockViewer(browser: Browser, url: string): Promise<ClockViewer> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(KEEP_NAMES_SHIM);
  await page.goto(url);
  await page.locator('video').waitFor({ state: 'attached', timeout: 20_000 });
  await page.evaluate(
    ({ bits, top, bottom, cell }) => {
      const g = globalThis as unknown as PageGlobals;
      const video = g.document.querySelector('video') as VideoElement;
      const canvas = g.document.createElement('canvas');
      canvas.width = bits * cell;
      canvas.height = cell;
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      g.clockFrames = [];
      // The middle half of the band's height: clear of the rows scaling blurs at its edges.
      const from = top + (bottom - top) / 4;
      const rows = (bottom - top) / 2;
      const onFrame = (_now: number, meta: { expectedDisplayTime: number }) => {
        const shownAt = Date.now() + (meta.expectedDisplayTime - g.performance.now());
        const { videoWidth: w, videoHeight: h } = video;
        if (w > 0 && h > 0) {
          ctx.drawImage(video, 0, from * h, w, rows * h, 0, 0, canvas.width, canvas.height);
          const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
          const levels: number[] = [];
          for (let bit = 0; bit < bits; bit++) {
            let sum = 0;
            let count = 0;
            for (let y = cell / 4; y < (cell * 3) / 4; y++) {
              for (let x = bit * cell + cell / 4; x < bit * cell + (cell * 3) / 4; x++) {
                sum += data[(y * canvas.width + x) * 4]!; // red: the band is grey
                count++;
              }
            }
            levels.push(Math.round(sum / count));
          }
          const ranges = video.buffered;
          const bufferAhead = ranges.length > 0 ? ranges.end(ranges.length - 1) - video.currentTime : 0;
          g.clockFrames.push({ shownAt, levels, bufferAhead });
        }
        video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
    },
    { bits: CLOCK_BITS, top: CLOCK_BAND.top, bottom: CLOCK_BAND.bottom, cell: CELL_PX },
  );
  return {
    page,
    take: () =>
      page.evaluate(() => {
        const g = globalThis as unknown as PageGlobals;
        return g.clockFrames.splice(0);
      }),
    close: () => context.close(),
  };
}
