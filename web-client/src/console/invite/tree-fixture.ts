import type { Unit } from '@diemcau/protocol';

const unit = (id: string, name: string, level: string, parentId: string | null, points: string[]): Unit => ({
  id,
  code: id.toUpperCase(),
  name,
  level,
  parentId,
  points: points.map((p) => ({
    id: p,
    unitId: id,
    name: `Hội trường ${p}`,
    credential: 'active',
    credentialIssuedAt: null,
    credentialRevokedAt: null,
  })),
});

/**
 * A province with its own hall; district d1 (a hall, communes c1 and c2 with
 * one hall each), district d2 (commune c3 with two halls) and a district
 * without any hall. Parents come before children, as GET /api/units answers.
 */
export const UNITS: Unit[] = [
  unit('bp', 'Tỉnh Bình Phước', 'province', null, ['p-bp']),
  unit('d1', 'Thành phố Đồng Xoài', 'district', 'bp', ['p-d1']),
  unit('c1', 'Phường Tân Phú', 'commune', 'd1', ['p-c1']),
  unit('c2', 'Phường Tân Đồng', 'commune', 'd1', ['p-c2']),
  unit('d2', 'Huyện Lộc Ninh', 'district', 'bp', []),
  unit('c3', 'Xã Lộc An', 'commune', 'd2', ['p-c3a', 'p-c3b']),
  unit('d3', 'Huyện mới', 'district', 'bp', []),
];
