import type { Role } from '@diemcau/protocol';

/**
 * Who is asking, as established from the request's credential. Authorisation
 * decisions look only at this, never at raw headers.
 */
export type Principal =
  | {
      kind: 'account';
      accountId: string;
      username: string;
      displayName: string;
      role: Role;
      sessionId: string;
    }
  /**
   * Signed in with the password, but REQUIRE_2FA covers the account and it has
   * no second factor yet: it may only set one up (role guards refuse it).
   */
  | {
      kind: 'enrolling';
      accountId: string;
      username: string;
      displayName: string;
      role: Role;
      sessionId: string;
    }
  | { kind: 'point'; pointId: string; conferenceId: string }
  | { kind: 'viewer'; conferenceId: string }
  | { kind: 'anonymous' };

/** The audit log's view of a principal. */
export function actorOf(principal: Principal): { kind: string; id: string | null } {
  switch (principal.kind) {
    case 'account':
    case 'enrolling':
      return { kind: principal.role, id: principal.accountId };
    case 'point':
      return { kind: 'point', id: principal.pointId };
    case 'viewer':
      return { kind: 'viewer', id: principal.conferenceId };
    case 'anonymous':
      return { kind: 'anonymous', id: null };
  }
}
