import { useStrings } from '../i18n/i18n.js';
import { Field } from '../ui/field.js';
import { pointStrings } from './strings.js';

interface HeadcountFieldProps {
  value: string;
  hint: string;
  invalid: boolean;
  testId: string;
  onInput: (text: string) => void;
  onBlur?: () => void;
}

/** The number of people in the hall (0–10,000): one input for the set-up screen and the room. */
export function HeadcountField({ value, hint, invalid, testId, onInput, onBlur }: HeadcountFieldProps) {
  const t = useStrings(pointStrings);
  return (
    <Field label={t('headcount')} hint={hint} error={invalid ? t('headcountInvalid') : undefined}>
      {(control) => (
        <input
          {...control}
          type="number"
          inputMode="numeric"
          min={0}
          max={10000}
          step={1}
          value={value}
          data-testid={testId}
          onInput={(event) => onInput(event.currentTarget.value)}
          onBlur={onBlur}
        />
      )}
    </Field>
  );
}
