import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from './helpers/accounts.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { insertTree, twoTier, type Tree } from './helpers/tree-fixture.js';

/** A stand-in for web-client/dist: each page says which one it is. */
function fakeBuild(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-dist-'));
  for (const page of ['index', 'join', 'watch']) {
    fs.writeFileSync(path.join(dir, `${page}.html`), `<!doctype html><title>${page} page</title>`);
  }
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'assets', 'console-abc123.js'), 'console.log("console");');
  return dir;
}

/** The CSP directives of a response, by name. */
function csp(header: string | string[] | number | undefined): Map<string, string[]> {
  expect(typeof header).toBe('string');
  return new Map(
    String(header)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

describe('web client pages', () => {
  let api: TestApi;
  let dist: string;
  let tree: Tree;

  beforeAll(async () => {
    dist = fakeBuild();
    api = await startTestApi('sqlite', { WEB_CLIENT_DIR: dist });
    tree = await insertTree(api.app.database.db, twoTier('PG'));
  });
  afterAll(async () => {
    await api.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  const page = (url: string, method: 'GET' | 'HEAD' = 'GET') => api.request({ method, url });

  it('serves the console at /, the join page at /join/<token> and the viewer page at /watch/<slug>', async () => {
    const cases = [
      ['/', 'index page'],
      [`/join/${tree.point('PG-C1').token}`, 'join page'],
      ['/watch/chung-ket-2030?t=viewer-token', 'watch page'],
    ] as const;
    for (const [url, title] of cases) {
      const res = await page(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.body, url).toBe(`<!doctype html><title>${title}</title>`);
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
  });

  it('sends a strict policy that lets the pages run scripts, media and signalling from this origin only', async () => {
    for (const url of ['/', '/join/abc', '/watch/abc']) {
      const directives = csp((await page(url)).headers['content-security-policy']);
      expect(directives.get('default-src'), url).toEqual(["'self'"]);
      expect(directives.get('script-src'), url).toEqual(["'self'"]);
      expect(directives.get('style-src'), url).toEqual(["'self'"]);
      expect(directives.get('media-src'), url).toEqual(["'self'", 'blob:']);
      expect(directives.get('connect-src'), url).toEqual(["'self'", 'ws:', 'wss:']);
      expect(directives.get('object-src'), url).toEqual(["'none'"]);
      expect(directives.get('frame-ancestors'), url).toEqual(["'none'"]);
      // Would send the page's scripts to https on a plain-http LAN address.
      expect(directives.has('upgrade-insecure-requests'), url).toBe(false);
    }
  });

  it('answers the join page without looking at the token: same file, no cookie, nothing audited', async () => {
    const admin = await signedIn(api, 'admin');
    const point = tree.point('PG-C2');
    const real = await page(`/join/${point.token}`);
    const bogus = await page('/join/not-a-token-at-all');
    expect(bogus.statusCode).toBe(200);
    expect(real.body).toBe(bogus.body);
    expect(real.body).not.toContain(point.token);
    expect(real.headers['set-cookie']).toBeUndefined();
    expect(real.headers['x-robots-tag']).toBe('noindex');
    // The token is in the address: the page must not hand it to anyone in a Referer.
    expect(real.headers['referrer-policy']).toBe('no-referrer');
    const audit = await api.request({ method: 'GET', url: '/api/audit?limit=500', as: admin.token });
    expect(audit.statusCode).toBe(200);
    const actions = (audit.json() as { items: { action: string }[] }).items.map((e) => e.action);
    expect(actions.filter((a) => a.startsWith('join.'))).toEqual([]);
  });

  it('answers a link cut short with the page, which explains it better than a bare 404', async () => {
    expect((await page('/join/')).body).toBe('<!doctype html><title>join page</title>');
    expect((await page('/watch/')).body).toBe('<!doctype html><title>watch page</title>');
  });

  it('answers HEAD like GET, without a body', async () => {
    const res = await page('/join/abc', 'HEAD');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toBe('');
  });

  it('leaves the API, the assets and unknown paths alone', async () => {
    const api404 = await page('/api/watch/chung-ket-2030');
    expect(api404.statusCode).toBe(404);
    expect(api404.json().error.code).toBe('NOT_FOUND');
    const asset = await page('/assets/console-abc123.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toBe('console.log("console");');
    for (const url of ['/join/a/b', '/watch/a/b', '/nothing-here']) {
      const res = await page(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code, url).toBe('NOT_FOUND');
    }
  });
});

describe('without a built web client', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi('sqlite', { WEB_CLIENT_DIR: path.join(os.tmpdir(), 'diemcau-no-such-dist') });
  });
  afterAll(async () => api.close());

  it('has no pages, only the API', async () => {
    for (const url of ['/', '/join/abc', '/watch/abc']) {
      expect((await api.request({ method: 'GET', url })).statusCode, url).toBe(404);
    }
    expect((await api.request({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});
