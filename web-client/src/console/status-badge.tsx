import type { ConferenceStatus } from '@diemcau/protocol';
import { useStrings } from '../i18n/i18n.js';
import { consoleStrings } from './strings.js';

export const STATUS_KEYS = {
  scheduled: 'statusScheduled',
  live: 'statusLive',
  ended: 'statusEnded',
  cancelled: 'statusCancelled',
} as const satisfies Record<ConferenceStatus, keyof typeof consoleStrings.vi>;

/** The status in words (colour only repeats it, for those who can see it). */
export function StatusBadge({ status }: { status: ConferenceStatus }) {
  const t = useStrings(consoleStrings);
  return <span class={`badge badge-${status}`}>{t(STATUS_KEYS[status])}</span>;
}
