import type { BroadcastStatus, Recording, RecordingLayout, RecordingProgress } from '@diemcau/protocol';
import { useRef, useState } from 'preact/hooks';
import { startRecording, stopRecording } from '../../api/recordings.js';
import { useLang, useStrings } from '../../i18n/i18n.js';
import { Button } from '../../ui/button.js';
import { formatBytes, formatClock } from '../broadcast/format.js';
import { LAYOUT_KEYS, RECORDING_STATUS_KEYS, errorInfoText } from '../broadcast/status-words.js';
import { broadcastStrings } from '../broadcast/strings.js';
import { ErrorMessage } from '../error-message.js';
import { routeHref } from '../router.js';
import { type Answer, latest, progressOf, recordingBusy, recordingClock } from './broadcast-view.js';
import { useNow } from './use-clock.js';
import { useRefocus } from './use-refocus.js';

const LAYOUTS: readonly RecordingLayout[] = ['speaker', 'grid'];

interface RecordControlProps {
  conferenceId: string;
  status: BroadcastStatus;
}

/** Start (with the programme's layout) and stop the recording (each hall's tracks and the programme). */
export function RecordControl({ conferenceId, status }: RecordControlProps) {
  const t = useStrings(broadcastStrings);
  const lang = useLang();
  // The room's status when an answer arrives: that answer is newer, until the room sends another.
  const statusRef = useRef(status);
  statusRef.current = status;
  const [answer, setAnswer] = useState<Answer<RecordingProgress> | null>(null);
  const recording = latest(status.recording, status, answer);
  const [layout, setLayout] = useState<RecordingLayout>('speaker');
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
      {!running && (
        <fieldset class="radio-group">
          <legend>{t('recordLayout')}</legend>
          {LAYOUTS.map((option) => (
            <label key={option} class="radio">
              <input
                type="radio"
                name="recording-layout"
                value={option}
                checked={layout === option}
                disabled={busy}
                onChange={() => setLayout(option)}
                data-testid={`record-layout-${option}`}
              />
              {t(LAYOUT_KEYS[option])}
            </label>
          ))}
        </fieldset>
      )}
      <div class="broadcast-actions" ref={actionsRef}>
        {/* One slot for both, so the button keeps keyboard focus as it turns from start to stop. */}
        {!running ? (
          <Button
            variant="primary"
            busy={busy}
            onClick={() => void run('start', () => startRecording(conferenceId, { layout }))}
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
