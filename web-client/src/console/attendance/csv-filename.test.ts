import { describe, expect, it } from 'vitest';
import { attendanceCsvFilename } from './csv-filename.js';

describe('attendanceCsvFilename', () => {
  const startedAt = new Date(2030, 0, 2, 8, 30).toISOString();

  it('joins the prefix, the title without diacritics and the local day', () => {
    expect(attendanceCsvFilename('diem-danh', 'Hội nghị giao ban: Quý I/2030', startedAt)).toBe(
      'diem-danh-hoi-nghi-giao-ban-quy-i-2030-2030-01-02.csv',
    );
    expect(attendanceCsvFilename('attendance', 'Đồng Xoài', startedAt)).toBe(
      'attendance-dong-xoai-2030-01-02.csv',
    );
  });

  it('leaves out what it does not have', () => {
    expect(attendanceCsvFilename('attendance', '!!!', startedAt)).toBe('attendance-2030-01-02.csv');
    expect(attendanceCsvFilename('attendance', 'Họp', null)).toBe('attendance-hop.csv');
  });
});
