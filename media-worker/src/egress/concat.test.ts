// Tests of the concat list (quoting, refused paths) and of the ffmpeg
// arguments that join segments.
import { describe, expect, it } from 'vitest';
import { concatArgs, concatList } from './concat.js';

const egressError = (code: string) => expect.objectContaining({ name: 'EgressError', code });

describe('concatList', () => {
  it('lists each path single-quoted, with quotes inside escaped', () => {
    expect(concatList(['/r/a/00000.mkv', "/r/it's here/00001.mkv"])).toBe(
      "ffconcat version 1.0\nfile '/r/a/00000.mkv'\nfile '/r/it'\\''s here/00001.mkv'\n",
    );
  });

  it.each([
    ['no paths', []],
    ['an empty path', ['']],
    ['a line break', ['/r/a\nfile /etc/passwd']],
  ])('refuses %s with CONCAT_PATH_INVALID', (_label, paths: string[]) => {
    expect(() => concatList(paths)).toThrow(egressError('CONCAT_PATH_INVALID'));
  });
});

describe('concatArgs', () => {
  it('copies the listed files into one output', () => {
    expect(concatArgs({ listPath: '/r/p1.txt', output: '/r/track-p1.mkv' })).toEqual([
      '-hide_banner',
      '-nostats',
      '-loglevel',
      'level+warning',
      '-nostdin',
      '-f',
      'concat',
      '-safe',
      '0',
      '-i',
      '/r/p1.txt',
      '-map',
      '0',
      '-c',
      'copy',
      '-y',
      '/r/track-p1.mkv',
    ]);
  });
});
