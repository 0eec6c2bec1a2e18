import { useState } from 'preact/hooks';
import { ApiError } from '../../api/api-error.js';
import { changePassword } from '../../api/auth.js';
import { useStrings } from '../../i18n/i18n.js';
import { Button } from '../../ui/button.js';
import { Field } from '../../ui/field.js';
import { PageHeading } from '../../ui/page-heading.js';
import { StatusMessage } from '../../ui/status-message.js';
import { errorKey } from '../errors.js';
import { consoleStrings } from '../strings.js';
import { type PasswordFormErrors, type PasswordFormValues, validatePasswordForm } from './password-form.js';

const EMPTY: PasswordFormValues = { currentPassword: '', newPassword: '', confirmPassword: '' };

const FIELDS = [
  { name: 'currentPassword', autocomplete: 'current-password' },
  { name: 'newPassword', autocomplete: 'new-password', hint: 'newPasswordHint' },
  { name: 'confirmPassword', autocomplete: 'new-password' },
] as const;

export function PasswordPage() {
  const t = useStrings(consoleStrings);
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<PasswordFormErrors>({});
  const [outcome, setOutcome] = useState<{ kind: 'success' | 'error'; text: string }>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const found = validatePasswordForm(values);
    setErrors(found);
    setOutcome(undefined);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await changePassword({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      setValues(EMPTY);
      setOutcome({ kind: 'success', text: t('passwordChanged') });
    } catch (error) {
      // 403 is the documented answer to a wrong current password.
      const wrongCurrent = error instanceof ApiError && error.code === 'FORBIDDEN';
      if (wrongCurrent) setErrors({ currentPassword: 'currentPasswordWrong' });
      setOutcome({ kind: 'error', text: t(wrongCurrent ? 'currentPasswordWrong' : errorKey(error)) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="narrow">
      <PageHeading title={t('passwordTitle')} />
      {outcome && <StatusMessage kind={outcome.kind}>{outcome.text}</StatusMessage>}
      <form class="form" onSubmit={(event) => void submit(event)} noValidate>
        {FIELDS.map((field) => {
          const error = errors[field.name];
          return (
            <Field
              key={field.name}
              label={t(field.name)}
              hint={'hint' in field ? t(field.hint) : undefined}
              required
              error={error ? t(error) : undefined}
            >
              {(control) => (
                <input
                  {...control}
                  type="password"
                  autocomplete={field.autocomplete}
                  value={values[field.name]}
                  onInput={(event) => {
                    setValues({ ...values, [field.name]: event.currentTarget.value });
                    setErrors(({ [field.name]: _fixed, ...rest }) => rest);
                  }}
                />
              )}
            </Field>
          );
        })}
        <Button type="submit" variant="primary" busy={busy}>
          {t('savePassword')}
        </Button>
      </form>
    </div>
  );
}
