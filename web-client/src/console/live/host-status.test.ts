import { describe, expect, it } from 'vitest';
import { snapshotWith } from '../../room/snapshot-fixture.js';
import { connectionNotice, hostClosedOf } from './host-status.js';

describe('connectionNotice', () => {
  it('says when the console is connecting or reconnecting, and nothing once in the room', () => {
    expect(connectionNotice(snapshotWith({ connection: 'connecting' }))).toEqual({ kind: 'connecting' });
    expect(connectionNotice(snapshotWith({ connection: 'reconnecting', attempts: 2 }))).toEqual({
      kind: 'reconnecting',
      attempts: 2,
    });
    expect(connectionNotice(snapshotWith({}))).toBeNull();
  });
});

describe('hostClosedOf', () => {
  it('explains the ends of the room', () => {
    expect(hostClosedOf({ reason: 'ended' })).toEqual({ kind: 'ended' });
    expect(hostClosedOf({ reason: 'replaced', message: 'opened elsewhere' })).toEqual({ kind: 'replaced' });
    expect(hostClosedOf({ reason: 'left' })).toEqual({ kind: 'left' });
  });

  it('explains handshake refusals by code', () => {
    expect(hostClosedOf({ reason: 'refused', code: 'CONFLICT' })).toEqual({ kind: 'notLive' });
    expect(hostClosedOf({ reason: 'refused', code: 'UNAUTHENTICATED' })).toEqual({ kind: 'session' });
    expect(hostClosedOf({ reason: 'refused', code: 'FORBIDDEN' })).toEqual({ kind: 'forbidden' });
    expect(hostClosedOf({ reason: 'refused', code: 'VALIDATION_FAILED' })).toEqual({
      kind: 'refused',
      code: 'VALIDATION_FAILED',
    });
  });
});
