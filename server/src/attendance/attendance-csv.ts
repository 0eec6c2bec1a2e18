import type { AttendancePoint } from '@diemcau/protocol';
import { formatCsv } from '../units/csv.js';

/** The columns of the per-point attendance CSV (docs/attendance.md). */
export const ATTENDANCE_COLUMNS = [
  'unit_code',
  'unit_name',
  'unit_level',
  'point_name',
  'first_join',
  'last_leave',
  'minutes_connected',
  'peak_headcount',
  'last_headcount',
] as const;

/** Spreadsheets run a cell starting with one of these as a formula (tab and CR too, per OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text made inert for a spreadsheet: a leading apostrophe makes Excel and
 * LibreOffice show the cell as text. Names are refused with these starts on
 * import, but a report must be safe whatever the database holds.
 */
export function spreadsheetText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

const optional = (value: string | number | null) => (value === null ? '' : String(value));

/** The report's per-point table as CSV: UTF-8 with a BOM (so Excel shows Vietnamese), CRLF. */
export function writeAttendanceCsv(points: readonly AttendancePoint[]): string {
  return (
    '\uFEFF' +
    formatCsv([
      ATTENDANCE_COLUMNS,
      ...points.map((p) => [
        spreadsheetText(p.unit.code),
        spreadsheetText(p.unit.name),
        spreadsheetText(p.unit.level),
        spreadsheetText(p.pointName),
        optional(p.firstJoin),
        optional(p.lastLeave),
        String(p.minutesConnected),
        optional(p.peakHeadcount),
        optional(p.lastHeadcount),
      ]),
    ])
  );
}
