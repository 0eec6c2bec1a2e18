import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { relayArgs } from '../../../media-worker/src/egress/relay-args.js';
import { recorderArgs } from '../../../media-worker/src/egress/recorder-args.js';
import { encoderArgs } from '../../../media-worker/src/compositor/encoder-args.js';
import { mixerArgs } from '../../../media-worker/src/compositor/mixer-args.js';
import { commandLine, descendants, ffmpegRole, procCpuSeconds, recordCpu } from './proc-cpu.js';

const FFMPEG = '/usr/bin/ffmpeg';

describe('ffmpegRole', () => {
  it("tells the media-worker's ffmpeg apart by the arguments it is given", () => {
    const encoder = encoderArgs({
      pcmSdpPath: '/w/pcm.sdp',
      video: { kind: 'rtp', sdpPath: '/w/video.sdp' },
      startedAtSeconds: 1_700_000_000,
      output: { kind: 'live', hlsDir: '/data/hls/slug', relayPorts: [41000] },
    });
    const slate = encoderArgs({
      pcmSdpPath: '/w/pcm.sdp',
      video: { kind: 'slate', fontFile: null },
      startedAtSeconds: 1_700_000_000,
      output: { kind: 'live', hlsDir: null, relayPorts: [] },
    });
    expect(ffmpegRole([FFMPEG, ...encoder])).toBe('encoder');
    expect(ffmpegRole([FFMPEG, ...slate])).toBe('encoder');
    expect(ffmpegRole([FFMPEG, ...mixerArgs({ slotSdpPaths: ['/w/a.sdp'], outputPort: 41002 })])).toBe(
      'mixer',
    );
    expect(
      ffmpegRole([FFMPEG, ...relayArgs({ input: 'udp://127.0.0.1:41000', url: 'rtmp://h/live/k' })]),
    ).toBe('relay');
    expect(
      ffmpegRole([FFMPEG, ...recorderArgs({ sdpPath: '/w/p.sdp', segmentDir: '/r/p', segmentSeconds: 2 })]),
    ).toBe('recorder');
    expect(ffmpegRole([FFMPEG, '-version'])).toBe('other');
    expect(ffmpegRole(['/usr/bin/ffprobe', '-i', 'x.mkv'])).toBeNull();
  });
});

describe('/proc readings', () => {
  it('finds a child by its parent, reads its command line and CPU, and samples it at the interval asked', async () => {
    const child = spawn('sh', ['-c', 'while :; do :; done']);
    try {
      expect(descendants(process.pid)).toContain(child.pid);
      expect(commandLine(child.pid!)).toEqual(['sh', '-c', 'while :; do :; done']);
      const cpu = await recordCpu(() => new Map([[child.pid!, 'busy']]), 2, 500);
      expect(cpu.processes).toHaveLength(1);
      expect(cpu.processes[0]!.samples).toHaveLength(4);
      // A busy loop uses some of a core however loaded the machine is, and never more than one.
      expect(cpu.processes[0]!.samples.every((pct) => pct > 0 && pct <= 110)).toBe(true);
      expect(cpu.steps.map((step) => [...step.keys()])).toEqual([['busy'], ['busy'], ['busy'], ['busy']]);
    } finally {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    expect(procCpuSeconds(child.pid!)).toBeUndefined();
    expect(commandLine(child.pid!)).toBeUndefined();
  });
});
