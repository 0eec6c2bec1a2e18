// No answer carries what an unexpected failure knows: every route of the OpenAPI document is
// called with its services failing (a path, a driver message and a stack in the error), and
// must answer 500 {"error":{"code":"INTERNAL","message":"internal error"}} with none of it.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InjectOptions } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from './helpers/accounts.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { canaryError, expectNoLeak } from './helpers/leak-canary.js';
import { OPERATOR, METRICS_TOKEN } from './helpers/operator.js';
import { sample } from './helpers/schema-sample.js';

const INTERNAL = { error: { code: 'INTERNAL', message: 'internal error' } };
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
/** Fits every path parameter's pattern: ids, watch slugs, HLS file names. */
const PARAMETER = 'leak-probe';
const HEALTH = ['/healthz', '/readyz', '/metrics'];

interface Operation {
  parameters?: { in: string; name: string; required?: boolean; schema?: Record<string, unknown> }[];
  requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }> };
}
interface Route {
  name: string;
  request: InjectOptions;
}

/** Every route the OpenAPI document lists, as a request its validation lets through. */
function routesOf(document: { paths: Record<string, Partial<Record<string, Operation>>> }): Route[] {
  return Object.entries(document.paths).flatMap(([template, operations]) =>
    METHODS.flatMap((method) => {
      const operation = operations[method];
      if (!operation) return [];
      // A path parameter with a pattern of its own gets a sample of it; the others an id.
      const pathSchemas = new Map(
        (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => [p.name, p.schema]),
      );
      const url = template.replace(/\{([^}]+)\}/g, (_whole, name: string) => {
        const schema = pathSchemas.get(name);
        return schema?.pattern ? String(sample(schema)) : PARAMETER;
      });
      const query = Object.fromEntries(
        (operation.parameters ?? [])
          .filter((p) => p.in === 'query' && p.required)
          .map((p) => [p.name, String(sample(p.schema ?? { type: 'string' }))]),
      );
      const content = operation.requestBody?.content ?? {};
      const json = content['application/json'];
      const other = Object.keys(content).find((type) => type !== 'application/json');
      const body: Partial<InjectOptions> = json
        ? {
            payload: JSON.stringify(sample(json.schema ?? {})),
            headers: { 'content-type': 'application/json' },
          }
        : other
          ? { payload: 'code,name\n', headers: { 'content-type': other } }
          : {};
      return [
        {
          name: `${method.toUpperCase()} ${template}`,
          request: { method: method.toUpperCase() as InjectOptions['method'], url, query, ...body },
        },
      ];
    }),
  );
}

/** Own and inherited methods of a service, short of Object's and EventEmitter's. */
function methodNames(object: object): string[] {
  const names = new Set<string>();
  for (
    let proto = Object.getPrototypeOf(object) as object | null;
    proto && proto !== Object.prototype && !Object.hasOwn(proto, 'setMaxListeners');
    proto = Object.getPrototypeOf(proto) as object | null
  ) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (name !== 'constructor' && typeof descriptor?.value === 'function') names.add(name);
    }
  }
  return [...names];
}

describe('error answers to unexpected failures', () => {
  let api: TestApi;
  let routes: Route[];
  let admin: { token: string };
  /** What the server knows of itself that no answer may name. */
  let ownPaths: string[];
  const restore: (() => void)[] = [];

  /** Makes `object[name]` fail with a fresh canary error until `undo()`: rejecting if it is async, else throwing. */
  function breakMethod(object: object, name: string): void {
    const target = object as Record<string, unknown>;
    const own = Object.getOwnPropertyDescriptor(target, name);
    const async = (target[name] as () => unknown).constructor.name === 'AsyncFunction';
    Object.defineProperty(target, name, {
      configurable: true,
      writable: true,
      value: async
        ? () => Promise.reject(canaryError())
        : () => {
            throw canaryError();
          },
    });
    restore.push(() => {
      if (own) Object.defineProperty(target, name, own);
      else delete target[name];
    });
  }
  const undo = () =>
    restore
      .splice(0)
      .reverse()
      .forEach((step) => step());

  async function answers(route: Route, headers: Record<string, string>) {
    const response = await api.request({
      ...route.request,
      headers: { ...(route.request.headers as Record<string, string>), ...headers },
    });
    expectNoLeak(route.name, response.body, ownPaths);
    return response;
  }

  beforeAll(async () => {
    api = await startTestApi('sqlite', { METRICS_TOKEN });
    admin = await signedIn(api, 'admin');
    const document = (await api.request({ method: 'GET', url: '/docs/json' })).json<
      Parameters<typeof routesOf>[0]
    >();
    routes = routesOf(document);
    ownPaths = [path.resolve(import.meta.dirname, '../..'), os.tmpdir()];
  });
  afterEach(undo);
  afterAll(async () => api?.close());

  it('finds the routes in the OpenAPI document', () => {
    const names = routes.map((r) => r.name);
    expect(names.length).toBeGreaterThan(30);
    expect(names).toEqual(expect.arrayContaining(['POST /api/auth/login', 'GET /api/conferences/{id}']));
  });

  it('answers INTERNAL on every API route when the session lookup fails', async () => {
    breakMethod(api.app.services.accounts, 'resolveSession');
    const wrong: string[] = [];
    // /api/tls is the server's, outside the API's authentication: it reads no session.
    const apiRoutes = routes.filter(
      (r) => String(r.request.url).startsWith('/api/') && r.name !== 'GET /api/tls',
    );
    for (const route of apiRoutes) {
      const response = await answers(route, { authorization: `Bearer ${admin.token}` });
      if (response.statusCode !== 500 || response.body !== JSON.stringify(INTERNAL))
        wrong.push(`${route.name}: ${response.statusCode} ${response.body}`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers INTERNAL on every route whose services fail, for an admin', async () => {
    const { services, recordingControl, liveControl } = api.app;
    const { sessions, twoFactor } = services.accounts;
    for (const service of [...Object.values(services), sessions, twoFactor, recordingControl, liveControl]) {
      for (const name of methodNames(service)) {
        // The admin stays signed in: the failure is the route's own.
        if (service === services.accounts && name === 'resolveSession') continue;
        if (service === sessions && name === 'resolve') continue;
        breakMethod(service, name);
      }
    }
    const unbroken: string[] = [];
    for (const route of routes) {
      // The health routes as the public calls them: an operator may read paths there by design.
      const health = HEALTH.includes(String(route.request.url));
      const response = await answers(route, health ? {} : { authorization: `Bearer ${admin.token}` });
      if (response.statusCode === 500) expect(response.json(), route.name).toEqual(INTERNAL);
      else unbroken.push(`${route.name}: ${response.statusCode} ${response.body.slice(0, 200)}`);
    }
    // These need no service: the server's TLS status and its health, as the public reads them.
    expect(unbroken.map((line) => line.split(':')[0]).sort(), unbroken.join('\n')).toEqual(
      ['GET /api/tls', ...HEALTH.map((url) => `GET ${url}`)].sort(),
    );
  });

  it('answers INTERNAL on the health routes when what they check fails', async () => {
    const { app } = api;
    breakMethod(app.database, 'check');
    breakMethod(app.redis, 'check');
    Object.defineProperty(app.pool, 'alive', {
      configurable: true,
      get: () => {
        throw canaryError();
      },
    });
    restore.push(() => delete (app.pool as unknown as Record<string, unknown>).alive);
    for (const [url, headers] of [
      ['/readyz', {}],
      ['/readyz', OPERATOR],
      ['/metrics', OPERATOR],
    ] as const) {
      const response = await answers({ name: `GET ${url}`, request: { method: 'GET', url } }, headers);
      expect(response.statusCode, url).toBe(500);
      expect(response.json()).toEqual(INTERNAL);
    }
  });
});

describe('answers of the routes the OpenAPI document leaves out', () => {
  it('names no path when the web client files are missing', async () => {
    // An existing but empty WEB_CLIENT_DIR: the pages are registered and every file is missing.
    const webClientDir = mkdtempSync(path.join(os.tmpdir(), 'leak-canary-web-'));
    const api = await startTestApi('sqlite', { WEB_CLIENT_DIR: webClientDir });
    try {
      for (const url of [
        '/',
        '/join/leak-probe',
        '/watch/leak-probe',
        '/assets/app.js',
        '/tls/root-ca.crt',
      ]) {
        const response = await api.request({ method: 'GET', url });
        expect(response.statusCode, url).toBeGreaterThanOrEqual(400);
        expectNoLeak(`GET ${url}`, response.body, [webClientDir, path.resolve(import.meta.dirname, '../..')]);
      }
    } finally {
      await api.close();
      rmSync(webClientDir, { recursive: true, force: true });
    }
  });
});
