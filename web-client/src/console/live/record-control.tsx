import type { BroadcastStatus, Recording, RecordingProgress } from '@diemcau/protocol';
import { useRef, useState } from 'preact/hooks';
import { startRecording, stopRecording } from '../../api/recordings.js';
import { useLang, useStrings } from '../../i18n/i18n.js';
import { Button } from '../../ui/button.js';
import { formatBytes, formatClock } from '../broadcast/format.js';
import { RECORDING_STATUS_KEYS, errorInfoText } from '../broadcast/status-words.js';
import { broadcastStrings } from '../broadcast/strings.js';
import { ErrorMessage } from '../error-message.js';
import { routeHref } from '../router.js';
import { type Answer, latest, progressOf, recordingBusy, recordingClock } from './broadcast-view.js';
import { useNow } from './use-clock.js';
import { useRefocus } from './use-refocus.js';

interface RecordControlProps {
  conferenceId: string;
  status: BroadcastStatus;
}

/** Start and stop the recording (each hall's tracks and the programme), and how it is going. */
export function RecordControl({ conferenceId, status }: RecordControlProps) {
  const t = useStrings(broadcastStrings);
  const lang = useLang();
  // The room's status when an answer arrives: that answer is newer, until the room sends another.
  const statusRef = useRef(status);
  statusRef.current = status;
  const [answer, setAnswer] = useState<Answer<RecordingProgress> | null>(null);
  const recording = latest(status.recording, status, answer);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ action: 'start' | 'stop'; error: unknown }>();
  const now = useNow(recording?.status === 'recording');
  const actionsRef = useRefocus<HTMLDivElement>(busy);

  const run = async (action: 'start' | 'stop', request: () => Promise<Recording>) => {
    setBusy(true);
    setFailure(undefined);
    try {
      const answered = await request();
      setAnswer({ value: progressOf(answered, recording), basis: statusRef.current });
    } catch (error) {
      setFailure({ action, error });
    } finally {
      setBusy(false);
    }
  };

  const running = recordingBusy(recording);
  return (
    <section class="broadcast-part" aria-labelledby="record-heading" data-testid="record-control">
      <h3 id="record-heading">{t('recordHeading')}</h3>
      <div aria-live="polite">
        {recording === null ? (
          <p class="muted">{t('recordIdle')}</p>
        ) : (
          <p class="broadcast-state">
            <span class={`state-badge state-${recording.status}`} data-testid="record-status">
              {t(RECORDING_STATUS_KEYS[recording.status])}
            </span>
          </p>
        )}
        {recording?.status === 'finalising' && <p>{t('recordFinalising')}</p>}
        {recording?.status === 'ready' && (
          <p>
            {t('recordReady')}{' '}
            <a href={routeHref({ name: 'detail', id: conferenceId })} target="_blank" rel="noopener">
              {t('recordFiles')}
            </a>
          </p>
        )}
        {recording?.status === 'failed' && recording.error && (
          <p class="broadcast-error" data-testid="record-error">
            {t('recordFailed', { error: errorInfoText(recording.error, t) })}
          </p>
        )}
      </div>
      {recording && running && (
        <dl class="broadcast-stats">
          <div>
            <dt>{t('statTime')}</dt>
            <dd>
              <span role="timer" data-testid="record-clock">
                {formatClock(recordingClock(recording, now))}
              </span>
            </dd>
          </div>
          <div>
            <dt>{t('statOutputs')}</dt>
            <dd>{recording.outputs}</dd>
          </div>
          <div>
            <dt>{t('statSize')}</dt>
            <dd>{formatBytes(recording.bytes, lang)}</dd>
          </div>
        </dl>
      )}
      <div class="broadcast-actions" ref={actionsRef}>
        {/* One slot for both, so the button keeps keyboard focus as it turns from start to stop. */}
        {!running ? (
          <Button
            variant="primary"
            busy={busy}
            onClick={() => void run('start', () => startRecording(conferenceId, {}))}
            data-testid="record-start"
          >
            {t('recordStart')}
          </Button>
        ) : (
          recording?.status === 'recording' && (
            <Button
              variant="danger"
              busy={busy}
              onClick={() => void run('stop', () => stopRecording(recording.id))}
              data-testid="record-stop"
            >
              {t('recordStop')}
            </Button>
          )
        )}
      </div>
      {failure && (
        <ErrorMessage
          error={failure.error}
          messages={
            failure.action === 'start'
              ? { errorConflict: t('recordConflict') }
              : { errorNotFound: t('recordingNotFound') }
          }
          detailed
        />
      )}
    </section>
  );
}
