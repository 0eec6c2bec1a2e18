import { describe, expect, it } from 'vitest';
import { RecordJobData, ErrorBody, validator } from './index.js';

describe('validator', () => {
  it('accepts a valid record job payload', () => {
    const check = validator(RecordJobData);
    expect(check({ conferenceId: 'c1' })).toEqual({ ok: true, value: { conferenceId: 'c1' } });
  });

  it('names the path and reason of each issue', () => {
    const check = validator(RecordJobData);
    const result = check({ conferenceId: '' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.path).toBe('/conferenceId');
  });

  it('rejects an unknown error code in an error body', () => {
    const check = validator(ErrorBody);
    expect(check({ error: { code: 'NOT_FOUND', message: 'x' } }).ok).toBe(true);
    expect(check({ error: { code: 'OOPS', message: 'x' } }).ok).toBe(false);
  });
});
