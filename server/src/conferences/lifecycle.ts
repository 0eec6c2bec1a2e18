import type { ConferenceStatus } from '../db/schema.js';

/**
 * scheduled ─start→ live ─end→ ended, and scheduled ─cancel→ cancelled.
 * Ended and cancelled are final; only a scheduled conference can be edited.
 */
export type LifecycleAction = 'start' | 'end' | 'cancel';

export const TRANSITIONS: Record<LifecycleAction, { from: ConferenceStatus; to: ConferenceStatus }> = {
  start: { from: 'scheduled', to: 'live' },
  end: { from: 'live', to: 'ended' },
  cancel: { from: 'scheduled', to: 'cancelled' },
};

/** Why `action` is not allowed from `status`, or undefined when it is. */
export function refusal(action: LifecycleAction, status: ConferenceStatus): string | undefined {
  const { from } = TRANSITIONS[action];
  if (status === from) return undefined;
  return `cannot ${action} a conference that is ${status}: only a ${from} conference can ${action}`;
}

/** Why a conference in `status` cannot be edited, or undefined when it can. */
export function editRefusal(status: ConferenceStatus): string | undefined {
  return status === 'scheduled'
    ? undefined
    : `cannot change a conference that is ${status}: only a scheduled conference can be changed`;
}
