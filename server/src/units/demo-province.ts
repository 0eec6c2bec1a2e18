import type { ImportResult } from '@diemcau/protocol';
import { writeUnitsCsv, type UnitCsvRow } from './units-csv.js';
import type { UnitService } from './unit-service.js';

interface DemoDistrict {
  code: string;
  name: string;
  communes: string[];
}

/**
 * Bình Phước as it was organised before mid-2025: 11 district-level units and
 * 111 commune-level ones. Names as the project was given them (unverified);
 * "(chưa đặt tên)" marks a placeholder added to reach the count.
 */
export const DEMO_PROVINCE = { code: 'BP', name: 'Tỉnh Bình Phước', hall: 'Hội trường Tỉnh ủy' } as const;

export const DEMO_DISTRICTS: readonly DemoDistrict[] = [
  {
    code: 'BP-DX',
    name: 'Thành phố Đồng Xoài',
    communes: [
      'Phường Tân Phú',
      'Phường Tân Đồng',
      'Phường Tân Bình',
      'Phường Tân Xuân',
      'Phường Tân Thiện',
      'Phường Tiến Thành',
      'Xã Tân Thành',
      'Xã Tiến Hưng',
    ],
  },
  {
    code: 'BP-BL',
    name: 'Thị xã Bình Long',
    communes: [
      'Phường An Lộc',
      'Phường Hưng Chiến',
      'Phường Phú Đức',
      'Phường Phú Thịnh',
      'Xã Thanh Lương',
      'Xã Thanh Phú',
    ],
  },
  {
    code: 'BP-PL',
    name: 'Thị xã Phước Long',
    communes: [
      'Phường Long Thủy',
      'Phường Phước Bình',
      'Phường Long Phước',
      'Phường Sơn Giang',
      'Phường Thác Mơ',
      'Xã Long Giang',
      'Xã Phước Tín',
    ],
  },
  {
    code: 'BP-CT',
    name: 'Thị xã Chơn Thành',
    communes: [
      'Phường Hưng Long',
      'Phường Minh Hưng',
      'Phường Minh Long',
      'Phường Minh Thành',
      'Phường Thành Tâm',
      'Xã Minh Lập',
      'Xã Minh Thắng',
      'Xã Nha Bích',
      'Xã Quang Minh',
    ],
  },
  {
    code: 'BP-BDG',
    name: 'Huyện Bù Đăng',
    communes: [
      'Thị trấn Đức Phong',
      'Xã Bình Minh',
      'Xã Bom Bo',
      'Xã Minh Hưng',
      'Xã Đak Nhau',
      'Xã Đăng Hà',
      'Xã Đoàn Kết',
      'Xã Đồng Nai',
      'Xã Đức Liễu',
      'Xã Đường 10',
      'Xã Nghĩa Bình',
      'Xã Nghĩa Trung',
      'Xã Phú Sơn',
      'Xã Phước Sơn',
      'Xã Thọ Sơn',
      'Xã Thống Nhất',
    ],
  },
  {
    code: 'BP-BDP',
    name: 'Huyện Bù Đốp',
    communes: [
      'Thị trấn Thanh Bình',
      'Xã Hưng Phước',
      'Xã Phước Thiện',
      'Xã Thiện Hưng',
      'Xã Thanh Hòa',
      'Xã Tân Thành',
      'Xã Tân Tiến',
    ],
  },
  {
    code: 'BP-BGM',
    name: 'Huyện Bù Gia Mập',
    communes: [
      'Xã Bình Thắng',
      'Xã Bù Gia Mập',
      'Xã Đa Kia',
      'Xã Đắk Ơ',
      'Xã Đức Hạnh',
      'Xã Phú Nghĩa',
      'Xã Phú Văn',
      'Xã Phước Minh',
    ],
  },
  {
    code: 'BP-DP',
    name: 'Huyện Đồng Phú',
    communes: [
      'Thị trấn Tân Phú',
      'Xã Đồng Tâm',
      'Xã Đồng Tiến',
      'Xã Tân Hòa',
      'Xã Tân Hưng',
      'Xã Tân Lập',
      'Xã Tân Lợi',
      'Xã Tân Phước',
      'Xã Tân Tiến',
      'Xã Thuận Lợi',
      'Xã Thuận Phú',
    ],
  },
  {
    code: 'BP-HQ',
    name: 'Huyện Hớn Quản',
    communes: [
      'Xã An Khương',
      'Xã An Phú',
      'Xã Đồng Nơ',
      'Xã Minh Đức',
      'Xã Minh Tâm',
      'Xã Phước An',
      'Xã Tân Hiệp',
      'Xã Tân Hưng',
      'Xã Tân Khai',
      'Xã Tân Lợi',
      'Xã Tân Quan',
      'Xã Thanh An',
      'Xã Thanh Bình',
    ],
  },
  {
    code: 'BP-LN',
    name: 'Huyện Lộc Ninh',
    communes: [
      'Thị trấn Lộc Ninh',
      'Xã Lộc An',
      'Xã Lộc Điền',
      'Xã Lộc Hiệp',
      'Xã Lộc Hòa',
      'Xã Lộc Hưng',
      'Xã Lộc Khánh',
      'Xã Lộc Phú',
      'Xã Lộc Quang',
      'Xã Lộc Tấn',
      'Xã Lộc Thái',
      'Xã Lộc Thành',
      'Xã Lộc Thạnh',
      'Xã Lộc Thiện',
      'Xã Lộc Thuận',
      'Xã (chưa đặt tên) 1',
    ],
  },
  {
    code: 'BP-PR',
    name: 'Huyện Phú Riềng',
    communes: [
      'Xã Bình Sơn',
      'Xã Bình Tân',
      'Xã Bù Nho',
      'Xã Long Bình',
      'Xã Long Hà',
      'Xã Long Hưng',
      'Xã Long Tân',
      'Xã Phú Riềng',
      'Xã Phú Trung',
      'Xã Phước Tân',
    ],
  },
];

const hall = (unitName: string) => `Hội trường ${unitName}`;

/** The demo province as import rows: one bridge point (meeting hall) per unit. */
export function demoProvinceRows(): UnitCsvRow[] {
  const province: UnitCsvRow = {
    code: DEMO_PROVINCE.code,
    name: DEMO_PROVINCE.name,
    level: 'province',
    parentCode: null,
    points: [DEMO_PROVINCE.hall],
  };
  return [
    province,
    ...DEMO_DISTRICTS.flatMap((d): UnitCsvRow[] => [
      { code: d.code, name: d.name, level: 'district', parentCode: province.code, points: [hall(d.name)] },
      ...d.communes.map((name, i) => ({
        code: `${d.code}-${String(i + 1).padStart(2, '0')}`,
        name,
        level: 'commune',
        parentCode: d.code,
        points: [hall(name)],
      })),
    ]),
  ];
}

/**
 * Loads the demo province into an empty tree through the CSV import, the same
 * path an operator's file takes. Does nothing (undefined) when units exist.
 */
export async function loadDemoProvince(units: UnitService): Promise<ImportResult | undefined> {
  if (!(await units.isEmpty())) return undefined;
  return units.importCsv(writeUnitsCsv(demoProvinceRows()), { actor: { kind: 'system' } });
}
