import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup } from '../src/backup/backup.js';
import { readManifest } from '../src/backup/manifest.js';
import { loadConfig } from '../src/config.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import {
  cli,
  FILLED_TABLES,
  fill,
  recordingFiles,
  sqliteTables,
  STREAM_KEY,
  type Filled,
} from './helpers/installation.js';
import { freePort } from './helpers/ports.js';

const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `diemcau-${name}-`));

/** Backup and restore of an SQLite installation while its server runs, and what they refuse. */
describe('backup and restore on SQLite', () => {
  let api: TestApi;
  let dataDir: string;
  let dbFile: string;
  let filled: Filled;
  let backups: string;
  let folder: string;
  const cleanup: string[] = [];

  /** The environment of an installation in `dir` whose ports are free (its service is stopped). */
  async function stoppedEnv(dir: string): Promise<Record<string, string>> {
    return {
      DATA_DIR: dir,
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      MEDIA_WORKER_PORT: String(await freePort()),
    };
  }

  beforeAll(async () => {
    dataDir = tmp('backup-data');
    dbFile = path.join(dataDir, 'diemcau.sqlite');
    backups = tmp('backups');
    cleanup.push(dataDir, backups);
    // No SECRET_KEY: the server makes DATA_DIR/secret.key, which the backup must carry.
    api = await startTestApi('sqlite', {
      DATA_DIR: dataDir,
      DATABASE_URL: `sqlite:${dbFile}`,
      SECRET_KEY: '',
    });
    filled = await fill(api, dataDir, 'S');
    fs.mkdirSync(path.join(dataDir, 'tls'));
    fs.writeFileSync(path.join(dataDir, 'tls', 'root-ca.key'), 'private\n', { mode: 0o600 });
  });
  afterAll(async () => {
    await api.close();
    for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('backs up the running server, restores into a fresh DATA_DIR, and a server started on it has every row and file', async () => {
    const backedUp = await cli(
      { DATA_DIR: dataDir, DATABASE_URL: `sqlite:${dbFile}` },
      'backup',
      '--to',
      backups,
    );
    expect(backedUp.err).toBe('');
    expect(backedUp.code).toBe(0);
    const [name, ...others] = fs.readdirSync(backups);
    expect(others).toEqual([]);
    folder = path.join(backups, name ?? '');
    expect(backedUp.out).toContain(`into ${folder}`);
    expect(fs.statSync(folder).mode & 0o777).toBe(0o700);

    const manifest = readManifest(folder);
    expect(manifest).toMatchObject({
      database: { kind: 'sqlite', file: 'database.sqlite' },
      secretKey: 'file',
      recordings: { catalogued: 2, missing: [] },
    });
    expect(manifest.migrations.length).toBeGreaterThan(0);
    const paths = manifest.files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'database.sqlite',
        'secret.key',
        'tls/root-ca.key',
        ...Object.keys(filled.files).map((p) => `recordings/${p}`),
      ]),
    );
    expect(manifest.files.find((f) => f.path === 'secret.key')?.mode).toBe(0o600);
    // The server ran on through the backup.
    const stillLive = await api.request({
      method: 'GET',
      url: `/api/conferences/${filled.live.conference.id}`,
      as: filled.live.host.token,
    });
    expect(stillLive.json()).toMatchObject({ status: 'live' });

    const restoredDir = path.join(tmp('restored'), 'data');
    cleanup.push(path.dirname(restoredDir));
    const restored = await cli(await stoppedEnv(restoredDir), 'restore', folder);
    expect(restored.err).toBe('');
    expect(restored.code).toBe(0);
    expect(fs.statSync(path.join(restoredDir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(path.join(restoredDir, 'secret.key'), 'utf8')).toBe(
      fs.readFileSync(path.join(dataDir, 'secret.key'), 'utf8'),
    );
    expect(fs.readFileSync(path.join(restoredDir, 'tls', 'root-ca.key'), 'utf8')).toBe('private\n');
    expect(recordingFiles(restoredDir)).toEqual(recordingFiles(dataDir));

    const restoredDb = path.join(restoredDir, 'diemcau.sqlite');
    const original = sqliteTables(dbFile);
    for (const table of FILLED_TABLES) expect(original[table]?.length, table).toBeGreaterThan(0);
    expect(sqliteTables(restoredDb)).toEqual(original);

    const second = await startTestApi('sqlite', {
      DATA_DIR: restoredDir,
      DATABASE_URL: `sqlite:${restoredDb}`,
      SECRET_KEY: '',
    });
    try {
      const { services } = second.app;
      const recording = await services.recordings.get(filled.recordingId);
      expect(recording.files).toHaveLength(2);
      for (const file of recording.files) {
        const { absolutePath } = await services.recordings.fileToDownload(filled.recordingId, file.id);
        const relative = path.relative(path.join(restoredDir, 'recordings'), absolutePath);
        expect(fs.readFileSync(absolutePath).equals(filled.files[relative] ?? Buffer.alloc(0))).toBe(true);
      }
      // The restored secret opens the stream key sealed before the backup.
      expect((await services.destinations.streamTarget(filled.destinationId)).streamKey).toBe(STREAM_KEY);
      const session = await second.request({
        method: 'GET',
        url: `/api/conferences/${filled.live.conference.id}`,
        as: filled.live.host.token,
      });
      expect(session.statusCode, session.body).toBe(200);
      expect(sqliteTables(restoredDb)).toEqual(original);
    } finally {
      await second.close();
    }
  });

  it('refuses to restore while the server answers on its port or holds the database', async () => {
    const port = (api.app.http.server.address() as AddressInfo).port;
    const onPort = await cli(
      { ...(await stoppedEnv(dataDir)), PORT: String(port) },
      'restore',
      folder,
      '--force',
    );
    expect(onPort.code).toBe(1);
    expect(onPort.err).toBe(
      `error: the server answers on 127.0.0.1:${port}: stop it first (a restore replaces the data it works on)\n`,
    );

    const empty = tmp('empty');
    cleanup.push(empty);
    const worker = net.createServer().listen(0, '127.0.0.1');
    await once(worker, 'listening');
    try {
      const workerPort = (worker.address() as AddressInfo).port;
      const env = {
        ...(await stoppedEnv(path.join(empty, 'data'))),
        MEDIA_WORKER_PORT: String(workerPort),
      };
      const byWorker = await cli(env, 'restore', folder);
      expect(byWorker.code).toBe(1);
      expect(byWorker.err).toContain(
        `error: the media-worker answers on 127.0.0.1:${workerPort}: stop it first`,
      );
    } finally {
      worker.close();
    }

    const held = await cli(await stoppedEnv(dataDir), 'restore', folder, '--force');
    expect(held.code).toBe(1);
    expect(held.err).toContain(`another process has ${dbFile} open: stop the server first`);
  });

  it('refuses a non-empty DATA_DIR without --force, and replaces it with --force', async () => {
    const dir = tmp('occupied');
    cleanup.push(dir);
    fs.writeFileSync(path.join(dir, 'diemcau.sqlite'), 'not a database');
    fs.mkdirSync(path.join(dir, 'recordings', 'stale'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'recordings', 'stale', 'old.mp4'), 'old');
    const env = await stoppedEnv(dir);

    const refused = await cli(env, 'restore', folder);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /^error: DATA_DIR .* is not empty \(diemcau\.sqlite, recordings\): restore into an empty one, or add --force/,
    );
    expect(fs.readFileSync(path.join(dir, 'diemcau.sqlite'), 'utf8')).toBe('not a database');

    const forced = await cli(env, 'restore', folder, '--force');
    expect(forced.err).toBe('');
    expect(forced.code).toBe(0);
    expect(sqliteTables(path.join(dir, 'diemcau.sqlite'))).toEqual(sqliteTables(dbFile));
    expect(recordingFiles(dir)).toEqual(recordingFiles(dataDir));
    expect(fs.readdirSync(dir).filter((e) => e.startsWith('.restoring'))).toEqual([]);
  });

  it('refuses a damaged backup, a folder that is not one, and a missing FROM', async () => {
    const copy = path.join(tmp('damaged'), 'backup');
    cleanup.push(path.dirname(copy));
    fs.cpSync(folder, copy, { recursive: true });
    const [programme] = Object.keys(filled.files);
    fs.appendFileSync(path.join(copy, 'recordings', programme ?? ''), 'x');
    const target = path.join(tmp('target'), 'data');
    cleanup.push(path.dirname(target));
    const env = await stoppedEnv(target);

    const damaged = await cli(env, 'restore', copy);
    expect(damaged.code).toBe(1);
    expect(damaged.err).toBe(
      `error: the backup is damaged: recordings/${programme} is not the file it was; nothing was restored\n`,
    );
    expect(fs.existsSync(target)).toBe(false);

    const notOne = await cli(env, 'restore', backups);
    expect(notOne.code).toBe(1);
    expect(notOne.err).toBe(`error: ${backups} is not a diemcau backup: it has no manifest.json\n`);

    const onPostgres = await cli(
      { ...env, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' },
      'restore',
      folder,
    );
    expect(onPostgres.code).toBe(1);
    expect(onPostgres.err).toContain('the backup holds an SQLite database but DATABASE_URL is PostgreSQL');

    const usage = await cli(env, 'restore');
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('restore: missing FROM (the backup folder)');
  });

  it('fails before writing when the backup target has no room', async () => {
    const to = path.join(tmp('full'), 'backups');
    cleanup.push(path.dirname(to));
    const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: `sqlite:${dbFile}` });
    await expect(
      createBackup({ config, to, appVersion: '0.0.0', free: () => 1024 * 1024 }),
    ).rejects.toMatchObject({
      code: 'NO_SPACE',
      message: expect.stringMatching(
        new RegExp(`^not enough space in ${to}: it needs about \\d+ MB, 1 MB free; nothing was written$`),
      ),
    });
    expect(fs.existsSync(to)).toBe(false);
  });
  // Last: it writes to the original, which the tests above compare restored copies with.
  it('copies one consistent state while the server goes on writing', async () => {
    const to = tmp('busy');
    cleanup.push(to);
    const count = (file: string) => sqliteTables(file).conferences?.length ?? 0;
    const before = count(dbFile);
    let writing = true;
    const writes = (async () => {
      let n = 0;
      while (writing && n < 500) {
        const res = await api.request({
          method: 'POST',
          url: '/api/conferences',
          as: filled.live.host.token,
          payload: { title: `Hội nghị ${n++}`, scheduledStart: '2030-01-01T02:00:00Z', invite: {} },
        });
        expect(res.statusCode).toBe(201);
      }
    })();
    const backedUp = await cli({ DATA_DIR: dataDir, DATABASE_URL: `sqlite:${dbFile}` }, 'backup', '--to', to);
    writing = false;
    await writes;
    expect(backedUp.err).toBe('');
    const copied = count(path.join(to, fs.readdirSync(to)[0] ?? '', 'database.sqlite'));
    expect(copied).toBeGreaterThanOrEqual(before);
    expect(copied).toBeLessThanOrEqual(count(dbFile));
  });
});
