import type { AttendancePoint } from '@diemcau/protocol';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../units/csv.js';
import { ATTENDANCE_COLUMNS, spreadsheetText, writeAttendanceCsv } from './attendance-csv.js';

const row = (over: Partial<AttendancePoint>): AttendancePoint => ({
  pointId: 'p1',
  pointName: 'Hội trường xã Xuân Canh',
  unit: { id: 'u1', code: 'XC', name: 'Xã Xuân Canh', level: 'commune' },
  firstJoin: '2030-01-01T02:00:00.000Z',
  lastLeave: null,
  connected: false,
  minutesConnected: 42,
  peakHeadcount: 120,
  lastHeadcount: 80,
  ...over,
});

describe('writeAttendanceCsv', () => {
  it('writes a BOM, a header and CRLF records that read back', () => {
    const csv = writeAttendanceCsv([
      row({}),
      row({ firstJoin: null, peakHeadcount: null, lastHeadcount: null }),
    ]);
    expect(csv.startsWith('\uFEFFunit_code,')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(4); // header, two rows, and the empty rest after the last CRLF
    const { records, errors } = parseCsv(csv);
    expect(errors).toEqual([]);
    expect(records.map((r) => r.fields)).toEqual([
      [...ATTENDANCE_COLUMNS],
      [
        'XC',
        'Xã Xuân Canh',
        'commune',
        'Hội trường xã Xuân Canh',
        '2030-01-01T02:00:00.000Z',
        '',
        '42',
        '120',
        '80',
      ],
      ['XC', 'Xã Xuân Canh', 'commune', 'Hội trường xã Xuân Canh', '', '', '42', '', ''],
    ]);
  });

  it('defuses names a spreadsheet would run as formulas, and quotes commas', () => {
    const csv = writeAttendanceCsv([
      row({
        pointName: '=HYPERLINK("http://x")',
        unit: { id: 'u', code: 'A', name: '@SUM(1), x', level: 'l' },
      }),
    ]);
    const fields = parseCsv(csv).records[1]?.fields;
    expect(fields?.[1]).toBe("'@SUM(1), x");
    expect(fields?.[3]).toBe('\'=HYPERLINK("http://x")');
  });
});

describe('spreadsheetText', () => {
  it('prefixes = + - @ tab and CR, and leaves other text alone', () => {
    expect(['=1', '+1', '-1', '@a', '\tx', '\rx'].map(spreadsheetText)).toEqual([
      "'=1",
      "'+1",
      "'-1",
      "'@a",
      "'\tx",
      "'\rx",
    ]);
    expect(spreadsheetText('Huyện Đông Anh - 2')).toBe('Huyện Đông Anh - 2');
  });
});
