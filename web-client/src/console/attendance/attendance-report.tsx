import type { ConferenceDetail } from '@diemcau/protocol';
import { getAttendanceReport } from '../../api/attendance.js';
import { useLang, useStrings } from '../../i18n/i18n.js';
import { StatusMessage } from '../../ui/status-message.js';
import { ErrorMessage } from '../error-message.js';
import { consoleStrings } from '../strings.js';
import { formatDateTime } from '../../i18n/time.js';
import { useResource } from '../use-resource.js';
import { AttendanceTable } from './attendance-table.js';
import { AttendanceTotals } from './attendance-totals.js';
import { CsvDownload } from './csv-download.js';
import { attendanceCsvFilename } from './csv-filename.js';
import { LevelTotals } from './level-totals.js';

/** After the end: totals, totals by level, the per-hall table, and the same table as CSV. */
export function AttendanceReport({ conference }: { conference: ConferenceDetail }) {
  const t = useStrings(consoleStrings);
  const lang = useLang();
  const report = useResource((signal) => getAttendanceReport(conference.id, signal), [conference.id]);
  const filename = attendanceCsvFilename(
    t('csvPrefix'),
    conference.title,
    conference.startedAt ?? conference.scheduledStart,
  );
  return (
    <section class="card" aria-labelledby="report-title">
      <h2 id="report-title">{t('reportTitle')}</h2>
      <CsvDownload conferenceId={conference.id} filename={filename} />
      {report.error !== undefined && <ErrorMessage error={report.error} onRetry={report.reload} />}
      {!report.data && report.loading && <StatusMessage>{t('updating')}</StatusMessage>}
      {report.data && (
        <>
          <p class="muted">{t('reportUntil', { time: formatDateTime(report.data.until, lang) })}</p>
          <h3>{t('totalsTitle')}</h3>
          <AttendanceTotals totals={report.data.totals} />
          {report.data.byLevel.length > 0 && (
            <>
              <h3 id="by-level-title">{t('byLevelTitle')}</h3>
              <LevelTotals levels={report.data.byLevel} />
            </>
          )}
          {report.data.points.length > 0 && (
            <>
              <h3 id="per-point-title">{t('pointsTitle')}</h3>
              <AttendanceTable points={report.data.points} />
            </>
          )}
        </>
      )}
    </section>
  );
}
