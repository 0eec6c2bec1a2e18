import type { IssuedCredential, PointListItem } from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/auth/tokens.js';
import { signedIn } from './helpers/accounts.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { DIALECTS } from './helpers/databases.js';
import { importUnits, unitsCsv } from './helpers/units.js';

describe.each(DIALECTS)('bridge point credentials on %s', (kind) => {
  let api: TestApi;
  let admin: { token: string; accountId: string };
  let points: PointListItem[];
  beforeAll(async () => {
    api = await startTestApi(kind);
    admin = await signedIn(api, 'admin');
    const imported = await importUnits(
      api,
      admin.token,
      unitsCsv(
        'T,Tỉnh Thử,province,,Hội trường Tỉnh ủy',
        'T-1,Xã Một,commune,T,Hội trường Xã Một|Phòng họp',
        'T-2,Xã Hai,commune,T,',
      ),
    );
    expect(imported.statusCode).toBe(200);
    points = (await api.request({ method: 'GET', url: '/api/points', as: admin.token })).json().points;
  });
  afterAll(async () => api.close());

  const point = (name: string) => points.find((p) => p.name === name)!;
  const units = () => api.app.services.units;
  const storedRow = (id: string) =>
    api.app.database.db
      .selectFrom('bridge_points')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const issue = (id: string) =>
    api.request({ method: 'POST', url: `/api/points/${id}/credential`, as: admin.token });
  const revoke = (id: string) =>
    api.request({ method: 'DELETE', url: `/api/points/${id}/credential`, as: admin.token });
  const auditOf = async (id: string) =>
    (await api.app.services.audit.query({ targetId: id })).items.map((e) => e.action).reverse();

  it('lists every point in tree order with its unit, none with a credential after import', () => {
    expect(points.map((p) => [p.unit.code, p.name, p.credential])).toEqual([
      ['T', 'Hội trường Tỉnh ủy', 'none'],
      ['T-1', 'Hội trường Xã Một', 'none'],
      ['T-1', 'Phòng họp', 'none'],
      ['T-2', 'Xã Hai', 'none'],
    ]);
    expect(points[1]).toMatchObject({
      unitId: points[1]!.unit.id,
      unit: { code: 'T-1', name: 'Xã Một', level: 'commune' },
      credentialIssuedAt: null,
      credentialRevokedAt: null,
    });
  });

  it('issues a join link shown once, storing only the hash of its token', async () => {
    const hall = point('Hội trường Tỉnh ủy');
    const res = await issue(hall.id);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const issued: IssuedCredential = res.json();
    expect(issued).toMatchObject({
      pointId: hall.id,
      pointName: 'Hội trường Tỉnh ủy',
      unit: { code: 'T', name: 'Tỉnh Thử' },
      joinUrl: `https://diemcau.example/join/${issued.token}`,
    });
    expect(issued.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await storedRow(hall.id);
    expect(row.token_hash).toBe(hashToken(issued.token));
    expect(JSON.stringify(row)).not.toContain(issued.token);
    expect(await units().findPointByToken(issued.token)).toEqual({
      point: expect.objectContaining({
        id: hall.id,
        credential: 'active',
        credentialIssuedAt: issued.issuedAt,
      }),
      unit: { id: hall.unitId, code: 'T', name: 'Tỉnh Thử', level: 'province' },
    });
    expect(await units().findPointByToken(row.token_hash!)).toBeUndefined();
    expect(await units().findPointByToken('')).toBeUndefined();
    expect(await auditOf(hall.id)).toEqual(['point.credential.issue']);
  });

  it('rotates: the new link works, the old one no longer does', async () => {
    const hall = point('Hội trường Xã Một');
    const first: IssuedCredential = (await issue(hall.id)).json();
    const second: IssuedCredential = (await issue(hall.id)).json();
    expect(second.token).not.toBe(first.token);
    expect(await units().findPointByToken(first.token)).toBeUndefined();
    expect((await units().findPointByToken(second.token))?.point.id).toBe(hall.id);
    expect(await auditOf(hall.id)).toEqual(['point.credential.issue', 'point.credential.rotate']);
  });

  it('revokes: no link works until a new one is issued', async () => {
    const room = point('Phòng họp');
    const before: IssuedCredential = (await issue(room.id)).json();
    const res = await revoke(room.id);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: room.id,
      credential: 'revoked',
      credentialRevokedAt: expect.any(String),
    });
    expect(await units().findPointByToken(before.token)).toBeUndefined();
    // Revoking again changes nothing and is not audited twice.
    expect((await revoke(room.id)).json()).toMatchObject({ credential: 'revoked' });
    const after: IssuedCredential = (await issue(room.id)).json();
    expect(await units().findPointByToken(before.token)).toBeUndefined();
    expect((await units().findPointByToken(after.token))?.point).toMatchObject({
      id: room.id,
      credential: 'active',
      credentialRevokedAt: null,
    });
    expect(await auditOf(room.id)).toEqual([
      'point.credential.issue',
      'point.credential.revoke',
      'point.credential.issue',
    ]);
    const [entry] = (await api.app.services.audit.query({ action: 'point.credential.revoke' })).items;
    expect(entry).toMatchObject({
      actorKind: 'admin',
      actorId: admin.accountId,
      targetKind: 'point',
      ip: '127.0.0.1',
    });
  });

  it('issues in bulk only to points that never had a link, once, as JSON or CSV', async () => {
    const revoked = point('Hội trường Tỉnh ủy');
    await revoke(revoked.id);
    const res = await api.request({ method: 'POST', url: '/api/points/credentials', as: admin.token });
    expect(res.statusCode).toBe(200);
    const { credentials } = res.json() as { credentials: IssuedCredential[] };
    expect(credentials.map((c) => c.pointName)).toEqual(['Xã Hai']);
    expect((await units().findPointByToken(credentials[0]!.token))?.point.name).toBe('Xã Hai');
    expect(await auditOf(point('Xã Hai').id)).toEqual(['point.credential.issue']);

    await importUnits(api, admin.token, unitsCsv('T-3,"Xã ""Ba"", mới",commune,T,'));
    const csv = await api.request({
      method: 'POST',
      url: '/api/points/credentials?format=csv',
      as: admin.token,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="join-links-[\d-]+\.csv"$/);
    const lines = csv.body.split('\r\n');
    expect(lines[0]).toBe('\uFEFFunit_code,unit_name,point_name,join_url');
    expect(lines[1]).toMatch(
      /^T-3,"Xã ""Ba"", mới","Xã ""Ba"", mới",https:\/\/diemcau\.example\/join\/[\w-]{43}$/,
    );
    expect(lines.slice(2)).toEqual(['']);

    const again = await api.request({ method: 'POST', url: '/api/points/credentials', as: admin.token });
    expect(again.json()).toEqual({ credentials: [] });
    const listed = await api.request({
      method: 'GET',
      url: '/api/points?credential=revoked',
      as: admin.token,
    });
    expect(listed.json().points.map((p: PointListItem) => p.id)).toEqual([revoked.id]);
  });

  it('answers NOT_FOUND for an unknown point and VALIDATION_FAILED for a malformed id', async () => {
    for (const res of [await issue('no-such-point'), await revoke('no-such-point')]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
    const bad = await api.request({ method: 'POST', url: '/api/points/%3Cx%3E/credential', as: admin.token });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });
});
