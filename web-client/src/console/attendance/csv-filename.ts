import { slugify } from '../text.js';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A file name a spreadsheet user recognises: `diem-danh-hoi-nghi-giao-ban-2030-01-02.csv`,
 * the date being the conference's (local) day. ASCII only, so every file system keeps it.
 */
export function attendanceCsvFilename(prefix: string, title: string, at: string | null): string {
  const date = at ? new Date(at) : undefined;
  const day =
    date && !Number.isNaN(date.getTime())
      ? `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
      : '';
  return `${[prefix, slugify(title), day].filter(Boolean).join('-')}.csv`;
}
