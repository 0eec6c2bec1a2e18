import { describe, expect, it } from 'vitest';
import { meterFromDbov, meterFromRms, rms } from './levels.js';

describe('rms', () => {
  it('is the root mean square of the samples', () => {
    expect(rms([])).toBe(0);
    expect(rms([0.5, -0.5, 0.5, -0.5])).toBeCloseTo(0.5);
    expect(rms(Float32Array.from([1, 0, -1, 0]))).toBeCloseTo(Math.SQRT1_2);
  });
});

describe('meterFromRms', () => {
  it('maps -60…0 dBFS onto 0…1', () => {
    expect(meterFromRms(0)).toBe(0);
    expect(meterFromRms(0.0005)).toBe(0); // about -66 dBFS
    expect(meterFromRms(0.01)).toBeCloseTo(1 / 3); // -40 dBFS
    expect(meterFromRms(1)).toBe(1);
  });
});

describe('meterFromDbov', () => {
  it('maps -70…-20 dBov onto 0…1', () => {
    expect(meterFromDbov(-127)).toBe(0);
    expect(meterFromDbov(-45)).toBeCloseTo(0.5);
    expect(meterFromDbov(-20)).toBe(1);
    expect(meterFromDbov(0)).toBe(1);
  });
});
