import type { Conference, ViewerToken } from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/auth/tokens.js';
import { signedIn } from './helpers/accounts.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { DIALECTS } from './helpers/databases.js';
import { insertTree, twoTier, type Tree } from './helpers/tree-fixture.js';

describe.each(DIALECTS)('watch pages on %s', (kind) => {
  let api: TestApi;
  let host: string;
  let tree: Tree;

  beforeAll(async () => {
    api = await startTestApi(kind);
    host = (await signedIn(api, 'host')).token;
    tree = await insertTree(api.app.database.db, twoTier('W'));
  });
  afterAll(async () => api.close());

  async function schedule(body: Record<string, unknown>): Promise<Conference> {
    const res = await api.request({
      method: 'POST',
      url: '/api/conferences',
      as: host,
      payload: {
        title: 'Chung kết',
        description: 'Hội thi tuyên truyền',
        scheduledStart: '2030-06-01T01:00:00Z',
        invite: { units: [tree.unitId('W')] },
        ...body,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }

  const watch = (slug: string, options: { t?: string; bearer?: string } = {}) =>
    api.request({
      method: 'GET',
      url: `/api/watch/${slug}${options.t === undefined ? '' : `?t=${encodeURIComponent(options.t)}`}`,
      ...(options.bearer ? { as: options.bearer } : {}),
    });

  async function viewerToken(id: string): Promise<ViewerToken> {
    const res = await api.request({ method: 'POST', url: `/api/conferences/${id}/viewer-token`, as: host });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  it('shows a public page to anyone, following the conference’s status', async () => {
    const c = await schedule({ watchAccess: 'public', watchSlug: 'chung-ket-2030' });
    const res = await watch('chung-ket-2030');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      title: 'Chung kết',
      description: 'Hội thi tuyên truyền',
      status: 'scheduled',
      scheduledStart: '2030-06-01T01:00:00.000Z',
    });
    await api.request({ method: 'POST', url: `/api/conferences/${c.id}/start`, as: host });
    expect((await watch('chung-ket-2030')).json().status).toBe('live');
  });

  it('makes up an address when a watch page is asked for without one', async () => {
    const c = await schedule({ watchAccess: 'public' });
    expect(c.watchSlug).toMatch(/^[a-z0-9]{16}$/);
    expect((await watch(c.watchSlug ?? '')).statusCode).toBe(200);
  });

  it('answers 404 for watch access none and for unknown addresses', async () => {
    await schedule({ watchSlug: 'closed-event' }); // a slug, but no watch page
    for (const slug of ['closed-event', 'no-such-page', 'NOT_A_SLUG']) {
      const res = await watch(slug);
      expect(res.statusCode, slug).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
  });

  it('refuses a taken address with 409 CONFLICT, on create and on update', async () => {
    await schedule({ watchAccess: 'public', watchSlug: 'taken-slug' });
    const again = await api.request({
      method: 'POST',
      url: '/api/conferences',
      as: host,
      payload: {
        title: 'Again',
        scheduledStart: '2030-06-01T01:00:00Z',
        invite: {},
        watchAccess: 'public',
        watchSlug: 'taken-slug',
      },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({
      code: 'CONFLICT',
      message: 'the watch address "taken-slug" is taken',
    });
    const other = await schedule({ watchAccess: 'public', watchSlug: 'other-slug' });
    const moved = await api.request({
      method: 'PATCH',
      url: `/api/conferences/${other.id}`,
      as: host,
      payload: { watchSlug: 'taken-slug', title: 'Not saved' },
    });
    expect(moved.statusCode).toBe(409);
    const kept = await api.request({ method: 'GET', url: `/api/conferences/${other.id}`, as: host });
    expect(kept.json()).toMatchObject({ watchSlug: 'other-slug', title: 'Chung kết' });
  });

  describe('token-protected pages', () => {
    let c: Conference;
    let issued: ViewerToken;

    beforeAll(async () => {
      c = await schedule({ watchAccess: 'token', watchSlug: 'private-final' });
      issued = await viewerToken(c.id);
    });

    it('issues a token once, stores only its hash and gives the watch URL', async () => {
      expect(issued.watchUrl).toBe(`https://diemcau.example/watch/private-final?t=${issued.token}`);
      const row = await api.app.database.db
        .selectFrom('conferences')
        .select('viewer_token_hash')
        .where('id', '=', c.id)
        .executeTakeFirstOrThrow();
      expect(row.viewer_token_hash).toBe(hashToken(issued.token));
    });

    it('needs the token, as ?t= or as a Bearer header', async () => {
      const missing = await watch('private-final');
      expect(missing.statusCode).toBe(401);
      expect(missing.json().error.code).toBe('UNAUTHENTICATED');
      expect((await watch('private-final', { t: 'wrong' })).statusCode).toBe(401);
      expect((await watch('private-final', { bearer: 'wrong-token-wrong-token' })).statusCode).toBe(401);
      expect((await watch('private-final', { t: issued.token })).statusCode).toBe(200);
      expect((await watch('private-final', { bearer: issued.token })).json().title).toBe('Chung kết');
    });

    it('replaces the token when issued again', async () => {
      const other = await schedule({ watchAccess: 'token', watchSlug: 'reissued' });
      const first = await viewerToken(other.id);
      const second = await viewerToken(other.id);
      expect((await watch('reissued', { t: first.token })).statusCode).toBe(401);
      expect((await watch('reissued', { t: second.token })).statusCode).toBe(200);
      // Another page's token opens nothing here.
      expect((await watch('reissued', { t: issued.token })).statusCode).toBe(401);
    });

    it('retires the token when the page leaves token access', async () => {
      const other = await schedule({ watchAccess: 'token', watchSlug: 'switching' });
      const { token } = await viewerToken(other.id);
      const patch = (watchAccess: string) =>
        api.request({
          method: 'PATCH',
          url: `/api/conferences/${other.id}`,
          as: host,
          payload: { watchAccess },
        });
      expect((await patch('public')).statusCode).toBe(200);
      expect((await watch('switching')).statusCode).toBe(200);
      expect((await patch('token')).statusCode).toBe(200);
      expect((await watch('switching', { t: token })).statusCode).toBe(401);
    });

    it('never turns a viewer token into a join token', async () => {
      await api.request({ method: 'POST', url: `/api/conferences/${c.id}/start`, as: host });
      const join = await api.request({
        method: 'POST',
        url: '/api/join',
        payload: { token: issued.token },
        remoteAddress: '10.5.0.1',
      });
      expect(join.statusCode).toBe(404);
      const unknown = await api.request({
        method: 'POST',
        url: '/api/join',
        payload: { token: 'v'.repeat(43) },
        remoteAddress: '10.5.0.1',
      });
      expect(join.json()).toEqual(unknown.json());
      // Nor is it any principal on the API.
      const asBearer = await api.request({
        method: 'GET',
        url: `/api/conferences/${c.id}`,
        as: issued.token,
      });
      expect(asBearer.statusCode).toBe(401);
    });
  });

  it('issues viewer tokens only for token pages, only to hosts and admins', async () => {
    const open = await schedule({ watchAccess: 'public' });
    const none = await schedule({});
    for (const id of [open.id, none.id]) {
      const res = await api.request({ method: 'POST', url: `/api/conferences/${id}/viewer-token`, as: host });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('CONFLICT');
    }
    const missing = await api.request({
      method: 'POST',
      url: '/api/conferences/nope/viewer-token',
      as: host,
    });
    expect(missing.statusCode).toBe(404);
    const guarded = await schedule({ watchAccess: 'token' });
    const anonymous = await api.request({
      method: 'POST',
      url: `/api/conferences/${guarded.id}/viewer-token`,
    });
    expect(anonymous.statusCode).toBe(401);
    const { token: pointToken } = api.app.services.joinTokens.mint({
      conferenceId: guarded.id,
      role: 'point',
      pointId: tree.point('W').id,
    });
    const point = await api.request({
      method: 'POST',
      url: `/api/conferences/${guarded.id}/viewer-token`,
      as: pointToken,
    });
    expect(point.statusCode).toBe(403);
  });
});
