import { useStrings } from '../../i18n/i18n.js';
import { Field } from '../../ui/field.js';
import { consoleStrings } from '../strings.js';
import type { ConferenceFormErrors, ConferenceFormValues } from './conference-form.js';

interface ConferenceFieldsProps {
  values: ConferenceFormValues;
  errors: ConferenceFormErrors;
  onChange: (patch: Partial<ConferenceFormValues>) => void;
}

/** Title, scheduled start and description. */
export function ConferenceFields({ values, errors, onChange }: ConferenceFieldsProps) {
  const t = useStrings(consoleStrings);
  const error = (name: keyof ConferenceFormValues) => {
    const key = errors[name];
    return key ? t(key) : undefined;
  };
  return (
    <>
      <Field label={t('fieldTitle')} required error={error('title')}>
        {(control) => (
          <input
            {...control}
            maxLength={200}
            value={values.title}
            onInput={(event) => onChange({ title: event.currentTarget.value })}
          />
        )}
      </Field>
      <Field label={t('fieldStart')} hint={t('fieldStartHint')} required error={error('scheduledStart')}>
        {(control) => (
          <input
            {...control}
            type="datetime-local"
            value={values.scheduledStart}
            onInput={(event) => onChange({ scheduledStart: event.currentTarget.value })}
          />
        )}
      </Field>
      <Field label={t('fieldDescription')} hint={t('fieldDescriptionHint')} error={error('description')}>
        {(control) => (
          <textarea
            {...control}
            rows={4}
            maxLength={5000}
            value={values.description}
            onInput={(event) => onChange({ description: event.currentTarget.value })}
          />
        )}
      </Field>
    </>
  );
}
