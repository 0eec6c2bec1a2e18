import type { Lang } from '../i18n/i18n.js';

const LOCALES: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB' };

/**
 * A scheduled start in the viewer's own time zone, date and time apart: Intl's combined Vietnamese
 * form starts with "lúc", which a sentence around it would repeat.
 */
export function formatStart(iso: string, lang: Lang, timeZone?: string): { date: string; time: string } {
  const zone = timeZone ? { timeZone } : {};
  const instant = new Date(iso);
  return {
    date: new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'full', ...zone }).format(instant),
    time: new Intl.DateTimeFormat(LOCALES[lang], { timeStyle: 'short', ...zone }).format(instant),
  };
}
