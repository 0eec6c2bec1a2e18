import type { Lang } from '../../i18n/i18n.js';

const LOCALES: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB' };
const pad = (n: number) => String(n).padStart(2, '0');

/** A running time as a clock: `04:09` under an hour, `1:02:03` from then on. */
export function formatClock(totalSeconds: number): string {
  const whole = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const seconds = whole % 60;
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`;
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/**
 * A file size in binary units, as Windows Explorer shows it (the consoles run
 * Windows, so a downloaded file reads the same there): `1,5 GB`, `1.5 GB`.
 */
export function formatBytes(bytes: number, lang: Lang): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  const number = new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: digits }).format(value);
  return `${number} ${UNITS[unit]}`;
}
