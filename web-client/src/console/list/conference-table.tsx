import type { Conference } from '@diemcau/protocol';
import { useLang, useStrings } from '../../i18n/i18n.js';
import { routeHref } from '../router.js';
import { StatusBadge } from '../status-badge.js';
import { consoleStrings } from '../strings.js';
import { formatDateTime } from '../../i18n/time.js';

/** One row per conference; the title links to its page. */
export function ConferenceTable({ items, caption }: { items: Conference[]; caption: string }) {
  const t = useStrings(consoleStrings);
  const lang = useLang();
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table class="table">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('colTitle')}</th>
            <th scope="col">{t('colScheduled')}</th>
            <th scope="col">{t('colStatus')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((conference) => (
            <tr key={conference.id}>
              <th scope="row">
                <a href={routeHref({ name: 'detail', id: conference.id })}>{conference.title}</a>
              </th>
              <td>
                <time dateTime={conference.scheduledStart}>
                  {formatDateTime(conference.scheduledStart, lang)}
                </time>
              </td>
              <td>
                <StatusBadge status={conference.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
