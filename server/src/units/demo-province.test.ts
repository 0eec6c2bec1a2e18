import { describe, expect, it } from 'vitest';
import { DEMO_DISTRICTS, demoProvinceRows } from './demo-province.js';
import { readUnitsCsv, writeUnitsCsv } from './units-csv.js';

describe('the demo province', () => {
  const rows = demoProvinceRows();
  const byLevel = (level: string) => rows.filter((r) => r.level === level);

  it('has 1 province, 11 districts and exactly 111 communes, one hall each', () => {
    expect(byLevel('province').map((r) => r.name)).toEqual(['Tỉnh Bình Phước']);
    expect(byLevel('district')).toHaveLength(11);
    expect(byLevel('commune')).toHaveLength(111);
    expect(rows).toHaveLength(123);
    expect(rows.every((r) => r.points.length === 1)).toBe(true);
  });

  it('has the communes per district it was given', () => {
    expect(Object.fromEntries(DEMO_DISTRICTS.map((d) => [d.name, d.communes.length]))).toEqual({
      'Thành phố Đồng Xoài': 8,
      'Thị xã Bình Long': 6,
      'Thị xã Phước Long': 7,
      'Thị xã Chơn Thành': 9,
      'Huyện Bù Đăng': 16,
      'Huyện Bù Đốp': 7,
      'Huyện Bù Gia Mập': 8,
      'Huyện Đồng Phú': 11,
      'Huyện Hớn Quản': 13,
      'Huyện Lộc Ninh': 16,
      'Huyện Phú Riềng': 10,
    });
  });

  it('names halls after their units and uses stable ASCII codes', () => {
    expect(rows[0]?.points).toEqual(['Hội trường Tỉnh ủy']);
    expect(rows.find((r) => r.code === 'BP-DX')?.points).toEqual(['Hội trường Thành phố Đồng Xoài']);
    expect(rows.find((r) => r.code === 'BP-LN-16')).toMatchObject({
      name: 'Xã (chưa đặt tên) 1',
      parentCode: 'BP-LN',
      points: ['Hội trường Xã (chưa đặt tên) 1'],
    });
    expect(new Set(rows.map((r) => r.code)).size).toBe(123);
    expect(rows.every((r) => /^BP(-[A-Z]+(-\d\d)?)?$/.test(r.code))).toBe(true);
  });

  it('is a valid units CSV', () => {
    const read = readUnitsCsv(writeUnitsCsv(rows));
    expect(read.errors).toEqual([]);
    expect(read.rows).toHaveLength(123);
  });
});
