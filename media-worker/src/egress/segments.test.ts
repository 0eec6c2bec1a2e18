// Tests of segment names in recording order and of the start number
// after earlier attempts.
import { describe, expect, it } from 'vitest';
import { nextSegmentNumber, segmentNames } from './segments.js';

describe('segment files', () => {
  it('orders segments by number, past five digits, and ignores other files', () => {
    expect(
      segmentNames(['00002.mkv', 'list.txt', '100000.mkv', '00010.mkv', 'x.mkv', '00002.mkv.part']),
    ).toEqual(['00002.mkv', '00010.mkv', '100000.mkv']);
  });

  it('resumes after the highest segment, or at 0 in an empty directory', () => {
    expect(nextSegmentNumber(['00000.mkv', '00007.mkv', '00003.mkv'])).toBe(8);
    expect(nextSegmentNumber(['list.txt'])).toBe(0);
  });
});
