import type { Lang } from './i18n.js';

const LOCALES: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB' };

/** Date and time of an ISO instant, in the browser's time zone unless one is given. */
export function formatDateTime(iso: string, lang: Lang, timeZone?: string): string {
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
    new Date(iso),
  );
}

/** Only the time of day: for join and leave times within one conference. */
export function formatTime(iso: string, lang: Lang, timeZone?: string): string {
  return new Intl.DateTimeFormat(LOCALES[lang], { timeStyle: 'short', timeZone }).format(new Date(iso));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as the value of `<input type="datetime-local">` (local wall-clock time, minutes). */
export function isoToLocalInput(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The instant a `datetime-local` value names in the browser's time zone; undefined when it is not one. */
export function localInputToIso(value: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [year, month, day, hours, minutes] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(year, month - 1, day, hours, minutes);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** `[from, to)` of a local day `YYYY-MM-DD`, as the list query wants; days are not always 24 hours. */
export function dayRange(day: string): { from: string; to: string } | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const [year, month, date] = match.slice(1).map(Number) as [number, number, number];
  return {
    from: new Date(year, month - 1, date).toISOString(),
    to: new Date(year, month - 1, date + 1).toISOString(),
  };
}

/** Whole minutes as hours and minutes, for "2 giờ 05 phút". */
export function splitMinutes(total: number): { hours: number; minutes: string } {
  const whole = Math.max(0, Math.round(total));
  return { hours: Math.floor(whole / 60), minutes: pad(whole % 60) };
}
