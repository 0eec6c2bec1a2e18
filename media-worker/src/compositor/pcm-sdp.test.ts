// Tests of the PCM SDP the encoder reads and of the ports it refuses
// (PORT_INVALID).
import { describe, expect, it } from 'vitest';
import { pcmSdp } from './pcm-sdp.js';

describe('pcmSdp', () => {
  it('describes 48 kHz stereo L16 on a local port, RTCP on the next', () => {
    expect(pcmSdp(41000).split('\r\n')).toEqual([
      'v=0',
      'o=- 0 0 IN IP4 127.0.0.1',
      's=diemcau programme mix',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      'm=audio 41000 RTP/AVP 97',
      'a=rtcp:41001',
      'a=rtpmap:97 L16/48000/2',
      'a=recvonly',
      '',
    ]);
  });

  it.each([41001, 0, 65536])('refuses port %d with PORT_INVALID', (port) => {
    expect(() => pcmSdp(port)).toThrow(
      expect.objectContaining({ name: 'EgressError', code: 'PORT_INVALID' }),
    );
  });
});
