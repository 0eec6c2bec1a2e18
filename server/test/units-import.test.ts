import type { Unit } from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadDemoProvince } from '../src/units/demo-province.js';
import { signedIn } from './helpers/accounts.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { DIALECTS } from './helpers/databases.js';
import { importUnits, rowCounts, unitsCsv } from './helpers/units.js';

describe.each(DIALECTS)('units import and export on %s', (kind) => {
  let api: TestApi;
  let admin: string;
  beforeAll(async () => {
    api = await startTestApi(kind);
    admin = (await signedIn(api, 'admin')).token;
  });
  afterAll(async () => api.close());

  const tree = async (): Promise<Unit[]> =>
    (await api.request({ method: 'GET', url: '/api/units', as: admin })).json().units;
  const exportCsv = () => api.request({ method: 'GET', url: '/api/units/export', as: admin });

  it('loads the demo province into the empty database through the import: 1+11+111 units, 123 points', async () => {
    const result = await loadDemoProvince(api.app.services.units);
    expect(result).toEqual({ unitsCreated: 123, unitsUpdated: 0, unitsUnchanged: 0, pointsCreated: 123 });
    expect(await rowCounts(api)).toMatchObject({ units: 123, points: 123 });
    const units = await tree();
    const count = (level: string) => units.filter((u) => u.level === level).length;
    expect([count('province'), count('district'), count('commune')]).toEqual([1, 11, 111]);
    const province = units[0]!;
    expect(province).toMatchObject({ code: 'BP', parentId: null, points: [{ name: 'Hội trường Tỉnh ủy' }] });
    const district = units.find((u) => u.code === 'BP-DX')!;
    expect(district).toMatchObject({ name: 'Thành phố Đồng Xoài', level: 'district', parentId: province.id });
    expect(units.filter((u) => u.parentId === district.id).map((u) => u.name)).toContain('Phường Tân Đồng');
    expect(units.flatMap((u) => u.points).every((p) => p.credential === 'none')).toBe(true);
    // Parents come before their children.
    const seen = new Set<string | null>([null]);
    for (const u of units) {
      expect(seen.has(u.parentId)).toBe(true);
      seen.add(u.id);
    }
  });

  it('does not load the demo province into a tree that has units', async () => {
    expect(await loadDemoProvince(api.app.services.units)).toBeUndefined();
    expect(await rowCounts(api)).toMatchObject({ units: 123, points: 123 });
  });

  it('exports CSV that imports back as a no-op, and exports the same bytes again', async () => {
    const first = await exportCsv();
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(first.headers['content-disposition']).toMatch(
      /^attachment; filename="units-\d{4}-\d\d-\d\d\.csv"$/,
    );
    expect(
      first.body.startsWith('\uFEFFcode,name,level,parent_code,points\r\nBP,Tỉnh Bình Phước,province,,'),
    ).toBe(true);
    const before = await rowCounts(api);
    const reimport = await importUnits(api, admin, first.rawPayload);
    expect(reimport.statusCode).toBe(200);
    expect(reimport.json()).toEqual({
      unitsCreated: 0,
      unitsUpdated: 0,
      unitsUnchanged: 123,
      pointsCreated: 0,
    });
    expect(await rowCounts(api)).toEqual({ ...before, audit: before.audit + 1 });
    expect((await exportCsv()).body).toBe(first.body);
  });

  it('updates names, levels and parents in place by code and adds points without removing any', async () => {
    const before = await tree();
    const dx = before.find((u) => u.code === 'BP-DX')!;
    const commune = before.find((u) => u.code === 'BP-DX-01')!;
    const res = await importUnits(
      api,
      admin,
      unitsCsv(
        // A child before its new parent, which is itself new.
        'BP-DX-01,Phường Tân Phú (mới),ward,BP-NEW,Hội trường Phường Tân Phú|Phòng họp 2',
        'BP-NEW,Khu mới,district,BP,',
        'BP-DX,Thành phố Đồng Xoài,district,BP,',
      ),
    );
    expect(res.json()).toEqual({ unitsCreated: 1, unitsUpdated: 1, unitsUnchanged: 1, pointsCreated: 2 });
    const after = await tree();
    const created = after.find((u) => u.code === 'BP-NEW')!;
    expect(created.points.map((p) => p.name)).toEqual(['Khu mới']);
    const moved = after.find((u) => u.code === 'BP-DX-01')!;
    expect(moved).toMatchObject({
      id: commune.id,
      name: 'Phường Tân Phú (mới)',
      level: 'ward',
      parentId: created.id,
    });
    expect(moved.points.map((p) => p.name)).toEqual(['Hội trường Phường Tân Phú', 'Phòng họp 2']);
    expect(moved.points.find((p) => p.name === 'Hội trường Phường Tân Phú')?.id).toBe(commune.points[0]!.id);
    expect(after.find((u) => u.code === 'BP-DX')).toEqual(dx);
    expect(after).toHaveLength(before.length + 1);

    const audit = await api.app.services.audit.query({ action: 'unit.import', limit: 1 });
    expect(audit.items[0]).toMatchObject({
      actorKind: 'admin',
      details: { unitsCreated: 1, unitsUpdated: 1, created: ['BP-NEW'], updated: ['BP-DX-01'] },
    });
  });

  describe('refuses a bad file, reporting each row, and changes nothing', () => {
    const longName = 'Ấ'.repeat(201);
    it.each([
      ['an empty body', '', [{ line: 1, reason: 'the file is empty' }]],
      ['a header only', 'code,name,level,parent_code,points\r\n', [{ line: 2, reason: /no units/ }]],
      [
        'a wrong header',
        'ma,ten,cap,ma_cha,diem\r\nX,Y,commune,,\r\n',
        [{ line: 1, reason: /must be the header/ }],
      ],
      ['a missing column', unitsCsv('X1,Xã Một,commune,BP'), [{ line: 2, reason: /expected 5 fields/ }]],
      ['an extra column', unitsCsv('X1,Xã Một,commune,BP,,extra'), [{ line: 2, reason: /found 6/ }]],
      ['an empty code', unitsCsv(',Xã Một,commune,BP,'), [{ line: 2, column: 'code', reason: /empty/ }]],
      ['an empty name', unitsCsv('X1,,commune,BP,'), [{ line: 2, column: 'name', reason: /empty/ }]],
      ['an empty level', unitsCsv('X1,Xã Một,,BP,'), [{ line: 2, column: 'level', reason: /empty/ }]],
      [
        'bad code characters',
        unitsCsv('X 1/2,Xã Một,commune,BP,'),
        [{ line: 2, column: 'code', reason: /only/ }],
      ],
      ['a name over 200 characters', unitsCsv(`X1,${longName},commune,BP,`), [{ line: 2, column: 'name' }]],
      [
        'a duplicate code',
        unitsCsv('X1,Xã Một,commune,BP,', 'X2,Xã Hai,commune,BP,', 'X1,Xã Ba,commune,BP,'),
        [{ line: 4, column: 'code', reason: 'code X1 is already used on line 2' }],
      ],
      [
        'an unknown parent',
        unitsCsv('X1,Xã Một,commune,BP,', 'X2,Xã Hai,commune,NOWHERE,'),
        [{ line: 3, column: 'parent_code', reason: /NOWHERE is neither in this file nor in the database/ }],
      ],
      [
        'a cycle within the file',
        unitsCsv('X1,Xã Một,commune,X2,', 'X2,Xã Hai,commune,X1,'),
        [
          { line: 2, column: 'parent_code', reason: 'parent_code makes a cycle: X1 → X2 → X1' },
          { line: 3, column: 'parent_code', reason: 'parent_code makes a cycle: X2 → X1 → X2' },
        ],
      ],
      [
        'a unit becoming its own ancestor through the database',
        unitsCsv('BP,Tỉnh Bình Phước,province,BP-DX-02,'),
        [{ line: 2, column: 'parent_code', reason: 'parent_code makes a cycle: BP → BP-DX-02 → BP-DX → BP' }],
      ],
      [
        'an unclosed quote after good rows',
        unitsCsv('X1,Xã Một,commune,BP,', 'X2,"Xã Hai,commune,BP,'),
        [{ line: 3, reason: /never closed/ }],
      ],
      [
        'many problems at once',
        unitsCsv(
          'X1,Xã Một,commune,BP,',
          'X2,"Xã\r\nHai",commune,BP,',
          'X3,=cmd,commune,X2,',
          'X4,Xã Bốn,Commune,NOWHERE,',
        ),
        [
          { line: 3, column: 'name', reason: /line break/ },
          { line: 5, column: 'name', reason: /must not start with/ },
          { line: 6, column: 'level' },
          { line: 6, column: 'parent_code', reason: /NOWHERE/ },
        ],
      ],
    ])('%s', async (_what, csv, expected) => {
      const before = await rowCounts(api);
      const exported = (await exportCsv()).body;
      const res = await importUnits(api, admin, csv);
      expect(res.statusCode).toBe(400);
      const { error } = res.json();
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details).toEqual(
        expected.map(({ reason, ...e }) => ({
          ...e,
          reason:
            reason === undefined
              ? expect.any(String)
              : typeof reason === 'string'
                ? reason
                : expect.stringMatching(reason),
        })),
      );
      expect(await rowCounts(api)).toEqual(before);
      expect((await exportCsv()).body).toBe(exported);
    });
  });

  it('rolls back every write when the import fails after writing, and answers CONFLICT for a lost race', async () => {
    const before = await rowCounts(api);
    const csv = unitsCsv('R1,Xã Một,commune,BP,A|B', 'R2,Xã Hai,commune,R1,', 'BP-DX,Đổi tên,district,BP,');
    // The audit entry is the import's last write.
    const record = vi.spyOn(api.app.services.audit, 'record');
    record.mockRejectedValueOnce(new Error('disk full'));
    expect((await importUnits(api, admin, csv)).statusCode).toBe(500);
    record.mockRejectedValueOnce(Object.assign(new Error('duplicate key'), { code: '23505' }));
    const raced = await importUnits(api, admin, csv);
    record.mockRestore();
    expect(raced.statusCode).toBe(409);
    expect(raced.json().error.code).toBe('CONFLICT');
    expect(await rowCounts(api)).toEqual(before);
    expect((await tree()).find((u) => u.code === 'BP-DX')?.name).toBe('Thành phố Đồng Xoài');
  });

  it('refuses a body that is not UTF-8', async () => {
    const latin1 = Buffer.from(unitsCsv('X1,Xã Một,commune,BP,'), 'latin1');
    const res = await importUnits(api, admin, latin1);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/UTF-8/),
    });
  });

  it('refuses a body over 5 MB and a JSON body', async () => {
    const huge = unitsCsv(
      ...Array.from({ length: 120_000 }, (_, i) => `H${i},Xã số ${i} dài dài dài,commune,BP,`),
    );
    expect(Buffer.byteLength(huge)).toBeGreaterThan(5 * 1024 * 1024);
    expect((await importUnits(api, admin, huge)).statusCode).toBe(413);
    const json = await api.request({
      method: 'POST',
      url: '/api/units/import',
      payload: { csv: 'x' },
      as: admin,
    });
    expect(json.statusCode).toBe(400);
    expect(json.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('reads a semicolon file with a BOM, LF line ends and quoted fields', async () => {
    const text =
      '\uFEFFcode;name;level;parent_code;points\n' +
      'BP-Q;"Khu ""Quốc lộ 13""; đoạn 2";district;BP;"Hội trường A; tầng 2|Sân, ngoài trời"\n';
    const res = await importUnits(api, admin, text);
    expect(res.json()).toMatchObject({ unitsCreated: 1, pointsCreated: 2 });
    const unit = (await tree()).find((u) => u.code === 'BP-Q')!;
    expect(unit.name).toBe('Khu "Quốc lộ 13"; đoạn 2');
    expect(unit.points.map((p) => p.name)).toEqual(['Hội trường A; tầng 2', 'Sân, ngoài trời']);
    expect((await exportCsv()).body).toContain(
      '\r\nBP-Q,"Khu ""Quốc lộ 13""; đoạn 2",district,BP,"Hội trường A; tầng 2|Sân, ngoài trời"\r\n',
    );
  });

  it('stores and returns HTML- and SQL-like names verbatim, as JSON data', async () => {
    const script = '<script>alert(1)</script>';
    const drop = "'; drop table units; --";
    const res = await importUnits(
      api,
      admin,
      unitsCsv(`X-HTML,${script},commune,BP,${drop}|<b>hall</b>`, `X-SQL,${drop},commune,BP,`),
    );
    expect(res.statusCode).toBe(200);
    const reply = await api.request({ method: 'GET', url: '/api/units', as: admin });
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    const units: Unit[] = reply.json().units;
    expect(units.find((u) => u.code === 'X-HTML')).toMatchObject({
      name: script,
      points: [{ name: drop }, { name: '<b>hall</b>' }],
    });
    expect(units.find((u) => u.code === 'X-SQL')?.name).toBe(drop);
    const points = await api.request({ method: 'GET', url: '/api/points', as: admin });
    expect(
      points.json().points.filter((p: { unit: { name: string } }) => p.unit.name === script),
    ).toHaveLength(2);
    // A second export round trip still changes nothing.
    const again = await importUnits(api, admin, (await exportCsv()).rawPayload);
    expect(again.json()).toMatchObject({ unitsCreated: 0, unitsUpdated: 0, pointsCreated: 0 });
  });
});
