import type { ConferenceDetail } from '@diemcau/protocol';
import { useLang, useStrings } from '../../i18n/i18n.js';
import { consoleStrings } from '../strings.js';
import { formatDateTime } from '../../i18n/time.js';

/** When it was planned, started and ended, and what it is about. */
export function ConferenceSummary({ conference }: { conference: ConferenceDetail }) {
  const t = useStrings(consoleStrings);
  const lang = useLang();
  const times = [
    ['scheduledStart', conference.scheduledStart],
    ['startedAt', conference.startedAt],
    ['endedAt', conference.endedAt],
  ] as const;
  return (
    <dl class="summary">
      {times.map(([key, at]) =>
        at ? (
          <div key={key}>
            <dt>{t(key)}</dt>
            <dd>
              <time dateTime={at}>{formatDateTime(at, lang)}</time>
            </dd>
          </div>
        ) : null,
      )}
      {conference.description && (
        <div class="summary-wide">
          <dt>{t('description')}</dt>
          <dd class="pre-line">{conference.description}</dd>
        </div>
      )}
    </dl>
  );
}
