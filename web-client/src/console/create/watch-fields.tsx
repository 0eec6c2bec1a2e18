import { useStrings } from '../../i18n/i18n.js';
import { Field } from '../../ui/field.js';
import { consoleStrings } from '../strings.js';
import { type ConferenceFormErrors, type ConferenceFormValues, WATCH_ACCESS } from './conference-form.js';

const ACCESS_KEYS = { none: 'watchNone', public: 'watchPublic', token: 'watchToken' } as const;

interface WatchFieldsProps {
  values: ConferenceFormValues;
  errors: ConferenceFormErrors;
  onChange: (patch: Partial<ConferenceFormValues>) => void;
}

/** Whether the conference has a watch page, who may open it, and its address. */
export function WatchFields({ values, errors, onChange }: WatchFieldsProps) {
  const t = useStrings(consoleStrings);
  const slugError = errors.watchSlug;
  return (
    <fieldset class="radio-group">
      <legend>{t('watchLegend')}</legend>
      {WATCH_ACCESS.map((access) => (
        <label key={access} class="radio">
          <input
            type="radio"
            name="watchAccess"
            value={access}
            checked={values.watchAccess === access}
            onChange={() => onChange({ watchAccess: access })}
          />
          {t(ACCESS_KEYS[access])}
        </label>
      ))}
      {values.watchAccess !== 'none' && (
        <Field label={t('fieldSlug')} hint={t('fieldSlugHint')} error={slugError ? t(slugError) : undefined}>
          {(control) => (
            <input
              {...control}
              autocapitalize="none"
              spellcheck={false}
              maxLength={64}
              value={values.watchSlug}
              onInput={(event) => onChange({ watchSlug: event.currentTarget.value })}
            />
          )}
        </Field>
      )}
    </fieldset>
  );
}
