import { describe, expect, it } from 'vitest';
import {
  CLOCK_BAND,
  CLOCK_BITS,
  CLOCK_MODULUS,
  clockLatencyMs,
  drawClockBand,
  readClockBand,
} from './clock-band.js';

const WIDTH = 960;
const HEIGHT = 540;

/** Each block's level at its centre, as a viewer converting limited-range video to RGB sees it. */
function viewed(luma: Uint8Array): number[] {
  const row = Math.round(HEIGHT * ((CLOCK_BAND.top + CLOCK_BAND.bottom) / 2));
  return Array.from({ length: CLOCK_BITS }, (_, bit) => {
    const x = Math.round(((bit + 0.5) * WIDTH) / CLOCK_BITS);
    return Math.round(((luma[row * WIDTH + x]! - 16) * 255) / 219);
  });
}

describe('the clock band', () => {
  it('reads back the time drawn, modulo 2^24 ms', () => {
    const luma = new Uint8Array(WIDTH * HEIGHT).fill(128);
    const now = 1_764_190_000_123;
    drawClockBand(luma, WIDTH, HEIGHT, now);
    expect(readClockBand(viewed(luma))).toBe(now % CLOCK_MODULUS);
    // Only the band's rows are drawn on.
    expect(luma[Math.round(HEIGHT * CLOCK_BAND.top) * WIDTH - 1]).toBe(128);
    expect(luma[Math.round(HEIGHT * CLOCK_BAND.bottom) * WIDTH]).toBe(128);
  });

  it('refuses a band with a block neither black nor white, or of the wrong length', () => {
    const levels = viewed(
      (() => {
        const luma = new Uint8Array(WIDTH * HEIGHT);
        drawClockBand(luma, WIDTH, HEIGHT, 0xabcdef);
        return luma;
      })(),
    );
    expect(readClockBand(levels)).toBe(0xabcdef);
    expect(readClockBand(levels.map((level, i) => (i === 5 ? 128 : level)))).toBeNull();
    expect(readClockBand(levels.slice(1))).toBeNull();
  });

  it('measures across the wrap of the modulus', () => {
    expect(clockLatencyMs(CLOCK_MODULUS - 100, 7 * CLOCK_MODULUS + 50)).toBe(150);
    expect(clockLatencyMs(1_000, 3 * CLOCK_MODULUS + 3_500)).toBe(2_500);
  });
});
