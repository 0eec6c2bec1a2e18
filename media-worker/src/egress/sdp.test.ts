// Tests of the SDP writer: codecs, ports, addresses, and the
// EgressError codes of what it refuses.
import { describe, expect, it } from 'vitest';
import type { EgressStream } from '@diemcau/protocol';
import { sdpFor } from './sdp.js';

const mic: EgressStream = {
  id: 'mic',
  kind: 'audio',
  mimeType: 'audio/opus',
  payloadType: 100,
  clockRate: 48000,
  channels: 2,
  parameters: { minptime: 10, useinbandfec: 1 },
  ssrc: 11111111,
};
const camera: EgressStream = {
  id: 'camera',
  kind: 'video',
  mimeType: 'video/VP8',
  payloadType: 101,
  clockRate: 90000,
  ssrc: 22222222,
};

const egressError = (code: string) => expect.objectContaining({ name: 'EgressError', code });

describe('sdpFor', () => {
  it('describes an Opus + VP8 pair, each on its own port pair', () => {
    const sdp = sdpFor([mic, camera], { host: '127.0.0.1', ports: { mic: 40000, camera: 40002 } });
    expect(sdp).toBe(
      [
        'v=0',
        'o=- 0 0 IN IP4 127.0.0.1',
        's=diemcau egress',
        'c=IN IP4 127.0.0.1',
        't=0 0',
        'm=audio 40000 RTP/AVP 100',
        'a=rtcp:40001',
        'a=rtpmap:100 opus/48000/2',
        'a=fmtp:100 minptime=10;useinbandfec=1',
        'a=ssrc:11111111 cname:diemcau',
        'a=recvonly',
        'm=video 40002 RTP/AVP 101',
        'a=rtcp:40003',
        'a=rtpmap:101 VP8/90000',
        'a=ssrc:22222222 cname:diemcau',
        'a=recvonly',
        '',
      ].join('\r\n'),
    );
  });

  it('declares Opus with two channels when none are given, and H.264 with its fmtp', () => {
    const sdp = sdpFor(
      [
        { ...mic, channels: undefined, parameters: undefined, ssrc: undefined },
        {
          id: 'programme',
          kind: 'video',
          mimeType: 'video/H264',
          payloadType: 102,
          clockRate: 90000,
          parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f' },
        },
      ],
      { host: '10.0.0.5', ports: { mic: 50000, programme: 50010 } },
    );
    expect(sdp.split('\r\n').slice(5)).toEqual([
      'm=audio 50000 RTP/AVP 100',
      'a=rtcp:50001',
      'a=rtpmap:100 opus/48000/2',
      'a=recvonly',
      'm=video 50010 RTP/AVP 102',
      'a=rtcp:50011',
      'a=rtpmap:102 H264/90000',
      'a=fmtp:102 packetization-mode=1;profile-level-id=42e01f',
      'a=recvonly',
      '',
    ]);
  });

  it('uses IP6 for an IPv6 host', () => {
    const sdp = sdpFor([camera], { host: '::1', ports: { camera: 40002 } });
    expect(sdp.split('\r\n').slice(1, 4)).toEqual(['o=- 0 0 IN IP6 ::1', 's=diemcau egress', 'c=IN IP6 ::1']);
  });

  it.each([
    ['no port', {}],
    ['an odd port', { camera: 40001 }],
    ['port 0', { camera: 0 }],
    ['a port with no room for RTCP', { camera: 65536 }],
    ['a fractional port', { camera: 40002.5 }],
  ])('refuses %s with PORT_INVALID', (_label, ports: Record<string, number>) => {
    expect(() => sdpFor([camera], { host: '127.0.0.1', ports })).toThrow(egressError('PORT_INVALID'));
  });

  it('refuses two streams on one port', () => {
    expect(() => sdpFor([mic, camera], { host: '127.0.0.1', ports: { mic: 40000, camera: 40000 } })).toThrow(
      expect.objectContaining({
        name: 'EgressError',
        code: 'PORT_INVALID',
        message: 'PORT_INVALID: stream camera: RTP port 40000 is used twice',
      }),
    );
  });

  it.each([
    ['a kind that does not match the mimeType', { ...camera, kind: 'audio' as const }],
    ['payload type 128', { ...camera, payloadType: 128 }],
    ['clock rate 0', { ...camera, clockRate: 0 }],
    ['0 channels', { ...mic, id: 'camera', channels: 0 }],
  ])('refuses %s with STREAM_INVALID', (_label, stream: EgressStream) => {
    const run = () => sdpFor([stream], { host: '127.0.0.1', ports: { camera: 40002 } });
    expect(run).toThrow(egressError('STREAM_INVALID'));
  });

  it('refuses an empty stream list and a blank host', () => {
    expect(() => sdpFor([], { host: '127.0.0.1', ports: {} })).toThrow(egressError('STREAM_INVALID'));
    expect(() => sdpFor([camera], { host: ' ', ports: { camera: 40002 } })).toThrow(
      egressError('STREAM_INVALID'),
    );
  });
});
