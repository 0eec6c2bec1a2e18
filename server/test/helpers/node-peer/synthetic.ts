import { drawClockBand } from './clock-band.js';
import { nonstandard, type WrtcTrack } from './wrtc.js';

/*
 * Synthetic camera and microphone. The frames are cheap to make (one reused
 * buffer, a bar that moves every frame) but change enough that the encoder
 * really encodes: the content is synthetic, the media pipeline is not.
 */

export interface SyntheticVideoOptions {
  width: number;
  height: number;
  fps: number;
  /**
   * Fraction (0..1) of the 16x16 luma blocks given a fresh random level every
   * frame. Such changes cannot be predicted, so they cost bits like a real
   * camera's detail does; 0 leaves a nearly static picture of a few kbit/s.
   */
  noise: number;
  /**
   * Draws the wall clock into every frame as a band of black and white blocks
   * (clock-band.ts), for a viewer to measure glass-to-glass latency. Off by default.
   */
  clock?: boolean;
}

export interface SyntheticAudioOptions {
  /** Tone frequency in Hz. */
  frequency: number;
  /** Peak amplitude, 0..32767. */
  amplitude: number;
}

export interface SyntheticSource {
  readonly track: WrtcTrack;
  stop(): void;
}

const BAR_WIDTH_FRACTION = 8;
const BLOCK = 16;

export function syntheticVideo({ width, height, fps, noise, clock }: SyntheticVideoOptions): SyntheticSource {
  const source = new nonstandard.RTCVideoSource();
  const track = source.createTrack();
  const lumaSize = width * height;
  const data = new Uint8Array(lumaSize * 1.5);
  data.fill(128, lumaSize); // neutral chroma: a grey picture
  const barWidth = Math.max(2, Math.floor(width / BAR_WIDTH_FRACTION));
  const columns = Math.floor(width / BLOCK);
  const blocks = columns * Math.floor(height / BLOCK);
  const noisyBlocks = Math.round(blocks * Math.min(1, Math.max(0, noise)));
  const frame = { width, height, data };
  let n = 0;
  const draw = (): void => {
    data.fill(32, 0, lumaSize);
    const x = (n * 4) % width;
    const end = Math.min(x + barWidth, width);
    for (let row = 0; row < height; row++) data.fill(224, row * width + x, row * width + end);
    // A frame counter strip, so consecutive frames never repeat even when the bar wraps.
    data.fill(n % 256, 0, width);
    for (let i = 0; i < noisyBlocks; i++) {
      const block = Math.floor(Math.random() * blocks);
      const level = 16 + Math.floor(Math.random() * 224);
      const origin = Math.floor(block / columns) * BLOCK * width + (block % columns) * BLOCK;
      for (let row = 0; row < BLOCK; row++)
        data.fill(level, origin + row * width, origin + row * width + BLOCK);
    }
    // Last, over the bar and the noise, and stamped as late as possible before the frame goes out.
    if (clock) drawClockBand(data, width, height, Date.now());
    n++;
    source.onFrame(frame);
  };
  const timer = setInterval(draw, 1000 / fps);
  return {
    track,
    stop: () => {
      clearInterval(timer);
      track.stop();
    },
  };
}

const SAMPLE_RATE = 48_000;
const FRAME_SAMPLES = SAMPLE_RATE / 100; // 10 ms, what libwebrtc consumes
const AUDIO_TICK_MS = 20;

export function syntheticAudio({ frequency, amplitude }: SyntheticAudioOptions): SyntheticSource {
  const source = new nonstandard.RTCAudioSource();
  const track = source.createTrack();
  const samples = new Int16Array(FRAME_SAMPLES);
  const step = (2 * Math.PI * frequency) / SAMPLE_RATE;
  let phase = 0;
  let sent = 0;
  const started = performance.now();
  // Node timers drift, so each tick sends every 10 ms frame that is due by the clock.
  const tick = (): void => {
    const due = Math.floor((performance.now() - started) / 10);
    for (; sent < due; sent++) {
      for (let i = 0; i < FRAME_SAMPLES; i++) {
        samples[i] = Math.round(Math.sin(phase) * amplitude);
        phase += step;
      }
      phase %= 2 * Math.PI;
      source.onData({
        samples,
        sampleRate: SAMPLE_RATE,
        bitsPerSample: 16,
        channelCount: 1,
        numberOfFrames: FRAME_SAMPLES,
      });
    }
  };
  const timer = setInterval(tick, AUDIO_TICK_MS);
  return {
    track,
    stop: () => {
      clearInterval(timer);
      track.stop();
    },
  };
}
