import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { readManifest } from '../src/backup/manifest.js';
import { startTestApi } from './helpers/api.js';
import { POSTGRES_URL, freshPostgresUrl } from './helpers/databases.js';
import { REPO_ROOT } from './helpers/processes.js';
import {
  cli,
  FILLED_TABLES,
  fill,
  postgresTables,
  recordingFiles,
  sqliteTables,
  STREAM_KEY,
} from './helpers/installation.js';
import { freePort } from './helpers/ports.js';

const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `diemcau-${name}-`));
const cleanup: string[] = [];
const dropped: string[] = [];

async function admin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

/** The scratch schema a freshPostgresUrl points at, dropped after the file. */
const schemaOf = (url: string) =>
  /search_path=(\w+)/.exec(decodeURIComponent(new URL(url).search.replaceAll('+', ' ')))?.[1] ?? '';

afterAll(async () => {
  for (const query of dropped) await admin(query);
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

async function stoppedEnv(dir: string): Promise<Record<string, string>> {
  return {
    DATA_DIR: dir,
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    MEDIA_WORKER_PORT: String(await freePort()),
  };
}

describe('backup and restore on PostgreSQL', () => {
  it('dumps the running server with pg_dump and restores it into a fresh database, every row and file', async () => {
    const dataDir = tmp('pg-data');
    const backups = tmp('pg-backups');
    cleanup.push(dataDir, backups);
    const secret = crypto.randomBytes(32).toString('hex');
    const sourceUrl = await freshPostgresUrl();
    const schema = schemaOf(sourceUrl);
    dropped.push(`drop schema if exists ${schema} cascade`);
    const api = await startTestApi('postgres', {
      DATA_DIR: dataDir,
      DATABASE_URL: sourceUrl,
      SECRET_KEY: secret,
    });
    const filled = await fill(api, dataDir, 'P');
    try {
      const env = { DATA_DIR: dataDir, DATABASE_URL: sourceUrl, SECRET_KEY: secret };
      const backedUp = await cli(env, 'backup', '--to', backups);
      expect(backedUp.err).toBe('');
      expect(backedUp.code).toBe(0);
      expect(backedUp.out).toContain(
        'warning: SECRET_KEY comes from the environment and is not in the backup',
      );
    } finally {
      await api.close();
    }
    const folder = path.join(backups, fs.readdirSync(backups)[0] ?? '');
    const manifest = readManifest(folder);
    expect(manifest).toMatchObject({
      database: { kind: 'postgres', file: 'database.pgdump', schema },
      secretKey: 'environment',
      recordings: { catalogued: 2, missing: [] },
    });

    // A database of its own, with the same schema name in its search_path.
    const database = `diemcau_restore_${crypto.randomBytes(4).toString('hex')}`;
    await admin(`create database ${database}`);
    dropped.push(`drop database if exists ${database} with (force)`);
    const targetUrl = new URL(sourceUrl);
    targetUrl.pathname = `/${database}`;
    const restoredDir = path.join(tmp('pg-restored'), 'data');
    cleanup.push(path.dirname(restoredDir));
    const env = {
      ...(await stoppedEnv(restoredDir)),
      DATABASE_URL: targetUrl.toString(),
      SECRET_KEY: secret,
    };
    const restored = await cli(env, 'restore', folder);
    expect(restored.err).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.out).not.toContain('warning');

    const original = await postgresTables(sourceUrl);
    for (const table of FILLED_TABLES) expect(original[table]?.length, table).toBeGreaterThan(0);
    expect(await postgresTables(targetUrl.toString())).toEqual(original);
    expect(recordingFiles(restoredDir)).toEqual(recordingFiles(dataDir));

    const second = await startTestApi('postgres', {
      DATA_DIR: restoredDir,
      DATABASE_URL: targetUrl.toString(),
      SECRET_KEY: secret,
    });
    try {
      const recording = await second.app.services.recordings.get(filled.recordingId);
      expect(recording.files.map((f) => f.bytes).sort()).toEqual(
        Object.values(filled.files)
          .map((b) => b.length)
          .sort(),
      );
      expect((await second.app.services.destinations.streamTarget(filled.destinationId)).streamKey).toBe(
        STREAM_KEY,
      );
    } finally {
      await second.close();
    }

    const again = await cli(env, 'restore', folder);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/^error: DATA_DIR .* or the database is not empty \(.*table \w+\.\w+/);

    const forced = await cli(env, 'restore', folder, '--force');
    expect(forced.err).toBe('');
    expect(forced.code).toBe(0);
    expect(await postgresTables(targetUrl.toString())).toEqual(original);
  });
});

describe('backup without pg_dump', () => {
  it('names the package to install, with exit code 1, and leaves no folder behind', () => {
    const dir = tmp('no-pg-dump');
    cleanup.push(dir);
    // The built CLI with a PATH that has no pg_dump on it.
    const ran = spawnSync(
      process.execPath,
      ['server/dist/cli.js', 'backup', '--to', path.join(dir, 'backups')],
      {
        cwd: REPO_ROOT,
        env: { PATH: '/nonexistent', DATA_DIR: path.join(dir, 'data'), DATABASE_URL: POSTGRES_URL },
        encoding: 'utf8',
      },
    );
    expect(ran.stderr).toBe(
      "error: pg_dump is not installed: install the PostgreSQL client tools (Debian: apt-get install postgresql-client), of the server's major version or newer\n",
    );
    expect(ran.status).toBe(1);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('migrate-to-postgres', () => {
  it('copies every table and row of a stopped SQLite installation into an empty PostgreSQL, and refuses a filled one', async () => {
    const dataDir = tmp('migrate-data');
    cleanup.push(dataDir);
    const dbFile = path.join(dataDir, 'diemcau.sqlite');
    const secret = crypto.randomBytes(32).toString('hex');
    const api = await startTestApi('sqlite', {
      DATA_DIR: dataDir,
      DATABASE_URL: `sqlite:${dbFile}`,
      SECRET_KEY: secret,
    });
    const filled = await fill(api, dataDir, 'M');
    await api.close();

    const targetUrl = await freshPostgresUrl();
    dropped.push(`drop schema if exists ${schemaOf(targetUrl)} cascade`);
    const env = { ...(await stoppedEnv(dataDir)), DATABASE_URL: `sqlite:${dbFile}`, SECRET_KEY: secret };
    const migrated = await cli(env, 'migrate-to-postgres', '--to', targetUrl);
    expect(migrated.err).toBe('');
    expect(migrated.code).toBe(0);
    expect(migrated.out).toMatch(/^Copied \d+ rows of \d+ tables into PostgreSQL:\n/);

    const source = sqliteTables(dbFile);
    const target = await postgresTables(targetUrl);
    // Kysely's bookkeeping is the target's own migration run.
    for (const t of ['kysely_migration', 'kysely_migration_lock']) {
      delete source[t];
      delete target[t];
    }
    expect(Object.keys(target).sort()).toEqual(Object.keys(source).sort());
    for (const table of Object.keys(source)) expect(target[table], table).toEqual(source[table]);
    for (const table of FILLED_TABLES) expect(source[table]?.length, table).toBeGreaterThan(0);

    // Serial ids continue after the copied ones: the server writes new audit rows and events.
    const onPostgres = await startTestApi('postgres', {
      DATA_DIR: dataDir,
      DATABASE_URL: targetUrl,
      SECRET_KEY: secret,
    });
    try {
      const created = await onPostgres.request({
        method: 'POST',
        url: '/api/conferences',
        as: filled.live.host.token,
        payload: { title: 'Sau khi chuyển', scheduledStart: '2030-01-01T02:00:00Z', invite: {} },
      });
      expect(created.statusCode, created.body).toBe(201);
      expect((await onPostgres.app.services.destinations.streamTarget(filled.destinationId)).streamKey).toBe(
        STREAM_KEY,
      );
    } finally {
      await onPostgres.close();
    }

    const refused = await cli(env, 'migrate-to-postgres', '--to', targetUrl);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /^error: the target database is not empty \(rows in .*accounts.*\): migrate into an empty one\n$/,
    );
  });

  it('refuses to run on PostgreSQL, or without --to', async () => {
    const env = { ...(await stoppedEnv(tmp('migrate-pg'))), DATABASE_URL: POSTGRES_URL };
    const onPg = await cli(env, 'migrate-to-postgres', '--to', POSTGRES_URL);
    expect(onPg.code).toBe(1);
    expect(onPg.err).toContain(
      'migrate-to-postgres reads an SQLite installation; DATABASE_URL is PostgreSQL already',
    );
    const noTo = await cli(env, 'migrate-to-postgres');
    expect(noTo.code).toBe(2);
    expect(noTo.err).toContain('--to is required');
  });
});
