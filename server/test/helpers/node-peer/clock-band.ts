/*
 * The wall clock drawn into a synthetic camera's frames, for glass-to-glass
 * latency: Date.now() mod 2^24 ms (4.6 hours before it wraps), most significant
 * bit first, as CLOCK_BITS black or white blocks side by side in a band across
 * the picture. The blocks are a 24th of the width and a fifth of the height, so
 * they survive VP8, scaling and x264; the band's place is given as fractions
 * of the picture, so a viewer finds it at any size of the same aspect ratio.
 */

export const CLOCK_BITS = 24;
export const CLOCK_MODULUS = 2 ** CLOCK_BITS;
/** The band's rows, as fractions of the picture's height. */
export const CLOCK_BAND = { top: 0.4, bottom: 0.6 } as const;

// Video (limited range) black and white: 0 and 255 once a viewer converts to RGB.
const BLACK = 16;
const WHITE = 235;
/** RGB levels between these are neither black nor white: the block was not read. */
const UNSURE = { above: 64, below: 192 } as const;

/** Draws `nowMs` (mod 2^24) into the band rows of an I420 frame's luma plane. */
export function drawClockBand(luma: Uint8Array, width: number, height: number, nowMs: number): void {
  const code = nowMs % CLOCK_MODULUS;
  const top = Math.round(height * CLOCK_BAND.top);
  const bottom = Math.round(height * CLOCK_BAND.bottom);
  for (let bit = 0; bit < CLOCK_BITS; bit++) {
    const level = Math.floor(code / 2 ** (CLOCK_BITS - 1 - bit)) % 2 === 1 ? WHITE : BLACK;
    const from = Math.round((bit * width) / CLOCK_BITS);
    const to = Math.round(((bit + 1) * width) / CLOCK_BITS);
    for (let row = top; row < bottom; row++) luma.fill(level, row * width + from, row * width + to);
  }
}

/**
 * The clock code from each block's level as a viewer saw it (0..255, taken at
 * the block's centre, left to right); null when any block is neither black nor white.
 */
export function readClockBand(levels: readonly number[]): number | null {
  if (levels.length !== CLOCK_BITS) return null;
  let code = 0;
  for (const level of levels) {
    if (level > UNSURE.above && level < UNSURE.below) return null;
    code = code * 2 + (level >= 128 ? 1 : 0);
  }
  return code;
}

/** Milliseconds from the moment `code` was drawn to `nowMs`, across the modulus's wrap. */
export function clockLatencyMs(code: number, nowMs: number): number {
  return ((((nowMs % CLOCK_MODULUS) - code) % CLOCK_MODULUS) + CLOCK_MODULUS) % CLOCK_MODULUS;
}
