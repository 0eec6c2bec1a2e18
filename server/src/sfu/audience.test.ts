import { describe, expect, it } from 'vitest';
import { consumes, receives, spatialLayerFor } from './audience.js';

describe('audience', () => {
  it('lets the host receive everyone and points receive the host only', () => {
    expect(receives('host', 'point')).toBe(true);
    expect(receives('host', 'host')).toBe(true);
    expect(receives('point', 'host')).toBe(true);
    expect(receives('point', 'point')).toBe(false);
  });

  it('lets a point consume the host and the programme only, the host everyone, nobody itself', () => {
    const host = { id: 'h', role: 'host' as const };
    const [a, b, c] = (['a', 'b', 'c'] as const).map((id) => ({ id, role: 'point' as const }));
    expect(consumes(a!, host, null)).toBe(true);
    expect(consumes(a!, b!, null)).toBe(false);
    expect(consumes(a!, b!, 'b')).toBe(true);
    expect(consumes(c!, b!, 'b')).toBe(true);
    expect(consumes(b!, b!, 'b')).toBe(false);
    expect(consumes(a!, c!, 'b')).toBe(false);
    expect(consumes(host, a!, null)).toBe(true);
    expect(consumes(host, host, null)).toBe(false);
  });

  it('maps a thumbnail to the lowest layer and a large tile to the highest', () => {
    expect(spatialLayerFor('thumbnail', 3)).toBe(0);
    expect(spatialLayerFor('large', 3)).toBe(2);
    expect(spatialLayerFor('large', 1)).toBe(0);
  });
});
