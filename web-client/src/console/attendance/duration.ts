import type { Params } from '../../i18n/i18n.js';
import { splitMinutes } from '../../i18n/time.js';

type DurationKey = 'durationHours' | 'durationMinutes';

/** "2 giờ 05 phút" / "45 phút", in the words of the catalogue. */
export function durationText(totalMinutes: number, t: (key: DurationKey, params: Params) => string): string {
  const { hours, minutes } = splitMinutes(totalMinutes);
  return hours > 0
    ? t('durationHours', { hours, minutes })
    : t('durationMinutes', { minutes: Number(minutes) });
}
