import type { MediaSource } from '@diemcau/protocol';
import type { types } from 'mediasoup-client';

/*
 * How each source is sent. The camera goes out as three simulcast layers so
 * that the host's thumbnails and a hall's large programme view each take the
 * layer they need from the SFU; a screen is one layer tuned for detail.
 */

const CAMERA_ENCODINGS: types.RtpEncodingParameters[] = [
  { rid: 'r0', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: 'r1', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: 'r2', scaleResolutionDownBy: 1, maxBitrate: 1_200_000 },
];

export function produceOptions(
  source: MediaSource,
): Pick<types.ProducerOptions, 'encodings' | 'codecOptions' | 'zeroRtpOnPause'> {
  switch (source) {
    case 'mic':
      return { codecOptions: { opusFec: true }, zeroRtpOnPause: true };
    case 'camera':
      return {
        encodings: CAMERA_ENCODINGS.map((e) => ({ ...e })),
        codecOptions: { videoGoogleStartBitrate: 1000 },
        zeroRtpOnPause: true,
      };
    case 'screen':
      return { encodings: [{ maxBitrate: 1_500_000 }], zeroRtpOnPause: true };
  }
}
