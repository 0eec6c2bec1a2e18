import { useState } from 'preact/hooks';
import { useStrings } from '../../i18n/i18n.js';
import { Button } from '../../ui/button.js';
import { Field } from '../../ui/field.js';
import { StatusMessage } from '../../ui/status-message.js';
import { consoleStrings } from '../strings.js';

/** A read-only address with a copy button; the text can also be selected by hand. */
export function CopyField({ label, value, hint }: { label: string; value: string; hint?: string }) {
  const t = useStrings(consoleStrings);
  const [outcome, setOutcome] = useState<'copied' | 'copyFailed'>();
  const [input, setInput] = useState<HTMLInputElement | null>(null);
  const copy = async () => {
    setOutcome((await copyText(value, input)) ? 'copied' : 'copyFailed');
  };
  return (
    <div class="copy-field">
      <Field label={label} hint={hint}>
        {(control) => (
          <div class="inline-controls">
            <input
              {...control}
              ref={setInput}
              readOnly
              value={value}
              onFocus={(e) => e.currentTarget.select()}
            />
            <Button onClick={() => void copy()}>{t('copy')}</Button>
          </div>
        )}
      </Field>
      {outcome && (
        <StatusMessage kind={outcome === 'copied' ? 'success' : 'error'}>{t(outcome)}</StatusMessage>
      )}
    </div>
  );
}

/**
 * The clipboard API needs a secure context; on plain http over the LAN the
 * older selection copy is the only way.
 */
async function copyText(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard && isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused (permissions): try the selection below.
  }
  if (!input) return false;
  input.select();
  return document.execCommand('copy');
}
