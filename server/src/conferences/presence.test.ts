import { describe, expect, it } from 'vitest';
import { PointPresence } from './presence.js';

describe('PointPresence', () => {
  it('keeps a point online while any of its sessions is connected', () => {
    const presence = new PointPresence();
    presence.connected('c1', 'p1', 'old');
    presence.connected('c1', 'p1', 'new'); // the newer session takes over
    presence.disconnected('c1', 'p1', 'old');
    expect(presence.isOnline('c1', 'p1')).toBe(true);
    presence.disconnected('c1', 'p1', 'new');
    expect(presence.isOnline('c1', 'p1')).toBe(false);
  });

  it('keeps conferences apart and forgets an ended one', () => {
    const presence = new PointPresence();
    presence.connected('c1', 'p1', 's1');
    expect(presence.isOnline('c2', 'p1')).toBe(false);
    presence.clear('c1');
    expect(presence.isOnline('c1', 'p1')).toBe(false);
    presence.disconnected('c1', 'p1', 's1'); // a late disconnect is harmless
    expect(presence.isOnline('c1', 'p1')).toBe(false);
  });
});
