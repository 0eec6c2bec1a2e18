import type { LiveAttendance } from '@diemcau/protocol';
import { useStrings } from '../../i18n/i18n.js';
import { levelName } from '../levels.js';
import { liveStrings } from './strings.js';

/** Live totals by unit level (halls connected of those invited, people in them), as the room sends them. */
export function AttendancePanel({ attendance }: { attendance: LiveAttendance | null }) {
  const t = useStrings(liveStrings);
  return (
    <section class="panel" aria-labelledby="attendance-heading" data-testid="attendance">
      <h2 id="attendance-heading">{t('attendanceHeading')}</h2>
      {attendance === null ? (
        <p class="muted">{t('attendanceWaiting')}</p>
      ) : (
        <div class="table-scroll">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('attendanceLevel')}</th>
                <th scope="col" class="num">
                  {t('attendanceConnected')}
                </th>
                <th scope="col" class="num">
                  {t('attendancePeople')}
                </th>
              </tr>
            </thead>
            <tbody>
              {attendance.byLevel.map((level) => (
                <tr key={level.level} data-testid={`attendance-${level.level}`}>
                  <th scope="row">{levelName(level.level, t)}</th>
                  <td class="num">
                    {t('attendanceOf', { connected: level.pointsConnected, invited: level.pointsInvited })}
                  </td>
                  <td class="num">{level.people}</td>
                </tr>
              ))}
              <tr class="attendance-total" data-testid="attendance-total">
                <th scope="row">{t('attendanceTotal')}</th>
                <td class="num">
                  {t('attendanceOf', {
                    connected: attendance.total.pointsConnected,
                    invited: attendance.total.pointsInvited,
                  })}
                </td>
                <td class="num">{attendance.total.people}</td>
              </tr>
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
