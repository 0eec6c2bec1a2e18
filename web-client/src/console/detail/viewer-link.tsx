import type { ConferenceDetail, ViewerToken } from '@diemcau/protocol';
import { useState } from 'preact/hooks';
import { issueViewerToken } from '../../api/conferences.js';
import { useStrings } from '../../i18n/i18n.js';
import { Button } from '../../ui/button.js';
import { ConfirmDialog } from '../../ui/confirm-dialog.js';
import { StatusMessage } from '../../ui/status-message.js';
import { errorKey } from '../errors.js';
import { consoleStrings } from '../strings.js';
import { CopyField } from './copy-field.js';

/** The watch page's address; for a private page, a fresh viewer link shown once. */
export function ViewerLink({ conference }: { conference: ConferenceDetail }) {
  const t = useStrings(consoleStrings);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<ViewerToken>();
  const [failure, setFailure] = useState<string>();

  const issue = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      setIssued(await issueViewerToken(conference.id));
      setConfirming(false);
    } catch (error) {
      setFailure(t(errorKey(error)));
    } finally {
      setBusy(false);
    }
  };

  const { watchAccess, watchSlug } = conference;
  return (
    <section class="card" aria-labelledby="viewer-title">
      <h2 id="viewer-title">{t('viewerTitle')}</h2>
      {watchAccess === 'none' || !watchSlug ? (
        <p>{t('viewerNone')}</p>
      ) : watchAccess === 'public' ? (
        <CopyField
          label={t('viewerAddress')}
          hint={t('viewerPublic')}
          value={`${location.origin}/watch/${watchSlug}`}
        />
      ) : (
        <>
          <p>{t('viewerTokenIntro')}</p>
          {issued && <CopyField label={t('viewerLink')} hint={t('viewerLinkOnce')} value={issued.watchUrl} />}
          <Button onClick={() => setConfirming(true)}>{t('issueViewerLink')}</Button>
          <ConfirmDialog
            open={confirming}
            title={t('confirmViewerTitle')}
            confirmLabel={t('issueViewerLink')}
            busy={busy}
            error={failure}
            onConfirm={() => void issue()}
            onCancel={() => {
              setConfirming(false);
              setFailure(undefined);
            }}
          >
            <p>{t('confirmViewerBody')}</p>
          </ConfirmDialog>
        </>
      )}
      {failure && !confirming && <StatusMessage kind="error">{failure}</StatusMessage>}
    </section>
  );
}
