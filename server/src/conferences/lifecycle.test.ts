import { describe, expect, it } from 'vitest';
import type { ConferenceStatus } from '../db/schema.js';
import { editRefusal, refusal, type LifecycleAction } from './lifecycle.js';

const STATUSES: ConferenceStatus[] = ['scheduled', 'live', 'ended', 'cancelled'];
const LEGAL: Record<LifecycleAction, ConferenceStatus> = {
  start: 'scheduled',
  end: 'live',
  cancel: 'scheduled',
};

describe('conference lifecycle', () => {
  for (const action of ['start', 'end', 'cancel'] as const) {
    for (const status of STATUSES) {
      const legal = LEGAL[action] === status;
      it(`${legal ? 'allows' : 'refuses'} ${action} from ${status}`, () => {
        const why = refusal(action, status);
        if (legal) expect(why).toBeUndefined();
        else
          expect(why).toBe(
            `cannot ${action} a conference that is ${status}: only a ${LEGAL[action]} conference can ${action}`,
          );
      });
    }
  }

  it('allows edits only while scheduled', () => {
    expect(STATUSES.filter((s) => editRefusal(s) === undefined)).toEqual(['scheduled']);
    expect(editRefusal('live')).toMatch(/only a scheduled conference can be changed/);
  });
});
