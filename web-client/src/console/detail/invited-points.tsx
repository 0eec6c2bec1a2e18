import type { InvitedPoint } from '@diemcau/protocol';
import { useLang, useStrings } from '../../i18n/i18n.js';
import { consoleStrings } from '../strings.js';
import { formatTime } from '../../i18n/time.js';

/** Every invited hall and whether it is connected now (always "not connected" unless live), refreshed at `updatedAt`. */
export function InvitedPoints({
  points,
  updatedAt,
}: {
  points: InvitedPoint[];
  updatedAt?: number | undefined;
}) {
  const t = useStrings(consoleStrings);
  const lang = useLang();
  const online = points.filter((p) => p.live.state === 'online').length;
  return (
    <section class="card" aria-labelledby="invited-title">
      <h2 id="invited-title">{t('invitedTitle')}</h2>
      {points.length === 0 ? (
        <p>{t('noInvited')}</p>
      ) : (
        <>
          <p>
            {t('onlineSummary', { online, total: points.length })}
            {updatedAt !== undefined && (
              <span class="muted">
                {' · '}
                {t('updatedAt', { time: formatTime(new Date(updatedAt).toISOString(), lang) })}
              </span>
            )}
          </p>
          <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="invited-title">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t('colUnit')}</th>
                  <th scope="col">{t('colPoint')}</th>
                  <th scope="col">{t('colState')}</th>
                </tr>
              </thead>
              <tbody>
                {points.map((point) => (
                  <tr key={point.id}>
                    <td>{point.unit.name}</td>
                    <th scope="row">{point.name}</th>
                    <td>
                      <span class={`dot dot-${point.live.state}`} aria-hidden="true" />
                      {t(point.live.state === 'online' ? 'stateOnline' : 'stateOffline')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
