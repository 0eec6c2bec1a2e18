import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileInRecording } from './recording-paths.js';

describe('fileInRecording', () => {
  const dir = '/data/recordings';

  it('places a file of the recording inside its folder', () => {
    expect(fileInRecording(dir, 'r1', 'r1/programme.mp4')).toBe(path.join(dir, 'r1', 'programme.mp4'));
    expect(fileInRecording(dir, 'r1', 'r1/./track-p1.mkv')).toBe(path.join(dir, 'r1', 'track-p1.mkv'));
  });

  it('refuses anything outside the recording’s own folder', () => {
    for (const bad of [
      'r1/../r2/programme.mp4',
      '../secret.key',
      'r1/../../secret.key',
      '/etc/passwd',
      'r2/programme.mp4',
      'r1',
      'r1/',
      'r10/programme.mp4',
      'r1\\..\\x',
      'r1/a\0b',
    ]) {
      expect(fileInRecording(dir, 'r1', bad), bad).toBeUndefined();
    }
  });
});
