import type { ConferenceDetail, Recording } from '@diemcau/protocol';
import { useMemo, useState } from 'preact/hooks';
import { deleteRecording, listRecordings } from '../../api/recordings.js';
import { common } from '../../i18n/common.js';
import { useLang, useStrings } from '../../i18n/i18n.js';
import { ConfirmDialog } from '../../ui/confirm-dialog.js';
import { StatusMessage } from '../../ui/status-message.js';
import { broadcastStrings } from '../broadcast/strings.js';
import '../broadcast/broadcast.css';
import { ErrorMessage } from '../error-message.js';
import { formatDateTime } from '../../i18n/time.js';
import { useResource } from '../use-resource.js';
import { RecordingItem } from './recording-item.js';
import { recordingsRefreshMs } from './recording-summary.js';

/** A conference's recordings, newest first, during it and after; finished ones can be deleted. */
export function RecordingsSection({ conference }: { conference: ConferenceDetail }) {
  const t = useStrings(broadcastStrings);
  const tc = useStrings(common);
  const lang = useLang();
  const live = conference.status === 'live';
  const list = useResource(
    (signal) => listRecordings(conference.id, signal),
    [conference.id, conference.status],
    (data) => recordingsRefreshMs(data, live),
  );
  const pointNames = useMemo(
    () => new Map(conference.invitedPoints.map((point) => [point.id, point.name])),
    [conference.invitedPoints],
  );
  const [deleting, setDeleting] = useState<Recording | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [done, setDone] = useState<string>();

  const remove = async (recording: Recording) => {
    setBusy(true);
    setFailure(undefined);
    try {
      await deleteRecording(recording.id);
      setDeleting(null);
      setDone(t('recordingDeleted', { time: formatDateTime(recording.startedAt, lang) }));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
      list.reload();
    }
  };

  const items = list.data?.items;
  return (
    <section class="card" aria-labelledby="recordings-title" data-testid="recordings">
      <h2 id="recordings-title">{t('recordingsTitle')}</h2>
      {done && <StatusMessage kind="success">{done}</StatusMessage>}
      {list.error !== undefined && <ErrorMessage error={list.error} onRetry={list.reload} />}
      {!items && list.loading && <StatusMessage>{tc('loading')}</StatusMessage>}
      {items?.length === 0 && <p>{t(live ? 'recordingsEmptyLive' : 'recordingsEmpty')}</p>}
      {items && items.length > 0 && (
        <ul class="recordings">
          {items.map((recording) => (
            <RecordingItem
              key={recording.id}
              recording={recording}
              pointNames={pointNames}
              onDelete={(chosen) => {
                setDone(undefined);
                setFailure(undefined);
                setDeleting(chosen);
              }}
            />
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={t('recordingDeleteTitle')}
        confirmLabel={t('recordingDelete')}
        danger
        busy={busy}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && void remove(deleting)}
      >
        <p>
          {deleting &&
            t('recordingDeleteBody', {
              time: formatDateTime(deleting.startedAt, lang),
              count: deleting.files.length,
            })}
        </p>
        {failure !== undefined && (
          <ErrorMessage
            error={failure}
            messages={{ errorConflict: t('recordingConflict'), errorNotFound: t('recordingNotFound') }}
            detailed
          />
        )}
      </ConfirmDialog>
    </section>
  );
}
