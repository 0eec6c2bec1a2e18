import type { ComponentChildren } from 'preact';
import { useStrings } from '../i18n/i18n.js';
import { Button } from './button.js';
import { Dialog } from './dialog.js';
import { StatusMessage } from './status-message.js';
import { uiStrings } from './strings.js';

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ComponentChildren;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  error?: string | undefined;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * Asks before an action that cannot be undone; the safe choice comes first and
 * gets focus. It says "go back", not "cancel", which could be read as "cancel the conference".
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const t = useStrings(uiStrings);
  const { open, title, children, confirmLabel, danger, busy, error, onConfirm, onCancel } = props;
  return (
    <Dialog
      open={open}
      title={title}
      onClose={() => !busy && onCancel()}
      actions={
        <>
          <Button onClick={onCancel} disabled={busy}>
            {t('back')}
          </Button>
          <Button variant={danger ? 'danger' : 'primary'} busy={busy} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children}
      {error && <StatusMessage kind="error">{error}</StatusMessage>}
    </Dialog>
  );
}
