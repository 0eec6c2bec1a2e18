// Tests of the frame count read from `-progress` blocks, however the
// output is split into chunks.
import { describe, expect, it } from 'vitest';
import { ProgressFrames } from './encoder-progress.js';

const block = (frame: number) => `frame=${frame}\nfps=30.00\nout_time=00:00:01.000000\nprogress=continue\n`;

describe('ProgressFrames', () => {
  it('tells when the frame count goes up, and not when it stands still', () => {
    const frames = new ProgressFrames();
    expect(frames.push(block(0))).toBe(false);
    expect(frames.push(block(15))).toBe(true);
    expect(frames.push(block(15))).toBe(false);
    expect(frames.push(block(30))).toBe(true);
  });

  it('reads a line split between two pieces of output once it is whole', () => {
    const frames = new ProgressFrames();
    expect(frames.push('fps=0.00\nfra')).toBe(false);
    expect(frames.push('me=4')).toBe(false);
    expect(frames.push('2\nprogress=continue\n')).toBe(true);
    expect(frames.push(block(42))).toBe(false);
  });

  it('ignores other keys that end in frame', () => {
    const frames = new ProgressFrames();
    expect(frames.push('dup_frames=12\ndrop_frames=3\n')).toBe(false);
  });
});
