// Tests of redaction: every occurrence of each secret masked, in text and
// in arguments.
import { describe, expect, it } from 'vitest';
import { redactArgs, redactText } from './redact.js';

describe('redaction', () => {
  it('hides a stream key wherever it appears in the arguments', () => {
    const args = ['-i', 'udp://127.0.0.1:4000', '-f', 'flv', 'rtmp://a.rtmp.youtube.com/live2/abcd-efgh'];
    expect(redactArgs(args, ['abcd-efgh'])).toEqual([
      '-i',
      'udp://127.0.0.1:4000',
      '-f',
      'flv',
      'rtmp://a.rtmp.youtube.com/live2/***',
    ]);
  });

  it('hides every occurrence of every secret, a longer one containing a shorter one included', () => {
    expect(redactText('k1 then k1-long then k1', ['k1', 'k1-long'])).toBe('*** then *** then ***');
  });

  it('ignores empty secrets and leaves text without secrets as it was', () => {
    expect(redactText('rtmp://host/live/k', ['', 'other'])).toBe('rtmp://host/live/k');
  });
});
