import { describe, expect, it } from 'vitest';
import { viewerAuthorization, watchInfoEvent } from './watch-api.js';

const info = {
  title: 'Chung kết',
  description: 'Hội thi tuyên truyền',
  status: 'live',
  scheduledStart: '2030-06-01T01:00:00.000Z',
};

describe('watchInfoEvent', () => {
  it('passes a valid WatchInfo on', () => {
    expect(watchInfoEvent(200, info)).toEqual({ type: 'info', info });
  });

  it('maps refusals to what the viewer is told', () => {
    const error = (code: string) => ({ error: { code, message: 'x' } });
    expect(watchInfoEvent(404, error('NOT_FOUND'))).toEqual({ type: 'infoFailed', reason: 'notFound' });
    expect(watchInfoEvent(400, error('VALIDATION_FAILED'))).toEqual({
      type: 'infoFailed',
      reason: 'notFound',
    });
    expect(watchInfoEvent(401, error('UNAUTHENTICATED'))).toEqual({
      type: 'infoFailed',
      reason: 'unauthorized',
    });
  });

  it('treats server errors and malformed answers as an unreachable server', () => {
    expect(watchInfoEvent(502, undefined)).toEqual({ type: 'infoFailed', reason: 'unreachable' });
    expect(watchInfoEvent(200, { ...info, status: 'paused' })).toEqual({
      type: 'infoFailed',
      reason: 'unreachable',
    });
  });
});

describe('viewerAuthorization', () => {
  it('sends the viewer token as a Bearer header, and nothing without one', () => {
    expect(viewerAuthorization('tok')).toEqual({ authorization: 'Bearer tok' });
    expect(viewerAuthorization(undefined)).toEqual({});
  });
});
