import type { Account } from '@diemcau/protocol';
import { useState } from 'preact/hooks';
import { logout } from '../api/auth.js';
import { useStrings } from '../i18n/i18n.js';
import { Button } from '../ui/button.js';
import type { Route } from './router.js';
import { securityStrings } from './security/strings.js';
import { consoleStrings } from './strings.js';

interface AccountMenuProps {
  account: Account;
  /** The page open now: the password or security page is marked as current. */
  current: Route['name'];
  onSignedOut: () => void;
}

/** Who is signed in, the password page and sign-out. */
export function AccountMenu({ account, current, onSignedOut }: AccountMenuProps) {
  const t = useStrings(consoleStrings);
  const ts = useStrings(securityStrings);
  const [busy, setBusy] = useState(false);
  const signOut = async () => {
    setBusy(true);
    // Signing out always ends in the sign-in page: if the server is unreachable the cookie
    // stays, but the session still ends at its fixed expiry.
    await logout().catch(() => undefined);
    location.hash = '#/';
    onSignedOut();
  };
  return (
    <div class="account-menu" role="group" aria-label={t('accountMenu')}>
      <span class="account-name">{t('signedInAs', { name: account.displayName })}</span>
      <a href="#/account/password" aria-current={current === 'password' ? 'page' : undefined}>
        {t('changePassword')}
      </a>
      <a href="#/account/security" aria-current={current === 'security' ? 'page' : undefined}>
        {ts('nav')}
      </a>
      <Button variant="quiet" busy={busy} onClick={() => void signOut()}>
        {t('logout')}
      </Button>
    </div>
  );
}
