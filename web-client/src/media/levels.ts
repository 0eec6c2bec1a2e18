/*
 * Audio levels as a 0–1 bar. Both scales are logarithmic (dB), mapped
 * linearly over the range where speech sits, so that a quiet hall still moves
 * the bar and shouting does not pin it at once.
 */

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

/** Root mean square of samples in [-1, 1]. */
export function rms(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / samples.length);
}

/** -60 dBFS and below is empty, 0 dBFS full: for the local microphone's samples. */
export function meterFromRms(value: number): number {
  if (value <= 0) return 0;
  return clamp01((20 * Math.log10(value) + 60) / 60);
}

/**
 * For mediasoup's audio levels (dBov, -127 to 0, as the host receives them):
 * -70 dBov and below is empty, -20 dBov (loud speech) is full.
 */
export function meterFromDbov(dbov: number): number {
  return clamp01((dbov + 70) / 50);
}
