// Setting up TOTP: the QR code and key, the first code that turns it on, then the recovery codes, once.
import type { TwoFactorSetup as Setup } from '@diemcau/protocol';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/api-error.js';
import { confirmTwoFactor, setUpTwoFactor } from '../../api/two-factor.js';
import { useStrings } from '../../i18n/i18n.js';
import { Button } from '../../ui/button.js';
import { Field } from '../../ui/field.js';
import { StatusMessage } from '../../ui/status-message.js';
import { errorKey } from '../errors.js';
import { consoleStrings } from '../strings.js';
import { securityStrings } from './strings.js';

interface TwoFactorSetupProps {
  /** The recovery codes were seen and kept: the second factor is on. */
  onDone: () => void;
}

export function TwoFactorSetup({ onDone }: TwoFactorSetupProps) {
  const t = useStrings(securityStrings);
  const tc = useStrings(consoleStrings);
  const [setup, setSetup] = useState<Setup>();
  const [code, setCode] = useState('');
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [recoveryCodes, setRecoveryCodes] = useState<string[]>();

  useEffect(() => {
    setUpTwoFactor().then(setSetup, (error: unknown) => setFailure(tc(errorKey(error))));
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      setRecoveryCodes((await confirmTwoFactor(code.trim())).recoveryCodes);
    } catch (error) {
      const wrong = error instanceof ApiError && error.code === 'VALIDATION_FAILED';
      setFailure(wrong ? t('wrongCode') : tc(errorKey(error)));
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  if (recoveryCodes) {
    return (
      <section>
        <h3>{t('recoveryHeading')}</h3>
        <p>{t('recoveryIntro')}</p>
        <ul class="recovery-codes">
          {recoveryCodes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <Button variant="primary" onClick={onDone}>
          {t('recoveryDone')}
        </Button>
      </section>
    );
  }
  return (
    <section>
      {failure && <StatusMessage kind="error">{failure}</StatusMessage>}
      {!setup && !failure && <StatusMessage>{t('loading')}</StatusMessage>}
      {setup && (
        <>
          <p>{t('scan')}</p>
          {/* An image, not inline markup: the server's SVG cannot run anything in the page. */}
          <img
            class="totp-qr"
            width={200}
            height={200}
            alt={t('qrAlt')}
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrSvg)}`}
          />
          <p>
            <code class="totp-secret">{setup.secret}</code>
          </p>
          <form class="form" onSubmit={(event) => void submit(event)} noValidate>
            <Field label={t('code')} hint={t('codeHint')} required>
              {(control) => (
                <input
                  {...control}
                  name="code"
                  inputMode="numeric"
                  autocomplete="one-time-code"
                  pattern="[0-9]{6}"
                  maxLength={6}
                  value={code}
                  onInput={(event) => setCode(event.currentTarget.value)}
                />
              )}
            </Field>
            <Button type="submit" variant="primary" busy={busy} disabled={!/^\d{6}$/.test(code.trim())}>
              {t('confirm')}
            </Button>
          </form>
        </>
      )}
    </section>
  );
}
