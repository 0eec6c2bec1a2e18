import { describe, expect, it } from 'vitest';
import { EMPTY_DESTINATION, checkStreamKey, toDestinationCreate } from './destination-form.js';

describe('toDestinationCreate', () => {
  it('sends a preset platform without an address, trimmed', () => {
    expect(
      toDestinationCreate({
        name: '  Kênh YouTube tỉnh ',
        platform: 'youtube',
        url: 'rtmp://left.over/from-rtmp',
        streamKey: ' abcd-efgh-ijkl-mnop\n',
      }),
    ).toEqual({
      ok: true,
      destination: { name: 'Kênh YouTube tỉnh', platform: 'youtube', streamKey: 'abcd-efgh-ijkl-mnop' },
    });
  });

  it('sends an RTMP server with its address', () => {
    expect(
      toDestinationCreate({
        name: 'Đài tỉnh',
        platform: 'rtmp',
        url: 'rtmps://10.0.0.5:1935/live ',
        streamKey: 'key1',
      }),
    ).toEqual({
      ok: true,
      destination: {
        name: 'Đài tỉnh',
        platform: 'rtmp',
        url: 'rtmps://10.0.0.5:1935/live',
        streamKey: 'key1',
      },
    });
  });

  it('names what is missing or wrong, field by field', () => {
    expect(toDestinationCreate({ ...EMPTY_DESTINATION, platform: 'rtmp' })).toEqual({
      ok: false,
      errors: { name: 'errRequired', url: 'errRequired', streamKey: 'errRequired' },
    });
    const base = { name: 'x'.repeat(201), platform: 'rtmp' as const, streamKey: 'a b' };
    expect(toDestinationCreate({ ...base, url: 'http://10.0.0.5/live' })).toEqual({
      ok: false,
      errors: { name: 'errNameTooLong', url: 'errUrlInvalid', streamKey: 'errKeyInvalid' },
    });
    for (const url of ['rtmp://10.0.0.5', 'rtmp://10.0.0.5/', 'rtmp://host/live app']) {
      expect(toDestinationCreate({ ...base, url })).toMatchObject({ errors: { url: 'errUrlInvalid' } });
    }
    expect(toDestinationCreate({ ...base, url: 'rtmp://user:pw@10.0.0.5/live' })).toMatchObject({
      errors: { url: 'errUrlCredentials' },
    });
  });
});

describe('checkStreamKey', () => {
  it('takes a pasted key without its surrounding blanks, and refuses inner ones or an overlong key', () => {
    expect(checkStreamKey('\tFB-123-abc \n')).toEqual({ ok: true, streamKey: 'FB-123-abc' });
    expect(checkStreamKey('   ')).toEqual({ ok: false, error: 'errRequired' });
    expect(checkStreamKey('ab cd')).toEqual({ ok: false, error: 'errKeyInvalid' });
    expect(checkStreamKey('k'.repeat(513))).toEqual({ ok: false, error: 'errKeyInvalid' });
    expect(checkStreamKey('k'.repeat(512))).toMatchObject({ ok: true });
  });
});
