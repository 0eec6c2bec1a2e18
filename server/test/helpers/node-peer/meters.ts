import { nonstandard, type AudioFrame, type WrtcTrack } from './wrtc.js';

/** What a peer has decoded from one remote producer. */
export interface ReceivedMedia {
  kind: 'audio' | 'video';
  videoFrames: number;
  audioFrames: number;
  /** Audio frames whose RMS is above the audibility threshold. */
  audibleFrames: number;
  width: number;
  height: number;
  /** performance.now() of the first decoded video frame or first audible audio frame. */
  firstAt: number | undefined;
}

export interface Meter {
  readonly received: ReceivedMedia;
  stop(): void;
}

/** Int16 RMS above which a 10 ms frame counts as audible (about -40 dBFS); decoder silence is far below. */
export const AUDIBLE_RMS = 300;

function empty(kind: 'audio' | 'video'): ReceivedMedia {
  return { kind, videoFrames: 0, audioFrames: 0, audibleFrames: 0, width: 0, height: 0, firstAt: undefined };
}

export function rms({ samples }: AudioFrame): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return samples.length === 0 ? 0 : Math.sqrt(sum / samples.length);
}

export function meterVideo(track: WrtcTrack): Meter {
  const received = empty('video');
  const sink = new nonstandard.RTCVideoSink(track);
  sink.onframe = ({ frame }) => {
    received.videoFrames++;
    received.width = frame.width;
    received.height = frame.height;
    received.firstAt ??= performance.now();
  };
  return {
    received,
    stop: () => {
      sink.onframe = null;
      sink.stop();
    },
  };
}

export function meterAudio(track: WrtcTrack): Meter {
  const received = empty('audio');
  const sink = new nonstandard.RTCAudioSink(track);
  sink.ondata = (data) => {
    received.audioFrames++;
    if (rms(data) > AUDIBLE_RMS) {
      received.audibleFrames++;
      received.firstAt ??= performance.now();
    }
  };
  return {
    received,
    stop: () => {
      sink.ondata = null;
      sink.stop();
    },
  };
}
