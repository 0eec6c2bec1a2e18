import type { NotificationData, NotificationMethod } from '@diemcau/protocol';
import { expect } from 'vitest';
import type { NodePeer } from './node-peer.js';
import type { SyntheticAudioOptions } from './node-peer/synthetic.js';
import { waitFor } from './wait.js';

/*
 * Assertions on media at a receiver, for tests that run NodePeers against the
 * real server: counts of what a peer decoded, and notifications it was sent.
 */

/**
 * A "speaking" microphone for mediasoup's dominant-speaker detector: a 2 Hz
 * wave, whose level over each 20 ms packet swells and fades four times a
 * second. The detector measures speech against each microphone's own quietest
 * level, so a steady 440 Hz tone never counts as speech (it only wins by being
 * the first or only microphone). Opus filters out 2 Hz: receivers do not hear it.
 */
export const SPEECH: SyntheticAudioOptions = { frequency: 2, amplitude: 8_000 };

/** Video frames `receiver` decoded from `producerId`; 0 while it has no consumer of it. */
export function framesAt(receiver: NodePeer, producerId: string): number {
  return receiver.receives(producerId) ? receiver.received(producerId).videoFrames : 0;
}

/** Audible 10 ms audio frames `receiver` played out from `producerId`; 0 while it has no consumer of it. */
export function audibleAt(receiver: NodePeer, producerId: string): number {
  return receiver.receives(producerId) ? receiver.received(producerId).audibleFrames : 0;
}

/** Resolves once `count()` has risen by `by` over its value now (media is flowing). */
export async function rises(what: string, count: () => number, by = 10, timeoutMs = 10_000): Promise<void> {
  const start = count();
  await waitFor(what, async () => (count() >= start + by ? true : undefined), timeoutMs);
}

/** `count()` rises by at most `slack` over `ms` (media has stopped; a few frames may still be in flight). */
export async function staysFlat(count: () => number, ms = 1_000, slack = 3): Promise<void> {
  const start = count();
  await new Promise((resolve) => setTimeout(resolve, ms));
  expect(count() - start).toBeLessThanOrEqual(slack);
}

/** The notifications of `method` that `peer` was sent after the first `since`. */
export function notificationsOf<M extends NotificationMethod>(
  peer: NodePeer,
  method: M,
  since = 0,
): NotificationData<M>[] {
  return peer.notifications
    .slice(since)
    .filter((n) => n.method === method)
    .map((n) => n.data as NotificationData<M>);
}

/** Waits for a notification of `method` after the first `since` that `match`es. */
export function notified<M extends NotificationMethod>(
  peer: NodePeer,
  method: M,
  match: (data: NotificationData<M>) => boolean,
  since = 0,
  timeoutMs = 10_000,
): Promise<NotificationData<M>> {
  return waitFor(
    `${method} at ${peer.name}`,
    async () => notificationsOf(peer, method, since).find(match),
    timeoutMs,
  );
}
