import { useState } from 'preact/hooks';
import { useStrings } from '../i18n/i18n.js';
import { Button } from '../ui/button.js';
import { HeadcountField } from './headcount-field.js';
import { parseHeadcount } from './headcount.js';
import { pointStrings } from './strings.js';

interface HeadcountFormProps {
  current: number | null;
  onSubmit: (headcount: number) => Promise<void>;
}

/** Corrects the number of people in the hall at any time during the conference. */
export function HeadcountForm({ current, onSubmit }: HeadcountFormProps) {
  const t = useStrings(pointStrings);
  const [text, setText] = useState(current === null ? '' : String(current));
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<number | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    const parsed = parseHeadcount(text);
    if (!parsed.ok || parsed.value === null) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    setBusy(true);
    setFailed(null);
    try {
      await onSubmit(parsed.value);
      setSaved(parsed.value);
    } catch (error) {
      setFailed(t('actionFailed', { code: (error as { code?: string }).code ?? 'ERROR' }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="headcount-form" onSubmit={submit} noValidate>
      <HeadcountField
        value={text}
        hint={current === null ? t('headcountNotYet') : t('headcountNow', { n: current })}
        invalid={invalid}
        testId="headcount-input"
        onInput={setText}
      />
      <Button type="submit" busy={busy} data-testid="headcount-submit">
        {t('headcountUpdate')}
      </Button>
      <p class="headcount-status" role="status">
        {failed ?? (saved !== null ? t('headcountSaved', { n: saved }) : '')}
      </p>
    </form>
  );
}
