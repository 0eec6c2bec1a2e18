import { MediaBenchError } from './errors.js';

/** One RTP packet of the clip as ffmpeg packetized it. */
export interface ClipPacket {
  /** RTP timestamp ticks since the stream's first packet. */
  tsOffset: number;
  /** The same in milliseconds. */
  offsetMs: number;
  /** Header (ffmpeg's SSRC, sequence and timestamp; rewritten per sender) and payload. */
  data: Buffer;
}

export interface ClipStream {
  kind: 'audio' | 'video';
  clockRate: number;
  packets: ClipPacket[];
}

/** A looping clip: every stream is exactly `durationMs` long and starts on a key frame. */
export interface Clip {
  durationMs: number;
  /** Video key frames fall on every multiple of this in all layers. */
  keyFrameIntervalMs: number;
  audio: ClipStream;
  /** Simulcast layers, lowest resolution first. */
  video: ClipStream[];
}

const MAGIC = Buffer.from('DMCLIP1\n');

interface Header {
  durationMs: number;
  keyFrameIntervalMs: number;
  streams: { kind: 'audio' | 'video'; clockRate: number; count: number }[];
}

export function clipPacket(tsOffset: number, clockRate: number, data: Buffer): ClipPacket {
  return { tsOffset, offsetMs: (tsOffset * 1000) / clockRate, data };
}

/** Binary form for the cache: magic, JSON header, then per packet u32 tsOffset, u16 length, bytes. */
export function encodeClip(clip: Clip): Buffer {
  const streams = [clip.audio, ...clip.video];
  const header: Header = {
    durationMs: clip.durationMs,
    keyFrameIntervalMs: clip.keyFrameIntervalMs,
    streams: streams.map((s) => ({ kind: s.kind, clockRate: s.clockRate, count: s.packets.length })),
  };
  const json = Buffer.from(JSON.stringify(header));
  const parts: Buffer[] = [MAGIC, u32(json.length), json];
  for (const stream of streams) {
    for (const packet of stream.packets) {
      const prefix = Buffer.alloc(6);
      prefix.writeUInt32BE(packet.tsOffset, 0);
      prefix.writeUInt16BE(packet.data.length, 4);
      parts.push(prefix, packet.data);
    }
  }
  return Buffer.concat(parts);
}

export function decodeClip(file: Buffer): Clip {
  const corrupt = (why: string): MediaBenchError =>
    new MediaBenchError('CLIP_CACHE_CORRUPT', `clip cache file is corrupt: ${why}`);
  if (file.length < MAGIC.length + 4 || !file.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw corrupt('bad magic');
  }
  let offset = MAGIC.length;
  const jsonLength = file.readUInt32BE(offset);
  offset += 4;
  let header: Header;
  try {
    header = JSON.parse(file.subarray(offset, offset + jsonLength).toString('utf8')) as Header;
  } catch {
    throw corrupt('bad header');
  }
  offset += jsonLength;
  const streams: ClipStream[] = header.streams.map(({ kind, clockRate, count }) => {
    const packets: ClipPacket[] = [];
    for (let i = 0; i < count; i++) {
      if (offset + 6 > file.length) throw corrupt('truncated');
      const tsOffset = file.readUInt32BE(offset);
      const length = file.readUInt16BE(offset + 4);
      offset += 6;
      if (offset + length > file.length) throw corrupt('truncated');
      // A copy, so each packet owns its bytes and the file buffer can go.
      packets.push(clipPacket(tsOffset, clockRate, Buffer.from(file.subarray(offset, offset + length))));
      offset += length;
    }
    return { kind, clockRate, packets };
  });
  const [audio, ...video] = streams;
  if (offset !== file.length || audio?.kind !== 'audio' || video.length === 0) throw corrupt('bad layout');
  return { durationMs: header.durationMs, keyFrameIntervalMs: header.keyFrameIntervalMs, audio, video };
}

export interface StreamRate {
  packetsPerSecond: number;
  /** RTP bits per second (headers included, as mediasoup counts a producer's bitrate). */
  bitsPerSecond: number;
}

export function streamRate(stream: ClipStream, durationMs: number): StreamRate {
  const bytes = stream.packets.reduce((sum, p) => sum + p.data.length, 0);
  return {
    packetsPerSecond: (stream.packets.length * 1000) / durationMs,
    bitsPerSecond: (bytes * 8 * 1000) / durationMs,
  };
}

/** One line per stream: what the clip costs to send. */
export function describeClip(clip: Clip): string[] {
  const line = (name: string, stream: ClipStream): string => {
    const { packetsPerSecond, bitsPerSecond } = streamRate(stream, clip.durationMs);
    return `${name}: ${(bitsPerSecond / 1000).toFixed(0)} kbit/s, ${packetsPerSecond.toFixed(1)} packets/s`;
  };
  return [line('audio', clip.audio), ...clip.video.map((layer, i) => line(`video layer ${i}`, layer))];
}

function u32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value);
  return b;
}
