/** Inbound counters of one peer's media, as RoomClient.receivedStats gives them (cumulative). */
export interface StatsSample {
  packetsReceived: number;
  packetsLost: number;
  fps: number;
}

export type Quality = 'good' | 'fair' | 'poor' | 'unknown';

/** Above these a link is not good / not fair: loss a viewer notices, then loss that breaks speech. */
const GOOD_LOSS = 0.02;
const FAIR_LOSS = 0.08;
/** Below these the picture stutters / is a slide show. */
const GOOD_FPS = 15;
const FAIR_FPS = 8;

/**
 * Grades a point's link from two samples a few seconds apart: the packet loss
 * between them, and the frame rate when a picture is expected. Unknown on the
 * first sample and when the counters start again (new consumers after a
 * reconnection), and when nothing is expected to flow.
 */
export function gradeQuality(
  previous: StatsSample | undefined,
  current: StatsSample,
  expect: { media: boolean; video: boolean },
): Quality {
  if (!previous || !expect.media) return 'unknown';
  const received = current.packetsReceived - previous.packetsReceived;
  const lost = current.packetsLost - previous.packetsLost;
  if (received < 0 || lost < 0) return 'unknown';
  if (received + lost === 0) return 'poor';
  const loss = lost / (received + lost);
  const fps = expect.video ? current.fps : Infinity;
  if (loss < GOOD_LOSS && fps >= GOOD_FPS) return 'good';
  if (loss < FAIR_LOSS && fps >= FAIR_FPS) return 'fair';
  return 'poor';
}
