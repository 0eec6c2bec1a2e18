import { summarize, type Summary } from '../../server/test/helpers/bench-report.js';
import type { ConsumerCounters } from './generator/messages.js';

/*
 * What the synthetic halls received during a measurement window, from their
 * consumers' counters at its start and end: loss, frame rates by view, and
 * the consumers that should have carried video but carried none.
 */

export interface Traffic {
  /** Consumers present for the whole window. */
  consumers: number;
  packets: number;
  /** Packets lost (expected from the sequence numbers, not received), in % of those expected. */
  lossPct: number;
  /** Received bit rate over all consumers, Mbit/s. */
  mbps: number;
  /** Frames per second of each resumed video consumer, by view. */
  fps: { large: Summary | null; thumbnail: Summary | null };
  /** Resumed video consumers that received no frame at all: each is an error. */
  stalled: number;
}

const key = (c: ConsumerCounters) => `${c.point}/${c.consumerId}`;

export function traffic(
  before: readonly ConsumerCounters[],
  after: readonly ConsumerCounters[],
  seconds: number,
): Traffic {
  const start = new Map(before.map((c) => [key(c), c]));
  let consumers = 0;
  let packets = 0;
  let expected = 0;
  let bytes = 0;
  let stalled = 0;
  const fps: Record<'large' | 'thumbnail', number[]> = { large: [], thumbnail: [] };
  for (const end of after) {
    const begin = start.get(key(end));
    // Made or resumed during the window: its figures would not cover the whole of it.
    if (!begin || begin.paused) continue;
    consumers++;
    packets += end.packets - begin.packets;
    expected += end.expected - begin.expected;
    bytes += end.bytes - begin.bytes;
    if (end.kind !== 'video' || end.paused) continue;
    const frames = end.frames - begin.frames;
    if (frames === 0) stalled++;
    fps[end.view].push(frames / seconds);
  }
  const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
  return {
    consumers,
    packets,
    lossPct: expected > 0 ? round((Math.max(0, expected - packets) / expected) * 100, 3) : 0,
    mbps: round((bytes * 8) / seconds / 1e6, 1),
    fps: { large: summarize(fps.large), thumbnail: summarize(fps.thumbnail) },
    stalled,
  };
}
