import type { Destination } from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from './helpers/accounts.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { DIALECTS } from './helpers/databases.js';

const KEY = 'live-abcd-SECRETKEY-9876';

describe.each(DIALECTS)('livestream destinations on %s', (kind) => {
  let api: TestApi;
  let host: string;
  let admin: string;

  beforeAll(async () => {
    api = await startTestApi(kind);
    host = (await signedIn(api, 'host')).token;
    admin = (await signedIn(api, 'admin')).token;
  });
  afterAll(async () => api.close());

  async function add(payload: Record<string, unknown>, as = host): Promise<Destination> {
    const res = await api.request({ method: 'POST', url: '/api/destinations', as, payload });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.body).not.toContain('SECRETKEY');
    return res.json();
  }

  const sealedColumn = async (id: string) =>
    (
      await api.app.database.db
        .selectFrom('stream_destinations')
        .select('stream_key_sealed')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).stream_key_sealed;

  it('stores a YouTube destination with the preset URL, the key sealed and shown only as a hint', async () => {
    const d = await add({ name: 'Kênh YouTube', platform: 'youtube', streamKey: KEY });
    expect(d).toMatchObject({
      name: 'Kênh YouTube',
      platform: 'youtube',
      url: 'rtmp://a.rtmp.youtube.com/live2',
      streamKeySet: true,
      streamKeyHint: '••••9876',
    });
    expect(d).not.toHaveProperty('streamKey');
    const sealed = await sealedColumn(d.id);
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('SECRETKEY');
    expect(await api.app.services.destinations.streamTarget(d.id)).toEqual({
      id: d.id,
      name: 'Kênh YouTube',
      platform: 'youtube',
      url: 'rtmp://a.rtmp.youtube.com/live2',
      streamKey: KEY,
    });
  });

  it('uses the Facebook preset and takes a custom rtmps server from an admin', async () => {
    const fb = await add({ name: 'Fanpage', platform: 'facebook', streamKey: 'FB-1234567890' });
    expect(fb.url).toBe('rtmps://live-api-s.facebook.com:443/rtmp/');
    const own = await add(
      { name: 'Máy chủ tỉnh', platform: 'rtmp', url: 'rtmps://stream.example.vn:1936/live', streamKey: 'k' },
      admin,
    );
    expect(own).toMatchObject({ url: 'rtmps://stream.example.vn:1936/live', streamKeyHint: '••••' });
  });

  it('refuses bad URLs, a URL for a preset platform, unknown fields and an empty key, storing nothing', async () => {
    const before = (await api.request({ method: 'GET', url: '/api/destinations', as: host })).json().items
      .length;
    for (const payload of [
      { name: 'x', platform: 'rtmp', streamKey: KEY },
      { name: 'x', platform: 'rtmp', url: 'http://example.com/live', streamKey: KEY },
      { name: 'x', platform: 'rtmp', url: 'rtmp://example.com', streamKey: KEY },
      { name: 'x', platform: 'youtube', url: 'rtmp://example.com/live', streamKey: KEY },
      { name: 'x', platform: 'youtube', streamKey: '' },
      { name: 'x', platform: 'twitch', streamKey: KEY },
      { name: 'x', platform: 'youtube', streamKey: KEY, owner: 'me' },
    ]) {
      const res = await api.request({ method: 'POST', url: '/api/destinations', as: host, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.body).not.toContain('SECRETKEY');
    }
    const after = (await api.request({ method: 'GET', url: '/api/destinations', as: host })).json().items
      .length;
    expect(after).toBe(before);
  });

  it('lists, renames, replaces the key, changes an RTMP URL and deletes', async () => {
    const d = await add({ name: 'B relay', platform: 'rtmp', url: 'rtmp://10.0.0.5/live', streamKey: KEY });
    const sealedBefore = await sealedColumn(d.id);

    const list = await api.request({ method: 'GET', url: '/api/destinations', as: host });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((i: Destination) => i.id)).toContain(d.id);
    expect(list.body).not.toContain('SECRETKEY');

    const patch = (payload: Record<string, unknown>) =>
      api.request({ method: 'PATCH', url: `/api/destinations/${d.id}`, as: host, payload });
    const renamed = await patch({ name: 'A relay', url: 'rtmp://10.0.0.6:1935/app/x' });
    expect(renamed.json()).toMatchObject({
      name: 'A relay',
      url: 'rtmp://10.0.0.6:1935/app/x',
      streamKeyHint: '••••9876',
    });
    expect(await sealedColumn(d.id)).toBe(sealedBefore);

    const rekeyed = await patch({ streamKey: 'new-key-00001111' });
    expect(rekeyed.statusCode).toBe(200);
    expect(rekeyed.json().streamKeyHint).toBe('••••1111');
    expect(await sealedColumn(d.id)).not.toBe(sealedBefore);
    expect((await api.app.services.destinations.streamTarget(d.id)).streamKey).toBe('new-key-00001111');

    expect((await patch({ url: 'ftp://10.0.0.6/live' })).statusCode).toBe(400);
    expect((await patch({ streamKey: KEY, platform: 'youtube' })).json().error.code).toBe(
      'VALIDATION_FAILED',
    );

    const del = await api.request({ method: 'DELETE', url: `/api/destinations/${d.id}`, as: host });
    expect(del.statusCode).toBe(204);
    const gone = await api.request({ method: 'GET', url: `/api/destinations/${d.id}`, as: host });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe('NOT_FOUND');
    expect(
      (await api.request({ method: 'DELETE', url: `/api/destinations/${d.id}`, as: host })).statusCode,
    ).toBe(404);
  });

  it('keeps a preset platform’s URL fixed', async () => {
    const d = await add({ name: 'YT', platform: 'youtube', streamKey: KEY });
    const res = await api.request({
      method: 'PATCH',
      url: `/api/destinations/${d.id}`,
      as: host,
      payload: { url: 'rtmp://elsewhere.example/live' },
    });
    expect(res.statusCode).toBe(400);
    expect((await api.app.services.destinations.get(d.id)).url).toBe('rtmp://a.rtmp.youtube.com/live2');
  });

  it('audits create, update and delete without the key', async () => {
    const d = await add({ name: 'Audited', platform: 'youtube', streamKey: KEY });
    await api.request({
      method: 'PATCH',
      url: `/api/destinations/${d.id}`,
      as: host,
      payload: { streamKey: `${KEY}-2` },
    });
    await api.request({ method: 'DELETE', url: `/api/destinations/${d.id}`, as: host });
    const res = await api.request({ method: 'GET', url: `/api/audit?targetId=${d.id}`, as: admin });
    expect(res.statusCode, res.body).toBe(200);
    const entries = res.json().items as { action: string; details: unknown }[];
    expect(entries.map((e) => e.action).sort()).toEqual([
      'destination.create',
      'destination.delete',
      'destination.update',
    ]);
    expect(entries.find((e) => e.action === 'destination.update')?.details).toEqual({
      fields: ['streamKey'],
    });
    expect(res.body).not.toContain('SECRETKEY');
  });

  it('shows a key sealed under another server secret as not set, instead of failing the list', async () => {
    const d = await add({ name: 'Old secret', platform: 'youtube', streamKey: KEY });
    await api.app.database.db
      .updateTable('stream_destinations')
      .set({ stream_key_sealed: 'v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })
      .where('id', '=', d.id)
      .execute();
    const got = await api.request({ method: 'GET', url: `/api/destinations/${d.id}`, as: host });
    expect(got.json()).toMatchObject({ streamKeySet: false, streamKeyHint: '' });
    await expect(api.app.services.destinations.streamTarget(d.id)).rejects.toMatchObject({
      code: 'SECRET_UNREADABLE',
    });
  });

  it('refuses anonymous callers (401) and bridge points (403) on every route', async () => {
    const point = api.app.services.joinTokens.mint({
      conferenceId: 'c1',
      role: 'point',
      pointId: 'p1',
    }).token;
    for (const [method, url] of [
      ['POST', '/api/destinations'],
      ['GET', '/api/destinations'],
      ['GET', '/api/destinations/x'],
      ['PATCH', '/api/destinations/x'],
      ['DELETE', '/api/destinations/x'],
    ] as const) {
      const payload = method === 'POST' || method === 'PATCH' ? {} : undefined;
      const res = await api.request({ method, url, payload });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
      const asPoint = await api.request({ method, url, as: point, payload });
      expect(asPoint.statusCode, `${method} ${url}`).toBe(403);
      expect(asPoint.json().error.code).toBe('FORBIDDEN');
    }
  });
});
