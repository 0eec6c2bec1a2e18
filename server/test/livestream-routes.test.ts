import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Conference } from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from './helpers/accounts.js';
import { startTestApi, type TestApi } from './helpers/api.js';

/*
 * The livestream's REST edges and HLS serving, without media: what is refused
 * and why, and who may fetch /hls/<slug>/ files.
 */
describe('livestream routes and HLS serving (sqlite)', () => {
  let api: TestApi;
  let dataDir: string;
  let host: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-live-'));
    api = await startTestApi('sqlite', { DATA_DIR: dataDir });
    ({ token: host } = await signedIn(api, 'host'));
  });
  afterAll(async () => {
    await api.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function conference(watch: Record<string, unknown>): Promise<Conference> {
    const res = await api.request({
      method: 'POST',
      url: '/api/conferences',
      as: host,
      payload: { title: 'Chung kết', scheduledStart: '2030-01-01T02:00:00Z', invite: {}, ...watch },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Conference>();
  }

  function writeStream(slug: string): void {
    fs.mkdirSync(path.join(dataDir, 'hls', slug), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'hls', slug, 'index.m3u8'), '#EXTM3U\n#EXT-X-TARGETDURATION:1\n');
    fs.writeFileSync(path.join(dataDir, 'hls', slug, 'seg-00001.ts'), Buffer.alloc(188, 0x47));
  }

  it('serves a public page’s playlist and segments, with caching fit for each', async () => {
    const c = await conference({ watchAccess: 'public', watchSlug: 'chung-ket' });
    expect(c.watchSlug).toBe('chung-ket');
    expect((await api.request({ url: '/hls/chung-ket/index.m3u8' })).statusCode).toBe(404);
    writeStream('chung-ket');
    const playlist = await api.request({ url: '/hls/chung-ket/index.m3u8' });
    expect(playlist.statusCode).toBe(200);
    expect(playlist.headers['content-type']).toContain('application/vnd.apple.mpegurl');
    expect(playlist.headers['cache-control']).toBe('no-cache');
    expect(playlist.body).toContain('#EXTM3U');
    const segment = await api.request({ url: '/hls/chung-ket/seg-00001.ts' });
    expect(segment.statusCode).toBe(200);
    expect(segment.rawPayload.length).toBe(188);
    expect(segment.headers['cache-control']).toBe('public, max-age=30');
  });

  it('asks a token page’s viewer token, and never serves outside the stream’s folder', async () => {
    const c = await conference({ watchAccess: 'token', watchSlug: 'noi-bo' });
    writeStream('noi-bo');
    const token = (
      await api.request({ method: 'POST', url: `/api/conferences/${c.id}/viewer-token`, as: host })
    ).json<{ token: string }>().token;
    const anonymous = await api.request({ url: '/hls/noi-bo/index.m3u8' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('UNAUTHENTICATED');
    expect((await api.request({ url: '/hls/noi-bo/index.m3u8', as: token })).statusCode).toBe(200);
    const byQuery = await api.request({ url: `/hls/noi-bo/seg-00001.ts?t=${token}` });
    expect(byQuery.statusCode).toBe(200);
    expect(byQuery.headers['cache-control']).toBe('private, max-age=30');
    for (const url of [
      '/hls/noi-bo/..%2F..%2Fsecret.key',
      '/hls/noi-bo/index.txt',
      '/hls/..%2Fx/index.m3u8',
    ]) {
      expect((await api.request({ url, as: token })).statusCode, url).toBe(404);
    }
    await conference({ watchAccess: 'none' });
    expect((await api.request({ url: '/hls/khong-co/index.m3u8' })).statusCode).toBe(404);
  });

  it('refuses to go live when the conference is not live, and lets only hosts and admins ask', async () => {
    const c = await conference({ watchAccess: 'public' });
    const url = `/api/conferences/${c.id}/live`;
    const notLive = await api.request({ method: 'POST', url, as: host, payload: { destinationIds: [] } });
    expect(notLive.statusCode).toBe(409);
    expect(notLive.json().error.message).toMatch(/not live/);
    const unknownField = await api.request({ method: 'POST', url, as: host, payload: { hls: true } });
    expect(unknownField.statusCode).toBe(400);
    const status = await api.request({ url, as: host });
    expect(status.statusCode).toBe(404);
    expect((await api.request({ method: 'DELETE', url, as: host })).statusCode).toBe(404);
    for (const method of ['GET', 'POST', 'DELETE'] as const) {
      const res = await api.request({
        method,
        url,
        payload: method === 'POST' ? { destinationIds: [] } : undefined,
      });
      expect(res.statusCode, method).toBe(401);
    }
  });
});
