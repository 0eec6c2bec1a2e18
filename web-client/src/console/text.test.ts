import { describe, expect, it } from 'vitest';
import { fold, slugify } from './text.js';

describe('fold', () => {
  it('drops diacritics, including đ, and case', () => {
    expect(fold('Thành phố Đồng Xoài')).toBe('thanh pho dong xoai');
    // Decomposed input (as some macOS tools write it) folds the same way.
    expect(fold('Lộc Ninh'.normalize('NFD'))).toBe('loc ninh');
  });
});

describe('slugify', () => {
  it('keeps ASCII letters and digits joined by single dashes', () => {
    expect(slugify('  Hội nghị: quý 1/2030!  ')).toBe('hoi-nghi-quy-1-2030');
    expect(slugify('Điểm cầu — "Bù Đăng"')).toBe('diem-cau-bu-dang');
    expect(slugify('***')).toBe('');
  });

  it('cuts long titles without leaving a trailing dash', () => {
    expect(slugify('a'.repeat(5) + ' ' + 'b'.repeat(10), 6)).toBe('aaaaa');
  });
});
