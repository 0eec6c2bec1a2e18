import type { AttendanceLevelTotals } from '@diemcau/protocol';
import { useStrings } from '../../i18n/i18n.js';
import { levelName } from '../levels.js';
import { consoleStrings } from '../strings.js';
import { durationText } from './duration.js';

/** Totals per unit level, the top of the tree first. */
export function LevelTotals({ levels }: { levels: AttendanceLevelTotals[] }) {
  const t = useStrings(consoleStrings);
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="by-level-title">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{t('colLevel')}</th>
            <th scope="col" class="num">
              {t('colInvited')}
            </th>
            <th scope="col" class="num">
              {t('colAttended')}
            </th>
            <th scope="col" class="num">
              {t('colAttendances')}
            </th>
            <th scope="col" class="num">
              {t('colMinutes')}
            </th>
          </tr>
        </thead>
        <tbody>
          {levels.map((level) => (
            <tr key={level.level}>
              <th scope="row">{levelName(level.level, t)}</th>
              <td class="num">{level.pointsInvited}</td>
              <td class="num">{level.pointsAttended}</td>
              <td class="num">{level.attendances}</td>
              <td class="num">{durationText(level.minutesConnected, t)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
