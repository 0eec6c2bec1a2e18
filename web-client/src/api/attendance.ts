import type { AttendanceReport, LiveAttendance } from '@diemcau/protocol';
import { request, requestBlob } from './client.js';

const base = (id: string) => `/conferences/${encodeURIComponent(id)}/attendance`;

export const getAttendanceReport = (id: string, signal?: AbortSignal): Promise<AttendanceReport> =>
  request('GET', base(id), { signal });

/** The per-point table as CSV (UTF-8 with a BOM, so spreadsheets show Vietnamese names). */
export const getAttendanceCsv = (id: string): Promise<Blob> => requestBlob(`${base(id)}.csv`);

export const getLiveAttendance = (id: string, signal?: AbortSignal): Promise<LiveAttendance> =>
  request('GET', `${base(id)}/live`, { signal });
