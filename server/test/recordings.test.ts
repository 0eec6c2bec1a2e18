import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Recording } from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../src/conferences/conference-service.js';
import { signedIn } from './helpers/accounts.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { DIALECTS } from './helpers/databases.js';
import { insertTree, twoTier, type Tree } from './helpers/tree-fixture.js';

const SYSTEM: Caller = { actor: { kind: 'system' }, ip: null };

describe.each(DIALECTS)('recordings on %s', (kind) => {
  let api: TestApi;
  let host: string;
  let hostId: string;
  let dataDir: string;
  let recordingsDir: string;
  let tree: Tree;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-rec-'));
    recordingsDir = path.join(dataDir, 'recordings');
    api = await startTestApi(kind, { DATA_DIR: dataDir });
    ({ token: host, accountId: hostId } = await signedIn(api, 'host'));
    tree = await insertTree(api.app.database.db, twoTier('R'));
  });
  afterAll(async () => {
    await api.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const recordings = () => api.app.services.recordings;
  const hostCaller = (): Caller => ({
    actor: {
      kind: 'account',
      accountId: hostId,
      username: 'h',
      displayName: 'H',
      role: 'host',
      sessionId: 's',
    },
    ip: '127.0.0.1',
  });

  async function conference(): Promise<string> {
    const res = await api.request({
      method: 'POST',
      url: '/api/conferences',
      as: host,
      payload: { title: 'Ghi hình', scheduledStart: '2030-01-01T02:00:00Z', invite: {} },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }

  /** Writes `bytes` distinct-ish bytes where the media-worker would. */
  function writeMedia(recordingId: string, name: string, bytes: number): Buffer {
    const content = Buffer.from(Array.from({ length: bytes }, (_, i) => (i * 7 + 3) % 256));
    fs.mkdirSync(path.join(recordingsDir, recordingId), { recursive: true });
    fs.writeFileSync(path.join(recordingsDir, recordingId, name), content);
    return content;
  }

  /** A ready recording with a programme file and one point's track, both on disk. */
  async function readyRecording(conferenceId: string) {
    const rec = await recordings().create(conferenceId, hostCaller(), 'grid');
    const programme = writeMedia(rec.id, 'programme.mp4', 1000);
    writeMedia(rec.id, 'track-p.mkv', 300);
    await recordings().markFinalising(rec.id);
    const file = await recordings().addFile(rec.id, {
      output: 'programme',
      pointId: null,
      path: `${rec.id}/programme.mp4`,
      bytes: 1000,
      durationMs: 61_500,
      codecs: ['h264', 'aac'],
    });
    await recordings().addFile(rec.id, {
      output: 'track',
      pointId: tree.point('R-C1').id,
      path: `${rec.id}/track-p.mkv`,
      bytes: 300,
      durationMs: 61_000,
      codecs: ['vp8', 'opus'],
    });
    await recordings().markReady(rec.id);
    return { rec, file, programme };
  }

  it('moves a recording through recording → finalising → ready and records who started it', async () => {
    const conferenceId = await conference();
    const rec = await recordings().create(conferenceId, hostCaller(), 'speaker');
    expect(rec).toMatchObject({
      conferenceId,
      status: 'recording',
      layout: 'speaker',
      stoppedAt: null,
      createdBy: hostId,
      error: null,
      files: [],
    });
    const finalising = await recordings().markFinalising(rec.id);
    expect(finalising.status).toBe('finalising');
    expect(Date.parse(finalising.stoppedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(rec.startedAt));
    const ready = await recordings().markReady(rec.id);
    expect(ready).toMatchObject({ status: 'ready', stoppedAt: finalising.stoppedAt });
    await expect(recordings().markReady(rec.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(recordings().markFinalising(rec.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(recordings().markFailed('nope', 'X', 'y')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('records one recording at a time per conference, and only of a known conference', async () => {
    const conferenceId = await conference();
    const first = await recordings().create(conferenceId, SYSTEM, 'speaker');
    await expect(recordings().create(conferenceId, SYSTEM, 'grid')).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const failed = await recordings().markFailed(first.id, 'WORKER_LOST', 'no media-worker took the job');
    expect(failed).toMatchObject({
      status: 'failed',
      createdBy: null,
      error: { code: 'WORKER_LOST', message: 'no media-worker took the job' },
    });
    expect((await recordings().create(conferenceId, SYSTEM, 'grid')).status).toBe('recording');
    await expect(recordings().create('no-such-conference', SYSTEM, 'grid')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('starts recording only a live conference, and stops only a running recording (409)', async () => {
    const conferenceId = await conference();
    const start = await api.request({
      method: 'POST',
      url: `/api/conferences/${conferenceId}/recordings`,
      as: host,
      payload: { layout: 'speaker' },
    });
    expect(start.statusCode).toBe(409);
    expect(start.json().error).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/not live/),
    });
    const grid = await api.request({
      method: 'POST',
      url: `/api/conferences/${conferenceId}/recordings`,
      as: host,
      payload: { layout: 'grid' },
    });
    // The grid layout is as good as the speaker's: refused only because the conference is not live.
    expect(grid.statusCode).toBe(409);
    expect(grid.json().error).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/not live/) });
    const badLayout = await api.request({
      method: 'POST',
      url: `/api/conferences/${conferenceId}/recordings`,
      as: host,
      payload: { layout: 'mosaic' },
    });
    expect(badLayout.statusCode).toBe(400);
    const { rec } = await readyRecording(conferenceId);
    const stop = await api.request({ method: 'POST', url: `/api/recordings/${rec.id}/stop`, as: host });
    expect(stop.statusCode).toBe(409);
    expect(stop.json().error.message).toMatch(/is ready, not recording/);
    const missing = await api.request({ method: 'POST', url: '/api/recordings/nope/stop', as: host });
    expect(missing.statusCode).toBe(404);
  });

  it('accepts only files inside the recording’s folder, with a point for tracks only', async () => {
    const rec = await recordings().create(await conference(), SYSTEM, 'speaker');
    const file = { output: 'programme' as const, pointId: null, bytes: 1, durationMs: 1, codecs: [] };
    for (const bad of [
      `${rec.id}/../x.mp4`,
      '../secret.key',
      'other/programme.mp4',
      `/tmp/${rec.id}/a.mp4`,
    ]) {
      await expect(recordings().addFile(rec.id, { ...file, path: bad }), bad).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    }
    await expect(
      recordings().addFile(rec.id, { ...file, output: 'track', path: `${rec.id}/t.mkv` }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await recordings().markFailed(rec.id, 'X', 'stopped');
    await expect(recordings().addFile(rec.id, { ...file, path: `${rec.id}/late.mp4` })).rejects.toMatchObject(
      {
        code: 'CONFLICT',
      },
    );
  });

  it('lists a conference’s recordings with their files, newest first', async () => {
    const conferenceId = await conference();
    const older = await readyRecording(conferenceId);
    const newer = await recordings().create(conferenceId, SYSTEM, 'speaker');
    const res = await api.request({
      method: 'GET',
      url: `/api/conferences/${conferenceId}/recordings`,
      as: host,
    });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Recording[];
    expect(items.map((r) => r.id)).toEqual([newer.id, older.rec.id]);
    expect(items[1]?.files).toEqual([
      {
        id: older.file.id,
        output: 'programme',
        pointId: null,
        fileName: 'programme.mp4',
        bytes: 1000,
        durationMs: 61_500,
        codecs: ['h264', 'aac'],
        createdAt: older.file.createdAt,
        downloadUrl: `/api/recordings/${older.rec.id}/files/${older.file.id}/download`,
      },
      expect.objectContaining({ output: 'track', pointId: tree.point('R-C1').id, fileName: 'track-p.mkv' }),
    ]);
    const one = await api.request({ method: 'GET', url: `/api/recordings/${older.rec.id}`, as: host });
    expect(one.json()).toEqual(items[1]);
    const missing = await api.request({ method: 'GET', url: '/api/conferences/nope/recordings', as: host });
    expect(missing.statusCode).toBe(404);
  });

  it('downloads a file whole and by byte range', async () => {
    const { rec, file, programme } = await readyRecording(await conference());
    const url = `/api/recordings/${rec.id}/files/${file.id}/download`;

    const whole = await api.request({ method: 'GET', url, as: host });
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['content-type']).toBe('video/mp4');
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.headers['content-disposition']).toBe('attachment; filename="programme.mp4"');
    expect(whole.rawPayload.equals(programme)).toBe(true);

    const part = await api.request({ method: 'GET', url, as: host, headers: { range: 'bytes=100-199' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe('bytes 100-199/1000');
    expect(part.headers['content-length']).toBe('100');
    expect(part.rawPayload.equals(programme.subarray(100, 200))).toBe(true);

    const tail = await api.request({ method: 'GET', url, as: host, headers: { range: 'bytes=-10' } });
    expect(tail.headers['content-range']).toBe('bytes 990-999/1000');
    expect(tail.rawPayload.equals(programme.subarray(990))).toBe(true);

    const past = await api.request({ method: 'GET', url, as: host, headers: { range: 'bytes=5000-' } });
    expect(past.statusCode).toBe(416);
    expect(past.headers['content-range']).toBe('bytes */1000');
  });

  it('never serves a file outside the recording’s folder, nor another recording’s file', async () => {
    const conferenceId = await conference();
    const a = await readyRecording(conferenceId);
    const b = await readyRecording(conferenceId);
    fs.writeFileSync(path.join(dataDir, 'outside.txt'), 'not yours');
    // A row that escapes the folder can only come from outside the service: it is still refused.
    const evil = crypto.randomUUID();
    await api.app.database.db
      .insertInto('recording_files')
      .values({
        id: evil,
        recording_id: a.rec.id,
        output: 'programme',
        point_id: null,
        path: `${a.rec.id}/../../outside.txt`,
        bytes: 9,
        duration_ms: 0,
        codecs: '[]',
        created_at: new Date().toISOString(),
      })
      .execute();
    for (const url of [
      `/api/recordings/${a.rec.id}/files/${evil}/download`,
      `/api/recordings/${a.rec.id}/files/${b.file.id}/download`,
      `/api/recordings/${a.rec.id}/files/..%2F..%2Foutside.txt/download`,
    ]) {
      const res = await api.request({ method: 'GET', url, as: host });
      expect([400, 404], url).toContain(res.statusCode);
      expect(res.body).not.toContain('not yours');
    }
    fs.rmSync(path.join(recordingsDir, b.rec.id, 'programme.mp4'));
    const gone = await api.request({ method: 'GET', url: b.file.downloadUrl, as: host });
    expect(gone.statusCode).toBe(404);
  });

  it('deletes a finished recording with its folder, refuses a running one, and audits', async () => {
    const conferenceId = await conference();
    const { rec } = await readyRecording(conferenceId);
    const running = await recordings().create(conferenceId, SYSTEM, 'speaker');
    writeMedia(running.id, 'segment.mkv', 10);

    const refused = await api.request({ method: 'DELETE', url: `/api/recordings/${running.id}`, as: host });
    expect(refused.statusCode).toBe(409);
    expect(fs.existsSync(path.join(recordingsDir, running.id, 'segment.mkv'))).toBe(true);

    const res = await api.request({ method: 'DELETE', url: `/api/recordings/${rec.id}`, as: host });
    expect(res.statusCode, res.body).toBe(204);
    expect(fs.existsSync(path.join(recordingsDir, rec.id))).toBe(false);
    const files = await api.app.database.db
      .selectFrom('recording_files')
      .select('id')
      .where('recording_id', '=', rec.id)
      .execute();
    expect(files).toEqual([]);
    expect(
      (await api.request({ method: 'GET', url: `/api/recordings/${rec.id}`, as: host })).statusCode,
    ).toBe(404);
    const audit = await api.app.services.audit.query({ targetId: rec.id });
    expect(audit.items.map((e) => e.action).sort()).toEqual(['recording.delete', 'recording.start']);
    expect(audit.items.find((e) => e.action === 'recording.delete')).toMatchObject({
      actorId: hostId,
      details: { conferenceId },
    });
  });

  it('refuses anonymous callers (401) and bridge points (403) on every route', async () => {
    const conferenceId = await conference();
    const { rec, file } = await readyRecording(conferenceId);
    const point = api.app.services.joinTokens.mint({
      conferenceId,
      role: 'point',
      pointId: tree.point('R-C1').id,
    }).token;
    for (const [method, url] of [
      ['GET', `/api/conferences/${rec.conferenceId}/recordings`],
      ['GET', `/api/recordings/${rec.id}`],
      ['DELETE', `/api/recordings/${rec.id}`],
      ['GET', `/api/recordings/${rec.id}/files/${file.id}/download`],
      ['POST', `/api/conferences/${rec.conferenceId}/recordings`],
      ['POST', `/api/recordings/${rec.id}/stop`],
    ] as const) {
      const payload = method === 'POST' ? {} : undefined;
      const res = await api.request({ method, url, payload });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
      const asPoint = await api.request({ method, url, payload, as: point });
      expect(asPoint.statusCode, `${method} ${url}`).toBe(403);
      expect(asPoint.json().error.code).toBe('FORBIDDEN');
    }
    expect(fs.existsSync(path.join(recordingsDir, rec.id, 'programme.mp4'))).toBe(true);
  });
});
