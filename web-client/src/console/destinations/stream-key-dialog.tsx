import type { Destination } from '@diemcau/protocol';
import { useState } from 'preact/hooks';
import { updateDestination } from '../../api/destinations.js';
import { common } from '../../i18n/common.js';
import { useStrings } from '../../i18n/i18n.js';
import { Button } from '../../ui/button.js';
import { Dialog } from '../../ui/dialog.js';
import { Field } from '../../ui/field.js';
import { broadcastStrings } from '../broadcast/strings.js';
import { ErrorMessage } from '../error-message.js';
import { type DestinationFieldError, checkStreamKey } from './destination-form.js';

interface StreamKeyDialogProps {
  /** The destination whose key is replaced; null when the dialog is closed. */
  destination: Destination | null;
  onClose: () => void;
  onSaved: (destination: Destination) => void;
}

/** A new stream key for a destination: after a key change on the platform, or when the stored one is unreadable. */
export function StreamKeyDialog({ destination, onClose, onSaved }: StreamKeyDialogProps) {
  const t = useStrings(broadcastStrings);
  const tc = useStrings(common);
  const [key, setKey] = useState('');
  const [error, setError] = useState<DestinationFieldError>();
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const close = () => {
    if (busy) return;
    setKey('');
    setError(undefined);
    setFailure(undefined);
    onClose();
  };
  const save = async (event: Event) => {
    event.preventDefault();
    if (!destination) return;
    const checked = checkStreamKey(key);
    if (!checked.ok) {
      setError(checked.error);
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      const saved = await updateDestination(destination.id, { streamKey: checked.streamKey });
      setKey('');
      onSaved(saved);
    } catch (caught) {
      setFailure(caught);
    } finally {
      setBusy(false);
    }
  };
  const formId = 'stream-key-form';
  return (
    <Dialog
      open={destination !== null}
      title={t('setKeyTitle', { name: destination?.name ?? '' })}
      onClose={close}
      actions={
        <>
          <Button onClick={close} disabled={busy}>
            {tc('cancel')}
          </Button>
          <Button type="submit" form={formId} variant="primary" busy={busy}>
            {t('saveKey')}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={(event) => void save(event)} noValidate>
        <Field label={t('fieldKey')} hint={t('fieldKeyHint')} error={error && t(error)} required>
          {(control) => (
            <input
              {...control}
              type="password"
              autocomplete="off"
              autocapitalize="none"
              spellcheck={false}
              value={key}
              onInput={(event) => {
                setKey(event.currentTarget.value);
                setError(undefined);
              }}
            />
          )}
        </Field>
      </form>
      {failure !== undefined && (
        <ErrorMessage error={failure} messages={{ errorNotFound: t('destinationNotFound') }} detailed />
      )}
    </Dialog>
  );
}
