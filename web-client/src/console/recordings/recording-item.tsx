import type { Recording } from '@diemcau/protocol';
import { useLang, useStrings } from '../../i18n/i18n.js';
import { Button } from '../../ui/button.js';
import { formatBytes, formatClock } from '../broadcast/format.js';
import { LAYOUT_KEYS, RECORDING_STATUS_KEYS, errorInfoText } from '../broadcast/status-words.js';
import { broadcastStrings } from '../broadcast/strings.js';
import { formatDateTime } from '../../i18n/time.js';
import { deletable, fileSourceText, recordingBytes, recordingSeconds } from './recording-summary.js';

interface RecordingItemProps {
  recording: Recording;
  /** Invited halls by point id, to name their track files. */
  pointNames: ReadonlyMap<string, string>;
  onDelete: (recording: Recording) => void;
}

/**
 * One recording: its state, times and size, and its files as plain download
 * links (files run to gigabytes, so they stream to disk rather than through
 * the page's memory).
 */
export function RecordingItem({ recording, pointNames, onDelete }: RecordingItemProps) {
  const t = useStrings(broadcastStrings);
  const lang = useLang();
  const time = formatDateTime(recording.startedAt, lang);
  const seconds = recordingSeconds(recording);
  const headingId = `recording-${recording.id}-title`;
  return (
    <li class="recording" aria-labelledby={headingId} data-testid={`recording-${recording.id}`}>
      <div class="recording-head">
        <h3 id={headingId}>{t('recordingTitle', { time })}</h3>
        <span class={`state-badge state-${recording.status}`} data-testid="recording-status">
          {t(RECORDING_STATUS_KEYS[recording.status])}
        </span>
      </div>
      <dl class="summary">
        <div>
          <dt>{t('recStarted')}</dt>
          <dd>
            <time dateTime={recording.startedAt}>{time}</time>
          </dd>
        </div>
        <div>
          <dt>{t('recDuration')}</dt>
          <dd>
            {seconds !== null
              ? formatClock(seconds)
              : t(recording.status === 'recording' ? 'recInProgress' : 'noValue')}
          </dd>
        </div>
        <div>
          <dt>{t('recSize')}</dt>
          {/* Files carry the sizes: none yet while it records or finishes. */}
          <dd>{recording.files.length > 0 ? formatBytes(recordingBytes(recording), lang) : t('noValue')}</dd>
        </div>
        <div>
          <dt>{t('recLayout')}</dt>
          <dd>{t(LAYOUT_KEYS[recording.layout])}</dd>
        </div>
      </dl>
      {recording.error && (
        <p class="broadcast-error">{t('recordFailed', { error: errorInfoText(recording.error, t) })}</p>
      )}
      {recording.files.length === 0 ? (
        recording.status !== 'failed' && <p class="muted">{t('recNoFiles')}</p>
      ) : (
        <div class="table-scroll">
          <table class="table">
            <caption class="visually-hidden">{t('recFiles', { time })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('colSource')}</th>
                <th scope="col">{t('colFile')}</th>
                <th scope="col" class="num">
                  {t('colDuration')}
                </th>
                <th scope="col" class="num">
                  {t('colSize')}
                </th>
                <th scope="col">{t('colDownload')}</th>
              </tr>
            </thead>
            <tbody>
              {recording.files.map((file) => (
                <tr key={file.id} data-testid={`recording-file-${file.id}`}>
                  <th scope="row">{fileSourceText(file, pointNames, t)}</th>
                  <td class="break-all">{file.fileName}</td>
                  <td class="num">{formatClock(file.durationMs / 1000)}</td>
                  <td class="num">{formatBytes(file.bytes, lang)}</td>
                  <td>
                    <a
                      href={file.downloadUrl}
                      download={file.fileName}
                      aria-label={t('downloadLabel', { file: file.fileName })}
                    >
                      {t('download')}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {deletable(recording) && (
        <div class="actions">
          <Button
            variant="danger"
            aria-label={t('recordingDeleteLabel', { time })}
            onClick={() => onDelete(recording)}
            data-testid="recording-delete"
          >
            {t('recordingDelete')}
          </Button>
        </div>
      )}
    </li>
  );
}
