import type { ClipStream } from './clip-file.js';

/*
 * A browser does not send a frame's packets at once: libwebrtc's pacer spreads
 * them at 2.5 times the target bit rate. Sent in one burst, a key frame of 50
 * packets from each of 123 halls would overflow socket buffers that real
 * traffic never fills, and the loss measured would be the generator's own.
 */

/** libwebrtc's pacing factor: packets leave at this multiple of the stream's bit rate. */
export const PACING_FACTOR = 2.5;

/**
 * The stream with each packet's send time (`offsetMs`) moved to when a pacer
 * at `factor` × the stream's mean bit rate would send it: never before its
 * frame's capture time, never before the previous packet has left.
 */
export function paced(stream: ClipStream, durationMs: number, factor = PACING_FACTOR): ClipStream {
  const bytes = stream.packets.reduce((sum, p) => sum + p.data.length, 0);
  const bytesPerMs = (bytes / durationMs) * factor;
  let free = 0;
  const packets = stream.packets.map((p) => {
    const sendAt = Math.max(p.offsetMs, free);
    free = sendAt + p.data.length / bytesPerMs;
    return { ...p, offsetMs: sendAt };
  });
  return { ...stream, packets };
}
