import type { Account } from '@diemcau/protocol';
import { useRef, useState } from 'preact/hooks';
import { login } from '../../api/auth.js';
import { useLang, useStrings } from '../../i18n/i18n.js';
import { Button } from '../../ui/button.js';
import { Field } from '../../ui/field.js';
import { PageHeading } from '../../ui/page-heading.js';
import { StatusMessage } from '../../ui/status-message.js';
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
  const lang = useLang();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ username?: boolean; password?: boolean }>({});
  const [failure, setFailure] = useState<LoginMessage>();
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    const empty = { username: !username.trim(), password: !password };
    setMissing(empty);
    if (empty.username || empty.password) return;
    setBusy(true);
    setFailure(undefined);
    try {
      const { account } = await login({ username, password });
      onSignedIn(account);
    } catch (error) {
      setFailure(loginMessage(error));
      setPassword('');
      passwordRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const failureText = (message: LoginMessage): string => {
    switch (message.key) {
      case 'accountLocked':
        return t('accountLocked', { time: formatTime(message.until, lang) });
      case 'loginRateLimited':
        return t('loginRateLimited', { seconds: message.seconds });
      default:
        return t(message.key);
    }
  };

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
        <Button type="submit" variant="primary" busy={busy}>
          {t('signIn')}
        </Button>
      </form>
    </div>
  );
}
