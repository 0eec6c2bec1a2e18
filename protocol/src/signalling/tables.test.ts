// The request and notification tables as the wire sees them: who may ask what, and what a notification may carry.
import { describe, expect, it } from 'vitest';
import { validator } from '../validate.js';
import { SignallingNotification } from './notifications.js';
import { REQUEST_METHODS, mayRequest } from './requests.js';

describe('the request table', () => {
  it('gives the host its controls and a bridge point its own requests', () => {
    const only = (role: 'host' | 'point') =>
      REQUEST_METHODS.filter(
        (m) => mayRequest(m, role) && !mayRequest(m, role === 'host' ? 'point' : 'host'),
      );
    expect(only('host')).toEqual([
      'setGridPage',
      'mutePoint',
      'unmutePoint',
      'disableCamera',
      'spotlight',
      'removePoint',
      'readmitPoint',
      'lockRoom',
      'setRoomSettings',
      'endConference',
      'grantFloor',
      'dismissHand',
    ]);
    expect(only('point')).toEqual(['raiseHand', 'lowerHand', 'setHeadcount']);
    expect(REQUEST_METHODS.filter((m) => mayRequest(m, 'host') && mayRequest(m, 'point'))).toHaveLength(15);
  });
});

describe('the notification schema', () => {
  const check = validator(SignallingNotification);

  it('accepts each method with its own data', () => {
    expect(check({ method: 'peerLeft', data: { peerId: 'p1' } }).ok).toBe(true);
    expect(check({ method: 'floorGranted', data: {} }).ok).toBe(true);
  });

  it('refuses an unknown method, and data of another method', () => {
    expect(check({ method: 'explode', data: {} }).ok).toBe(false);
    expect(check({ method: 'peerLeft', data: { consumerId: 'c1' } }).ok).toBe(false);
  });
});
