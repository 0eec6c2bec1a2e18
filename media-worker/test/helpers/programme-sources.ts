// Test helpers feeding a programme job: a synthetic camera and tones sent
// to the ports it reports, and the power of a tone in the mix.
import { type Running, start } from '../egress/ffmpeg-processes.js';

/**
 * A browser's camera as mediasoup forwards it: VP8 at real time, with a key frame
 * only when asked. Asking starts the sender again with a new SSRC and sequence, as
 * a consumer swap would, and it sends two key frames 300 ms apart (as the server
 * asks twice): ffmpeg drops the first packet of a new sequence, and with it the first key frame.
 */
export function camera(ffmpeg: string, port: number) {
  let ssrc = 0x5e000000 + port * 100;
  let sender: Running | undefined;
  const send = () => {
    sender?.child.kill('SIGKILL');
    ssrc += 1;
    sender = start(ffmpeg, [
      ...['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30'],
      ...['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '800k'],
      ...['-g', '9000', '-force_key_frames', '0,0.3'],
      ...['-payload_type', '101', '-ssrc', String(ssrc), '-f', 'rtp', `rtp://127.0.0.1:${port}`],
    ]);
  };
  send();
  return {
    keyFrame: () => {
      if (sender !== undefined) send();
    },
    /** The camera stops sending and cannot be asked for anything. */
    gone: () => {
      sender?.child.kill('SIGKILL');
      sender = undefined;
    },
  };
}

/** A microphone: a sine tone in Opus at real time. */
export function sendTone(ffmpeg: string, port: number, frequency: number, ssrc: number): void {
  start(ffmpeg, [
    ...['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi'],
    ...['-i', `sine=frequency=${frequency}:sample_rate=48000`, '-c:a', 'libopus', '-b:a', '64k'],
    ...['-payload_type', '100', '-ssrc', String(ssrc), '-f', 'rtp', `rtp://127.0.0.1:${port}`],
  ]);
}

/** Power of `samples` at `frequency` (Goertzel), per sample. */
export function powerAt(samples: Float32Array, frequency: number, sampleRate = 48000): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * frequency) / sampleRate);
  let [previous, beforePrevious] = [0, 0];
  for (const sample of samples) {
    const current = sample + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = current;
  }
  const power = previous ** 2 + beforePrevious ** 2 - coefficient * previous * beforePrevious;
  return power / samples.length ** 2;
}

/** The share of 10 ms windows of `samples` that are (nearly) silent. */
export function silentShare(samples: Float32Array): number {
  const window = 480;
  let windows = 0;
  let silent = 0;
  for (let start = 0; start + window <= samples.length; start += window, windows++) {
    let energy = 0;
    for (let i = start; i < start + window; i++) energy += (samples[i] ?? 0) ** 2;
    if (Math.sqrt(energy / window) < 0.01) silent++;
  }
  return silent / windows;
}
