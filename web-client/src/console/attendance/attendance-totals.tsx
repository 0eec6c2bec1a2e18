import type { AttendanceTotals as Totals } from '@diemcau/protocol';
import { useStrings } from '../../i18n/i18n.js';
import { consoleStrings } from '../strings.js';
import { durationText } from './duration.js';

/** The conference's headline numbers (definitions in docs/attendance.md). */
export function AttendanceTotals({ totals }: { totals: Totals }) {
  const t = useStrings(consoleStrings);
  const rows = [
    ['totalInvited', String(totals.pointsInvited)],
    ['totalAttended', String(totals.pointsAttended)],
    ['totalAttendances', String(totals.attendances)],
    ['totalPeakConcurrent', String(totals.peakConcurrentPoints)],
    ['totalMinutes', durationText(totals.minutesConnected, t)],
  ] as const;
  return (
    <dl class="totals">
      {rows.map(([key, value]) => (
        <div key={key}>
          <dt>{t(key)}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
