// The ffmpeg arguments of a livestream relay: the encoder's local MPEG-TS
// feed copied into FLV to one RTMP(S) destination.
import { LOG_ARGS } from './log-args.js';

/** Microseconds without progress after which a relay gives up, on either side. */
const STALL_MICROSECONDS = 5_000_000;

/**
 * The encoder's local MPEG-TS feed for one relay. The read timeout ends the relay
 * when the encoder stops; a larger, non-fatal FIFO rides out a slow destination.
 */
export function relayInputUrl(port: number): string {
  return `udp://127.0.0.1:${port}?timeout=${STALL_MICROSECONDS}&fifo_size=1000000&overrun_nonfatal=1`;
}

export interface RelayOptions {
  /** Usually `relayInputUrl(port)`. */
  input: string;
  /** An RTMP/RTMPS URL with the stream key, from `destinationUrl`. Redact it before logging. */
  url: string;
}

/**
 * One RTMP destination: the encoder's H.264 + AAC copied into FLV. A dead or
 * stalled destination makes it exit (rw_timeout) so the caller restarts it
 * without touching the encoder or the other destinations.
 */
export function relayArgs({ input, url }: RelayOptions): string[] {
  return [
    ...LOG_ARGS,
    '-nostdin',
    // key=value blocks on stdout every 0.5 s: out_time_us advancing tells media flowing from a
    // connection that is merely open, and stopping tells a stall.
    '-progress',
    'pipe:1',
    // FLV needs the H.264 parameter sets up front: 2 s of analysis sees a key frame of the
    // encoder (one a second) carrying them, where the default 5 s would delay every (re)start.
    '-analyzeduration',
    '2000000',
    '-f',
    'mpegts',
    '-i',
    input,
    '-map',
    '0',
    '-c',
    'copy',
    '-rw_timeout',
    String(STALL_MICROSECONDS),
    // A live stream has no final duration or size to seek back and write.
    '-flvflags',
    'no_duration_filesize',
    '-f',
    'flv',
    url,
  ];
}
