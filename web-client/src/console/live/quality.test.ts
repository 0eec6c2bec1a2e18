import { describe, expect, it } from 'vitest';
import { gradeQuality } from './quality.js';

const video = { media: true, video: true };
const audioOnly = { media: true, video: false };
const sample = (packetsReceived: number, packetsLost: number, fps = 30) => ({
  packetsReceived,
  packetsLost,
  fps,
});

describe('gradeQuality', () => {
  it('is good with little loss and a smooth picture', () => {
    expect(gradeQuality(sample(1000, 0), sample(1990, 10, 30), video)).toBe('good');
  });

  it('is fair with noticeable loss or a low frame rate', () => {
    expect(gradeQuality(sample(1000, 0), sample(1950, 50), video)).toBe('fair');
    expect(gradeQuality(sample(1000, 0), sample(2000, 0, 10), video)).toBe('fair');
  });

  it('is poor with heavy loss, a frozen picture, or nothing arriving', () => {
    expect(gradeQuality(sample(1000, 0), sample(1900, 100), video)).toBe('poor');
    expect(gradeQuality(sample(1000, 0), sample(2000, 0, 3), video)).toBe('poor');
    expect(gradeQuality(sample(1000, 5), sample(1000, 5), video)).toBe('poor');
  });

  it('ignores the frame rate when no picture is expected', () => {
    expect(gradeQuality(sample(100, 0), sample(400, 1, 0), audioOnly)).toBe('good');
  });

  it('is unknown on the first sample, after the counters restart, or when nothing should flow', () => {
    expect(gradeQuality(undefined, sample(1000, 0), video)).toBe('unknown');
    expect(gradeQuality(sample(5000, 40), sample(300, 0), video)).toBe('unknown');
    expect(gradeQuality(sample(1000, 0), sample(1000, 0), { media: false, video: false })).toBe('unknown');
  });
});
