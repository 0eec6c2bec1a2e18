import { clipPacket } from './clip-file.js';
import type { ClipStream } from './clip-file.js';
import { MediaBenchError } from './errors.js';
import { isRtcp, rtpHeaderLength } from './rtp-header.js';
import { isVp8KeyFrameStart, widenPictureId } from './vp8.js';

export interface StreamShape {
  name: string;
  kind: 'audio' | 'video';
  clockRate: number;
  durationMs: number;
  /** Video: frames per second, to check that no frame is missing. */
  fps?: number;
  /** Video: a key frame must start every multiple of this. */
  keyFrameIntervalMs?: number;
  /** Audio: milliseconds per packet. */
  frameMs?: number;
}

/**
 * One stream of the clip from the datagrams ffmpeg sent, in arrival order:
 * RTCP dropped, no sequence gap allowed, cut to exactly one loop, VP8
 * PictureIDs widened to 15 bits. Throws CLIP_INCOMPLETE when anything is
 * missing, since a loop with a hole would make every sender look lossy.
 */
export function assembleStream(datagrams: readonly Buffer[], shape: StreamShape): ClipStream {
  const incomplete = (why: string): MediaBenchError =>
    new MediaBenchError('CLIP_INCOMPLETE', `ffmpeg's ${shape.name} stream ${why}`);
  const rtp = datagrams.filter((d) => d.length >= 12 && !isRtcp(d));
  const first = rtp[0];
  if (!first) throw incomplete('sent no RTP');
  const baseTs = first.readUInt32BE(4);
  const loopTicks = (shape.durationMs * shape.clockRate) / 1000;

  const packets = [];
  let previousSeq = -1;
  for (const datagram of rtp) {
    const seq = datagram.readUInt16BE(2);
    if (previousSeq >= 0 && seq !== ((previousSeq + 1) & 0xffff)) {
      throw incomplete(`has a sequence gap (${previousSeq} -> ${seq})`);
    }
    previousSeq = seq;
    const tsOffset = (datagram.readUInt32BE(4) - baseTs) >>> 0;
    if (tsOffset >= loopTicks) break;
    const data = shape.kind === 'video' ? widenPictureId(datagram, rtpHeaderLength(datagram)) : datagram;
    packets.push(clipPacket(tsOffset, shape.clockRate, data));
  }
  const stream: ClipStream = { kind: shape.kind, clockRate: shape.clockRate, packets };
  if (shape.kind === 'video') checkVideo(stream, shape, incomplete);
  else checkAudio(stream, shape, incomplete);
  return stream;
}

function checkVideo(
  stream: ClipStream,
  shape: StreamShape,
  incomplete: (why: string) => MediaBenchError,
): void {
  const frameStarts = new Map<number, Buffer>();
  for (const p of stream.packets) if (!frameStarts.has(p.tsOffset)) frameStarts.set(p.tsOffset, p.data);
  const expectedFrames = ((shape.fps ?? 0) * shape.durationMs) / 1000;
  if (frameStarts.size !== expectedFrames) {
    throw incomplete(`has ${frameStarts.size} frames in ${shape.durationMs} ms, expected ${expectedFrames}`);
  }
  const interval = shape.keyFrameIntervalMs ?? shape.durationMs;
  for (let ms = 0; ms < shape.durationMs; ms += interval) {
    const start = frameStarts.get((ms * shape.clockRate) / 1000);
    if (!start || !isVp8KeyFrameStart(start, rtpHeaderLength(start))) {
      throw incomplete(`has no key frame at ${ms} ms`);
    }
  }
  const last = stream.packets.at(-1)!.data;
  if ((last[1]! & 0x80) === 0) throw incomplete('ends in the middle of a frame');
}

function checkAudio(
  stream: ClipStream,
  shape: StreamShape,
  incomplete: (why: string) => MediaBenchError,
): void {
  const expected = shape.durationMs / (shape.frameMs ?? 20);
  if (stream.packets.length !== expected) {
    throw incomplete(`has ${stream.packets.length} packets in ${shape.durationMs} ms, expected ${expected}`);
  }
}
