import type { AttendancePoint } from '@diemcau/protocol';
import { useLang, useStrings } from '../../i18n/i18n.js';
import { consoleStrings } from '../strings.js';
import { formatDateTime } from '../../i18n/time.js';
import { durationText } from './duration.js';

/** Per hall: first join, last leave, connected time and peak headcount. */
export function AttendanceTable({ points }: { points: AttendancePoint[] }) {
  const t = useStrings(consoleStrings);
  const lang = useLang();
  const when = (iso: string | null) =>
    iso ? <time dateTime={iso}>{formatDateTime(iso, lang)}</time> : t('noValue');
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="per-point-title">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{t('colUnit')}</th>
            <th scope="col">{t('colPoint')}</th>
            <th scope="col">{t('colFirstJoin')}</th>
            <th scope="col">{t('colLastLeave')}</th>
            <th scope="col" class="num">
              {t('colMinutes')}
            </th>
            <th scope="col" class="num">
              {t('colPeak')}
            </th>
          </tr>
        </thead>
        <tbody>
          {points.map((point) => (
            <tr key={point.pointId}>
              <td>{point.unit.name}</td>
              <th scope="row">{point.pointName}</th>
              {point.firstJoin === null ? (
                <td colSpan={2}>{t('notJoined')}</td>
              ) : (
                <>
                  <td>{when(point.firstJoin)}</td>
                  <td>{when(point.lastLeave)}</td>
                </>
              )}
              <td class="num">{durationText(point.minutesConnected, t)}</td>
              <td class="num">{point.peakHeadcount ?? t('noValue')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
