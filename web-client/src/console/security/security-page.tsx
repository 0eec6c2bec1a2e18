// The console's security page (#/account/security): two-factor sign-in and the account's sessions.
import type { TwoFactorStatus } from '@diemcau/protocol';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/api-error.js';
import { disableTwoFactor, renewRecoveryCodes, twoFactorStatus } from '../../api/two-factor.js';
import { useLang, useStrings } from '../../i18n/i18n.js';
import { formatDateTime } from '../../i18n/time.js';
import { Button } from '../../ui/button.js';
import { Field } from '../../ui/field.js';
import { PageHeading } from '../../ui/page-heading.js';
import { StatusMessage } from '../../ui/status-message.js';
import { errorKey } from '../errors.js';
import { consoleStrings } from '../strings.js';
import { SessionsSection } from './sessions-section.js';
import { securityStrings } from './strings.js';
import { TwoFactorSetup } from './two-factor-setup.js';

export function SecurityPage() {
  const t = useStrings(securityStrings);
  const tc = useStrings(consoleStrings);
  const lang = useLang();
  const [status, setStatus] = useState<TwoFactorStatus>();
  const [settingUp, setSettingUp] = useState(false);
  const [password, setPassword] = useState('');
  const [outcome, setOutcome] = useState<{ kind: 'success' | 'error'; text: string }>();
  const [busy, setBusy] = useState(false);
  const [renewed, setRenewed] = useState<string[]>();

  const load = () =>
    twoFactorStatus().then(setStatus, (error: unknown) =>
      setOutcome({ kind: 'error', text: tc(errorKey(error)) }),
    );
  useEffect(() => void load(), []);

  /** Turning the second factor off, or renewing its recovery codes: both take the password again. */
  const withPassword = async (action: 'disable' | 'renew') => {
    setBusy(true);
    setOutcome(undefined);
    setRenewed(undefined);
    try {
      if (action === 'renew') {
        setRenewed(await renewRecoveryCodes(password));
      } else {
        await disableTwoFactor(password);
        setOutcome({ kind: 'success', text: t('disabled') });
      }
      await load();
    } catch (error) {
      const wrong = error instanceof ApiError && error.code === 'FORBIDDEN';
      setOutcome({ kind: 'error', text: wrong ? t('wrongPassword') : tc(errorKey(error)) });
    } finally {
      setPassword('');
      setBusy(false);
    }
  };

  return (
    <div class="narrow">
      <PageHeading title={t('heading')} />
      <section>
        <h2>{t('twoFactorHeading')}</h2>
        {outcome && <StatusMessage kind={outcome.kind}>{outcome.text}</StatusMessage>}
        {status?.required && <p>{t('twoFactorRequired')}</p>}
        {status && !status.enabled && !settingUp && (
          <>
            <p>{t('twoFactorOff')}</p>
            <Button variant="primary" onClick={() => setSettingUp(true)}>
              {t('enable')}
            </Button>
          </>
        )}
        {settingUp && (
          <TwoFactorSetup
            onDone={() => {
              setSettingUp(false);
              void load();
            }}
          />
        )}
        {status?.enabled && status.enabledAt && (
          <p>
            {t('twoFactorOn', {
              date: formatDateTime(status.enabledAt, lang),
              count: status.recoveryCodesLeft,
            })}
          </p>
        )}
        {renewed && (
          <>
            <h3>{t('recoveryHeading')}</h3>
            <p>{t('recoveryIntro')}</p>
            <ul class="recovery-codes">
              {renewed.map((c) => (
                <li key={c}>
                  <code>{c}</code>
                </li>
              ))}
            </ul>
          </>
        )}
        {status?.enabled && (
          <form class="form" onSubmit={(event) => event.preventDefault()} noValidate>
            <Field label={t('disablePassword')} required>
              {(control) => (
                <input
                  {...control}
                  type="password"
                  autocomplete="current-password"
                  value={password}
                  onInput={(event) => setPassword(event.currentTarget.value)}
                />
              )}
            </Field>
            <Button busy={busy} disabled={!password} onClick={() => void withPassword('renew')}>
              {t('renewCodes')}
            </Button>
            {!status.required && (
              <Button
                variant="danger"
                busy={busy}
                disabled={!password}
                onClick={() => void withPassword('disable')}
              >
                {t('disable')}
              </Button>
            )}
          </form>
        )}
      </section>
      <SessionsSection />
    </div>
  );
}
