import { describe, expect, it } from 'vitest';
import { receives, spatialLayerFor } from './audience.js';

describe('audience', () => {
  it('lets the host receive everyone and points receive the host only', () => {
    expect(receives('host', 'point')).toBe(true);
    expect(receives('host', 'host')).toBe(true);
    expect(receives('point', 'host')).toBe(true);
    expect(receives('point', 'point')).toBe(false);
  });

  it('maps a thumbnail to the lowest layer and a large tile to the highest', () => {
    expect(spatialLayerFor('thumbnail', 3)).toBe(0);
    expect(spatialLayerFor('large', 3)).toBe(2);
    expect(spatialLayerFor('large', 1)).toBe(0);
  });
});
