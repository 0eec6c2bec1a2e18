// A running installation with something in every table that matters, and its tables read back for comparing.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Caller } from '../../src/conferences/conference-service.js';
import { runCli } from '../../src/cli/run.js';
import type { TestApi } from './api.js';
import { startLiveConference, type LiveConference } from './live-conference.js';
import { twoTier } from './tree-fixture.js';

export const STREAM_KEY = 'live-abcd-efgh-ijkl';

/** What the installation holds besides its rows: a recording's files and a sealed stream key. */
export interface Filled {
  live: LiveConference;
  recordingId: string;
  files: Record<string, Buffer>;
  destinationId: string;
}

/**
 * A live conference started through the API, a ready recording with two files on disk made
 * through the recording service, and a livestream destination whose key is sealed.
 */
export async function fill(api: TestApi, dataDir: string, prefix: string): Promise<Filled> {
  const live = await startLiveConference(api, twoTier(prefix), [`${prefix}-C1`, `${prefix}-C2`]);
  const caller: Caller = { actor: { kind: 'system' }, ip: null };
  const recordings = api.app.services.recordings;
  const rec = await recordings.create(live.conference.id, caller, 'grid');
  const files: Record<string, Buffer> = {
    [`${rec.id}/programme.mp4`]: crypto.randomBytes(200_000),
    [`${rec.id}/tracks/${prefix}-C1.mkv`]: crypto.randomBytes(50_000),
  };
  for (const [relative, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dataDir, 'recordings', relative)), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'recordings', relative), content);
  }
  await recordings.markFinalising(rec.id);
  for (const [relative, content] of Object.entries(files)) {
    const programme = relative.endsWith('programme.mp4');
    await recordings.addFile(rec.id, {
      output: programme ? 'programme' : 'track',
      pointId: programme ? null : live.tree.point(`${prefix}-C1`).id,
      path: relative,
      bytes: content.length,
      durationMs: 60_000,
      codecs: ['vp8', 'opus'],
    });
  }
  await recordings.markReady(rec.id);
  const destination = await api.app.services.destinations.create(
    { name: 'Kênh tỉnh', platform: 'youtube', streamKey: STREAM_KEY },
    caller,
  );
  return { live, recordingId: rec.id, files, destinationId: destination.id };
}

/** Runs the CLI in-process with exactly `env`; output collected. */
export async function cli(env: Record<string, string>, ...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(
    argv,
    { stdout: (t) => void (out += t), stderr: (t) => void (err += t), readStdin: async () => '' },
    env,
  );
  return { code, out, err };
}

export type Tables = Record<string, string[]>;

/** The tables `fill` puts rows in: a comparison that finds them all compares something. */
export const FILLED_TABLES = [
  'accounts',
  'sessions',
  'units',
  'bridge_points',
  'conferences',
  'conference_invites',
  'recordings',
  'recording_files',
  'stream_destinations',
  'audit_log',
] as const;

/** Each row as JSON with numbers as strings (PostgreSQL gives bigints as strings), sorted. */
const normalise = (rows: Record<string, unknown>[]) =>
  rows
    .map((r) => JSON.stringify(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? String(v) : v])))
    .sort();

export function sqliteTables(file: string): Tables {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const names = db
      .prepare(
        `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`,
      )
      .pluck()
      .all() as string[];
    return Object.fromEntries(
      names.map((n) => [n, normalise(db.prepare(`select * from "${n}"`).all() as Record<string, unknown>[])]),
    );
  } finally {
    db.close();
  }
}

export async function postgresTables(url: string): Promise<Tables> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const names = (
      await client.query<{ name: string }>(
        `select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`,
      )
    ).rows.map((r) => r.name);
    const tables: Tables = {};
    for (const n of names) tables[n] = normalise((await client.query(`select * from "${n}"`)).rows);
    return tables;
  } finally {
    await client.end();
  }
}

/** The recordings' files under a DATA_DIR, by path relative to recordings/, as sha256. */
export function recordingFiles(dataDir: string): Record<string, string> {
  const root = path.join(dataDir, 'recordings');
  const found: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else
        found[path.relative(root, full)] = crypto
          .createHash('sha256')
          .update(fs.readFileSync(full))
          .digest('hex');
    }
  };
  if (fs.existsSync(root)) walk(root);
  return found;
}
