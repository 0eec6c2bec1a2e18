import { describe, expect, it } from 'vitest';
import { RecordJobData, ErrorBody, validator } from './index.js';

describe('validator', () => {
  const job = {
    conferenceId: 'c1',
    recordingId: 'r1',
    output: { kind: 'track', pointId: 'p1' },
    streams: [{ id: 'mic', kind: 'audio', mimeType: 'audio/opus', payloadType: 100, clockRate: 48_000 }],
  };

  it('accepts a valid record job payload', () => {
    const check = validator(RecordJobData);
    expect(check(job)).toEqual({ ok: true, value: job });
  });

  it('names the path and reason of each issue', () => {
    const check = validator(RecordJobData);
    const result = check({ ...job, streams: [{ ...job.streams[0], payloadType: 300 }] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.path).toBe('/streams/0/payloadType');
  });

  it('rejects an unknown error code in an error body', () => {
    const check = validator(ErrorBody);
    expect(check({ error: { code: 'NOT_FOUND', message: 'x' } }).ok).toBe(true);
    expect(check({ error: { code: 'OOPS', message: 'x' } }).ok).toBe(false);
  });
});
