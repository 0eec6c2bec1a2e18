import type { Account } from '@diemcau/protocol';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/api-error.js';
import { me } from '../api/auth.js';
import { onSessionExpired } from '../api/client.js';

export type Session =
  | { status: 'checking' }
  | { status: 'unreachable'; error: unknown }
  /** `expired`: a session ended under the user (not a sign-out), which the sign-in page says. */
  | { status: 'signedOut'; expired: boolean }
  | { status: 'signedIn'; account: Account };

/** Who is signed in: asked of the server at start, then kept up to date by sign-in, sign-out and 401s. */
export function useSession() {
  const [session, setSession] = useState<Session>({ status: 'checking' });
  const check = useCallback(() => {
    setSession({ status: 'checking' });
    // A 401 here also reaches onSessionExpired below first; this answer, "not signed in", comes last and stands.
    me().then(
      (account) => setSession({ status: 'signedIn', account }),
      (error: unknown) =>
        setSession(
          // A session that may only set up a second factor starts over at the sign-in form.
          error instanceof ApiError &&
            (error.status === 401 || error.code === 'TWO_FACTOR_ENROLMENT_REQUIRED')
            ? { status: 'signedOut', expired: false }
            : { status: 'unreachable', error },
        ),
    );
  }, []);
  useEffect(check, [check]);
  useEffect(() => onSessionExpired(() => setSession({ status: 'signedOut', expired: true })), []);
  return {
    session,
    retry: check,
    signedIn: useCallback((account: Account) => setSession({ status: 'signedIn', account }), []),
    signedOut: useCallback(() => setSession({ status: 'signedOut', expired: false }), []),
  };
}
