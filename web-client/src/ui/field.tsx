import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { useStrings } from '../i18n/i18n.js';
import { uiStrings } from './strings.js';

/** What the control inside a Field must carry so that its label, hint and error reach screen readers. */
export interface FieldControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
  required?: boolean;
}

interface FieldProps {
  label: string;
  hint?: string;
  error?: string | undefined;
  required?: boolean;
  children: (control: FieldControlProps) => ComponentChildren;
}

/** A labelled control with an optional hint and error message tied to it. */
export function Field({ label, hint, error, required = false, children }: FieldProps) {
  const t = useStrings(uiStrings);
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>
        {label}
        {required && <span class="field-required"> ({t('required')})</span>}
      </label>
      {hint && (
        <p class="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      {children({
        id,
        'aria-describedby': describedBy || undefined,
        'aria-invalid': error ? true : undefined,
        required: required || undefined,
      })}
      {error && (
        <p class="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
