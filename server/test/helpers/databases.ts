import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import pg from 'pg';
import type { DatabaseConfig } from '../../src/config.js';

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A PostgreSQL URL whose search_path is a new, empty schema: tests never see each other's tables. */
export async function freshPostgresUrl(): Promise<string> {
  const schema = `t_${crypto.randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`create schema ${schema}`);
  } finally {
    await client.end();
  }
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

export function freshSqliteFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-db-'));
  return path.join(dir, 'test.sqlite');
}

export const DIALECTS = ['sqlite', 'postgres'] as const;

/** A fresh, empty database of the given kind: run the same test against each of DIALECTS. */
export async function freshDatabase(kind: DatabaseConfig['kind']): Promise<DatabaseConfig> {
  return kind === 'sqlite' ? { kind, file: freshSqliteFile() } : { kind, url: await freshPostgresUrl() };
}
