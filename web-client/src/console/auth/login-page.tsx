import type { Account } from '@diemcau/protocol';
import { useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api/api-error.js';
import { login } from '../../api/auth.js';
import { useLang, useStrings } from '../../i18n/i18n.js';
import { Button } from '../../ui/button.js';
import { Field } from '../../ui/field.js';
import { PageHeading } from '../../ui/page-heading.js';
import { StatusMessage } from '../../ui/status-message.js';
import { securityStrings } from '../security/strings.js';
import { TwoFactorSetup } from '../security/two-factor-setup.js';
import { consoleStrings } from '../strings.js';
import { formatTime } from '../../i18n/time.js';
import { type LoginMessage, loginMessage } from './login-error.js';

interface LoginPageProps {
  /** The previous session ended on its own: say so. */
  expired: boolean;
  onSignedIn: (account: Account) => void;
}

export function LoginPage({ expired, onSignedIn }: LoginPageProps) {
  const t = useStrings(consoleStrings);
  const ts = useStrings(securityStrings);
  const lang = useLang();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ username?: boolean; password?: boolean }>({});
  const [failure, setFailure] = useState<LoginMessage | 'wrongCode'>();
  const [busy, setBusy] = useState(false);
  /** The password was right and the account has a second factor: the next try sends its code. */
  const [needsCode, setNeedsCode] = useState(false);
  const [code, setCode] = useState('');
  /** Signed in with a session that may only set up a second factor (REQUIRE_2FA). */
  const [enrolling, setEnrolling] = useState<Account>();
  const passwordRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    const empty = { username: !username.trim(), password: !password };
    setMissing(empty);
    if (empty.username || empty.password) return;
    setBusy(true);
    setFailure(undefined);
    try {
      const signed = await login({ username, password, ...(needsCode ? { code: code.trim() } : {}) });
      if (signed.mustEnrol) setEnrolling(signed.account);
      else onSignedIn(signed.account);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'TWO_FACTOR_REQUIRED') {
        setNeedsCode(true);
        setTimeout(() => codeRef.current?.focus());
        return;
      }
      setFailure(
        needsCode && error instanceof ApiError && error.code === 'UNAUTHENTICATED'
          ? 'wrongCode'
          : loginMessage(error),
      );
      setCode('');
      if (needsCode) {
        codeRef.current?.focus();
      } else {
        setPassword('');
        passwordRef.current?.focus();
      }
    } finally {
      setBusy(false);
    }
  };

  const failureText = (message: LoginMessage | 'wrongCode'): string => {
    if (message === 'wrongCode') return ts('wrongCode');
    switch (message.key) {
      case 'accountLocked':
        return t('accountLocked', { time: formatTime(message.until, lang) });
      case 'loginRateLimited':
        return t('loginRateLimited', { seconds: message.seconds });
      default:
        return t(message.key);
    }
  };

  if (enrolling) {
    return (
      <div class="narrow">
        <PageHeading title={ts('enrolHeading')} />
        <p>{ts('enrolIntro')}</p>
        <TwoFactorSetup onDone={() => onSignedIn(enrolling)} />
      </div>
    );
  }

  return (
    <div class="narrow">
      <PageHeading title={t('loginTitle')} />
      <p>{t('loginIntro')}</p>
      {expired && !failure && <StatusMessage>{t('sessionExpired')}</StatusMessage>}
      {failure && <StatusMessage kind="error">{failureText(failure)}</StatusMessage>}
      <form class="form" onSubmit={(event) => void submit(event)} noValidate>
        <Field label={t('username')} required error={missing.username ? t('required') : undefined}>
          {(control) => (
            <input
              {...control}
              name="username"
              autocomplete="username"
              autocapitalize="none"
              spellcheck={false}
              value={username}
              onInput={(event) => {
                setUsername(event.currentTarget.value);
                setMissing((m) => ({ ...m, username: false }));
              }}
            />
          )}
        </Field>
        <Field label={t('password')} required error={missing.password ? t('required') : undefined}>
          {(control) => (
            <input
              {...control}
              ref={passwordRef}
              type="password"
              name="password"
              autocomplete="current-password"
              value={password}
              onInput={(event) => {
                setPassword(event.currentTarget.value);
                setMissing((m) => ({ ...m, password: false }));
              }}
            />
          )}
        </Field>
        {needsCode && (
          <Field label={ts('code')} hint={ts('codeHint')} required>
            {(control) => (
              <input
                {...control}
                ref={codeRef}
                name="code"
                autocomplete="one-time-code"
                autocapitalize="none"
                spellcheck={false}
                value={code}
                onInput={(event) => setCode(event.currentTarget.value)}
              />
            )}
          </Field>
        )}
        <Button type="submit" variant="primary" busy={busy}>
          {t('signIn')}
        </Button>
      </form>
    </div>
  );
}
