// The SDP of the mixer's uncompressed PCM as the encoder reads it, on a
// local port.
import { EgressError } from '../egress/errors.js';

/** The payload type of the mixer's PCM: dynamic, since RTP has no static type for L16 at 48 kHz. */
export const PCM_PAYLOAD_TYPE = 97;
export const PCM_SAMPLE_RATE = 48_000;
export const PCM_CHANNELS = 2;

/**
 * The SDP of the mixer's output as the encoder reads it: 16-bit big-endian PCM
 * (RFC 3551 L16), 48 kHz stereo, on a local port. Uncompressed, so the mix costs
 * no extra encode and decode on its way to the encoder.
 */
export function pcmSdp(port: number): string {
  if (!Number.isInteger(port) || port < 2 || port > 65534 || port % 2 !== 0) {
    throw new EgressError('PORT_INVALID', `PCM RTP port ${port} is not an even port 2..65534`);
  }
  return [
    'v=0',
    'o=- 0 0 IN IP4 127.0.0.1',
    's=diemcau programme mix',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=audio ${port} RTP/AVP ${PCM_PAYLOAD_TYPE}`,
    `a=rtcp:${port + 1}`,
    `a=rtpmap:${PCM_PAYLOAD_TYPE} L16/${PCM_SAMPLE_RATE}/${PCM_CHANNELS}`,
    'a=recvonly',
    '',
  ].join('\r\n');
}
