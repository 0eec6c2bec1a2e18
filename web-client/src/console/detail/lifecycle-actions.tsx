import type { ConferenceStatus } from '@diemcau/protocol';
import { useState } from 'preact/hooks';
import { ApiError } from '../../api/api-error.js';
import { changeLifecycle, type LifecycleAction } from '../../api/conferences.js';
import { useStrings } from '../../i18n/i18n.js';
import { Button } from '../../ui/button.js';
import { ConfirmDialog } from '../../ui/confirm-dialog.js';
import { StatusMessage } from '../../ui/status-message.js';
import { errorKey } from '../errors.js';
import { routeHref } from '../router.js';
import { consoleStrings } from '../strings.js';

const ACTIONS: Record<ConferenceStatus, LifecycleAction[]> = {
  scheduled: ['start', 'cancel'],
  live: ['end'],
  ended: [],
  cancelled: [],
};

const WORDS = {
  start: { label: 'startConference', title: 'confirmStartTitle', body: 'confirmStartBody', danger: false },
  end: { label: 'endConference', title: 'confirmEndTitle', body: 'confirmEndBody', danger: true },
  cancel: { label: 'cancelConference', title: 'confirmCancelTitle', body: 'confirmCancelBody', danger: true },
} as const;

interface LifecycleActionsProps {
  id: string;
  status: ConferenceStatus;
  /** The conference changed (or turned out to have changed): load it again. */
  onChanged: () => void;
}

/** Start, end or cancel, each after a confirmation; the live console while live. */
export function LifecycleActions({ id, status, onChanged }: LifecycleActionsProps) {
  const t = useStrings(consoleStrings);
  const [pending, setPending] = useState<LifecycleAction>();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ kind: 'success' | 'error'; text: string }>();

  const confirm = async (action: LifecycleAction) => {
    setBusy(true);
    try {
      await changeLifecycle(id, action);
      setOutcome({ kind: 'success', text: t('lifecycleDone') });
      setPending(undefined);
      onChanged();
    } catch (error) {
      setOutcome({ kind: 'error', text: t(errorKey(error)) });
      setPending(undefined);
      // Someone else moved it meanwhile: show what it is now.
      if (error instanceof ApiError && error.code === 'CONFLICT') onChanged();
    } finally {
      setBusy(false);
    }
  };

  const words = pending && WORDS[pending];
  return (
    <div class="actions">
      {status === 'live' && (
        <a class="btn btn-primary" href={routeHref({ name: 'live', id })}>
          {t('openLiveConsole')}
        </a>
      )}
      {ACTIONS[status].map((action) => (
        <Button
          key={action}
          variant={action === 'start' ? 'primary' : 'danger'}
          onClick={() => {
            setOutcome(undefined);
            setPending(action);
          }}
        >
          {t(WORDS[action].label)}
        </Button>
      ))}
      {outcome && <StatusMessage kind={outcome.kind}>{outcome.text}</StatusMessage>}
      <ConfirmDialog
        open={pending !== undefined}
        title={words ? t(words.title) : ''}
        confirmLabel={words ? t(words.label) : ''}
        danger={words?.danger}
        busy={busy}
        onConfirm={() => pending && void confirm(pending)}
        onCancel={() => setPending(undefined)}
      >
        {words && <p>{t(words.body)}</p>}
      </ConfirmDialog>
    </div>
  );
}
