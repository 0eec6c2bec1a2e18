import { meterFromRms, rms } from './levels.js';

/*
 * The local microphone's level, from WebAudio. One AudioContext serves the
 * page (browsers limit how many there may be); it starts suspended until the
 * user interacts with the page, so the first pointer or key press resumes it.
 */

let context: AudioContext | undefined;

function audioContext(): AudioContext {
  if (!context) {
    context = new AudioContext();
    const resume = () => void context?.resume();
    addEventListener('pointerdown', resume, { once: true, capture: true });
    addEventListener('keydown', resume, { once: true, capture: true });
  }
  return context;
}

const INTERVAL_MS = 100;

/** Calls `onLevel` with 0–1 about ten times a second until the returned function is called. */
export function watchAudioLevel(track: MediaStreamTrack, onLevel: (level: number) => void): () => void {
  const ctx = audioContext();
  void ctx.resume().catch(() => undefined);
  const source = ctx.createMediaStreamSource(new MediaStream([track]));
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 1024;
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  // A timer rather than animation frames: the meter is coarse and must not cost a frame budget.
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    onLevel(meterFromRms(rms(samples)));
  }, INTERVAL_MS);
  return () => {
    clearInterval(timer);
    source.disconnect();
  };
}
