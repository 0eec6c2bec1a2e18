import type { Destination } from '@diemcau/protocol';
import { useRef, useState } from 'preact/hooks';
import { createDestination } from '../../api/destinations.js';
import { useStrings } from '../../i18n/i18n.js';
import { Button } from '../../ui/button.js';
import { Field } from '../../ui/field.js';
import { focusFirstInvalid } from '../../ui/focus-invalid.js';
import { StatusMessage } from '../../ui/status-message.js';
import { PLATFORM_KEYS } from '../broadcast/status-words.js';
import { broadcastStrings } from '../broadcast/strings.js';
import { ErrorMessage } from '../error-message.js';
import {
  type DestinationFormErrors,
  type DestinationFormValues,
  EMPTY_DESTINATION,
  PLATFORMS,
  toDestinationCreate,
} from './destination-form.js';

/** Name, platform, the RTMP server's address (RTMP only) and the stream key, which never comes back. */
export function DestinationAddForm({ onAdded }: { onAdded: (destination: Destination) => void }) {
  const t = useStrings(broadcastStrings);
  const [values, setValues] = useState<DestinationFormValues>(EMPTY_DESTINATION);
  const [errors, setErrors] = useState<DestinationFormErrors>({});
  const [invalid, setInvalid] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<string>();
  const formRef = useRef<HTMLFormElement>(null);
  const change = (patch: Partial<DestinationFormValues>) => {
    setAdded(undefined);
    setValues((previous) => ({ ...previous, ...patch }));
    setErrors((previous) => {
      const next = { ...previous };
      for (const key of Object.keys(patch)) delete next[key as keyof DestinationFormValues];
      return next;
    });
  };
  const error = (field: keyof DestinationFormValues) => {
    const key = errors[field];
    return key ? t(key) : undefined;
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setFailure(undefined);
    setAdded(undefined);
    const result = toDestinationCreate(values);
    if (!result.ok) {
      setErrors(result.errors);
      setInvalid(true);
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    setInvalid(false);
    setBusy(true);
    try {
      const created = await createDestination(result.destination);
      // The key leaves the page with the request: nothing of it stays in the form.
      setValues(EMPTY_DESTINATION);
      setAdded(t('destinationAdded', { name: created.name }));
      onAdded(created);
    } catch (caught) {
      setFailure(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="add-destination-title">
      <h2 id="add-destination-title">{t('addTitle')}</h2>
      <form
        ref={formRef}
        class="form"
        onSubmit={(event) => void submit(event)}
        noValidate
        data-testid="destination-form"
      >
        <Field label={t('fieldName')} hint={t('fieldNameHint')} error={error('name')} required>
          {(control) => (
            <input
              {...control}
              name="name"
              maxLength={200}
              value={values.name}
              onInput={(event) => change({ name: event.currentTarget.value })}
            />
          )}
        </Field>
        <fieldset class="radio-group">
          <legend>{t('fieldPlatform')}</legend>
          {PLATFORMS.map((platform) => (
            <label key={platform} class="radio">
              <input
                type="radio"
                name="platform"
                value={platform}
                checked={values.platform === platform}
                onChange={() => change({ platform })}
              />
              {t(PLATFORM_KEYS[platform])}
            </label>
          ))}
        </fieldset>
        {values.platform === 'rtmp' && (
          <Field label={t('fieldUrl')} hint={t('fieldUrlHint')} error={error('url')} required>
            {(control) => (
              <input
                {...control}
                name="url"
                type="url"
                inputMode="url"
                autocapitalize="none"
                spellcheck={false}
                maxLength={1000}
                value={values.url}
                onInput={(event) => change({ url: event.currentTarget.value })}
              />
            )}
          </Field>
        )}
        <Field label={t('fieldKey')} hint={t('fieldKeyHint')} error={error('streamKey')} required>
          {(control) => (
            <input
              {...control}
              name="streamKey"
              type="password"
              autocomplete="off"
              autocapitalize="none"
              spellcheck={false}
              value={values.streamKey}
              onInput={(event) => change({ streamKey: event.currentTarget.value })}
            />
          )}
        </Field>
        {invalid && Object.keys(errors).length > 0 && (
          <StatusMessage kind="error">{t('fixErrors')}</StatusMessage>
        )}
        {failure !== undefined && <ErrorMessage error={failure} detailed />}
        {added && <StatusMessage kind="success">{added}</StatusMessage>}
        <div class="form-actions">
          <Button type="submit" variant="primary" busy={busy}>
            {t('addSubmit')}
          </Button>
        </div>
      </form>
    </section>
  );
}
