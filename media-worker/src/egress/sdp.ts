// The SDP files ffmpeg's RTP demuxer reads: one m= line per egress
// stream, each on its own port pair.
import { isIPv6 } from 'node:net';
import type { EgressStream } from '@diemcau/protocol';
import { EgressError } from './errors.js';

export interface SdpTarget {
  /** The address mediasoup sends to; ffmpeg itself listens on every interface. */
  host: string;
  /** The RTP port of each stream, by stream id; RTCP arrives on port + 1. */
  ports: Record<string, number>;
}

/**
 * The SDP ffmpeg's RTP demuxer reads (`-protocol_whitelist file,udp,rtp -i x.sdp`):
 * one m= line per stream, each on its own port pair, since mediasoup's PlainTransports
 * run without RTCP-mux.
 */
export function sdpFor(streams: readonly EgressStream[], { host, ports }: SdpTarget): string {
  if (streams.length === 0) throw new EgressError('STREAM_INVALID', 'an SDP needs at least one stream');
  if (host === '' || /\s/.test(host)) throw new EgressError('STREAM_INVALID', `invalid host "${host}"`);
  const addressType = isIPv6(host) ? 'IP6' : 'IP4';
  const lines = [
    'v=0',
    `o=- 0 0 IN ${addressType} ${host}`,
    's=diemcau egress',
    `c=IN ${addressType} ${host}`,
    't=0 0',
  ];
  const used = new Set<number>();
  for (const stream of streams) {
    checkStream(stream);
    const port = ports[stream.id];
    checkPort(stream.id, port, used);
    lines.push(...mediaLines(stream, port));
  }
  return `${lines.join('\r\n')}\r\n`;
}

function mediaLines(stream: EgressStream, port: number): string[] {
  const pt = stream.payloadType;
  const encoding = stream.mimeType.slice(stream.kind.length + 1);
  // RFC 7587: Opus is always declared with 2 channels, whatever is sent.
  const channels = stream.mimeType === 'audio/opus' ? (stream.channels ?? 2) : stream.channels;
  const lines = [
    `m=${stream.kind} ${port} RTP/AVP ${pt}`,
    // ffmpeg binds RTCP on port + 1 by itself; the attribute (RFC 3605) says so to any other reader.
    `a=rtcp:${port + 1}`,
    `a=rtpmap:${pt} ${encoding}/${stream.clockRate}${channels === undefined ? '' : `/${channels}`}`,
  ];
  const parameters = Object.entries(stream.parameters ?? {});
  if (parameters.length > 0) {
    lines.push(`a=fmtp:${pt} ${parameters.map(([key, value]) => `${key}=${value}`).join(';')}`);
  }
  if (stream.ssrc !== undefined) lines.push(`a=ssrc:${stream.ssrc} cname:diemcau`);
  lines.push('a=recvonly');
  return lines;
}

function checkStream(stream: EgressStream): void {
  const fail = (problem: string): never => {
    throw new EgressError('STREAM_INVALID', `stream ${stream.id}: ${problem}`);
  };
  if (!stream.mimeType.startsWith(`${stream.kind}/`))
    fail(`mimeType ${stream.mimeType} is not ${stream.kind}`);
  if (!isInteger(stream.payloadType, 0, 127)) fail(`payload type ${stream.payloadType} is not 0..127`);
  if (!isInteger(stream.clockRate, 1, 2 ** 32 - 1))
    fail(`clock rate ${stream.clockRate} is not a positive integer`);
  if (stream.channels !== undefined && !isInteger(stream.channels, 1, 255)) {
    fail(`channels ${stream.channels} is not 1..255`);
  }
}

function checkPort(id: string, port: number | undefined, used: Set<number>): asserts port is number {
  // RTP on the even port and RTCP on the odd one above it (RFC 3550 11).
  if (port === undefined || !isInteger(port, 2, 65534) || port % 2 !== 0) {
    throw new EgressError('PORT_INVALID', `stream ${id}: RTP port ${port} is not an even port 2..65534`);
  }
  if (used.has(port)) throw new EgressError('PORT_INVALID', `stream ${id}: RTP port ${port} is used twice`);
  used.add(port);
}

function isInteger(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}
