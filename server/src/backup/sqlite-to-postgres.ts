// `migrate-to-postgres`: every row of an SQLite installation copied into a freshly migrated PostgreSQL.
import fs from 'node:fs';
import type { Env } from '@diemcau/protocol';
import SQLite from 'better-sqlite3';
import type pg from 'pg';
import type { Config } from '../config.js';
import { migrate, openDatabase } from '../db/database.js';
import { BackupError } from './backup-error.js';
import { currentSchema, tablesOf, withClient } from './postgres-tools.js';
import { ensureStopped } from './service-running.js';
import { dependencyOrder, parentsFirst } from './table-order.js';

/** Kysely's bookkeeping: the target's own migration run writes it. */
const MIGRATION_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);
/** Parameters per INSERT stay under PostgreSQL's 65535. */
const MAX_PARAMETERS = 30_000;

type Row = Record<string, unknown>;

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

interface SourceTable {
  name: string;
  columns: string[];
  rows: Row[];
}

/** The tables of the SQLite database, in insertion order, with their rows (read in one transaction). */
function readSource(db: SQLite.Database): SourceTable[] {
  const names = (
    db
      .prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`)
      .pluck()
      .all() as string[]
  ).filter((n) => !MIGRATION_TABLES.has(n));
  const keys = new Map(
    names.map((name) => [
      name,
      db.prepare(`select "table", "from" from pragma_foreign_key_list(?)`).all(name) as {
        table: string;
        from: string;
      }[],
    ]),
  );
  const order = dependencyOrder(
    names.map((name) => ({ name, references: (keys.get(name) ?? []).map((k) => k.table) })),
  );
  return order.map((name) => {
    const columns = db
      .prepare(`select name from pragma_table_info(?) order by cid`)
      .pluck()
      .all(name) as string[];
    const rows = db.prepare(`select * from ${quote(name)}`).all() as Row[];
    const self = (keys.get(name) ?? []).find((k) => k.table === name);
    const key = db.prepare(`select name from pragma_table_info(?) where pk = 1`).pluck().get(name) as
      string | undefined;
    return { name, columns, rows: self && key ? parentsFirst(rows, key, self.from) : rows };
  });
}

/** Values as PostgreSQL's column types take them: SQLite keeps booleans as 0/1. */
function converter(types: Map<string, string>): (column: string, value: unknown) => unknown {
  return (column, value) =>
    types.get(column) === 'boolean' && typeof value === 'number' ? value !== 0 : value;
}

async function copyTable(client: pg.Client, schema: string, table: SourceTable): Promise<number> {
  const target = `${quote(schema)}.${quote(table.name)}`;
  const typeRows = await client.query<{ column_name: string; data_type: string }>(
    'select column_name, data_type from information_schema.columns where table_schema = $1 and table_name = $2',
    [schema, table.name],
  );
  const types = new Map(typeRows.rows.map((r) => [r.column_name, r.data_type]));
  const lost = table.columns.filter((c) => !types.has(c));
  if (lost.length > 0)
    throw new BackupError(
      'COPY_MISMATCH',
      `PostgreSQL's ${table.name} has no column ${lost.join(', ')}: nothing was copied`,
    );
  const convert = converter(types);
  const perInsert = Math.max(1, Math.floor(MAX_PARAMETERS / table.columns.length));
  const columns = table.columns.map(quote).join(', ');
  for (let start = 0; start < table.rows.length; start += perInsert) {
    const batch = table.rows.slice(start, start + perInsert);
    const values: unknown[] = [];
    const tuples = batch.map((row) => {
      const marks = table.columns.map((c) => {
        values.push(convert(c, row[c]));
        return `$${values.length}`;
      });
      return `(${marks.join(', ')})`;
    });
    await client.query(`insert into ${target} (${columns}) values ${tuples.join(', ')}`, values);
  }
  // Serial ids (audit_log, attendance_events) continue after the copied ones.
  for (const column of table.columns) {
    const serial = await client.query<{ s: string | null }>('select pg_get_serial_sequence($1, $2) as s', [
      target,
      column,
    ]);
    const sequence = serial.rows[0]?.s;
    if (sequence && table.rows.length > 0) {
      await client.query(`select setval($1::regclass, (select max(${quote(column)}) from ${target}))`, [
        sequence,
      ]);
    }
  }
  const count = Number((await client.query<{ n: string }>(`select count(*) as n from ${target}`)).rows[0]?.n);
  if (count !== table.rows.length) {
    throw new BackupError(
      'COPY_MISMATCH',
      `${table.name}: ${table.rows.length} rows read, ${count} in PostgreSQL: nothing was copied`,
    );
  }
  return count;
}

/** Refuses a target that holds any row (an empty, migrated diemcau schema is fine). */
async function ensureEmpty(url: string): Promise<void> {
  const filled = await withClient(url, async (client) => {
    const schema = await currentSchema(client);
    if (schema === null) {
      throw new BackupError(
        'WRONG_DATABASE',
        "none of the schemas in the target's search_path exists: create it first",
      );
    }
    const found: string[] = [];
    for (const table of await tablesOf(client, schema)) {
      if (MIGRATION_TABLES.has(table)) continue;
      const any = await client.query(`select 1 from ${quote(schema)}.${quote(table)} limit 1`);
      if (any.rowCount) found.push(table);
    }
    return found;
  });
  if (filled.length > 0) {
    throw new BackupError(
      'TARGET_NOT_EMPTY',
      `the target database is not empty (rows in ${filled.join(', ')}): migrate into an empty one`,
    );
  }
}

/**
 * Brings both databases up to the latest schema with the project's migrations, then copies
 * every table in foreign-key order inside one PostgreSQL transaction, checking each table's row
 * count before the commit: all rows arrive or none. The SQLite data stays as it was.
 */
export async function migrateToPostgres(
  config: Config,
  env: Env,
  to: string,
): Promise<{ table: string; rows: number }[]> {
  if (config.database.kind !== 'sqlite') {
    throw new BackupError(
      'WRONG_DATABASE',
      'migrate-to-postgres reads an SQLite installation; DATABASE_URL is PostgreSQL already',
    );
  }
  if (!/^postgres(ql)?:\/\//.test(to))
    throw new BackupError('WRONG_DATABASE', `--to must be a postgres:// URL (got "${to}")`);
  const file = config.database.file;
  if (!fs.existsSync(file))
    throw new BackupError('WRONG_DATABASE', `there is no database at ${file}: nothing to migrate`);
  await ensureStopped(config, env, 'rows written after the copy would be lost');
  await ensureEmpty(to);
  for (const database of [
    { kind: 'sqlite' as const, file },
    { kind: 'postgres' as const, url: to },
  ]) {
    const db = openDatabase(database);
    try {
      await migrate(db, database.kind);
    } finally {
      await db.destroy();
    }
  }
  const source = new SQLite(file, { fileMustExist: true });
  try {
    source.exec('BEGIN');
    const tables = readSource(source);
    source.exec('COMMIT');
    return await withClient(to, async (client) => {
      const schema = (await currentSchema(client)) ?? 'public';
      await client.query('BEGIN');
      try {
        const copied = [];
        for (const table of tables)
          copied.push({ table: table.name, rows: await copyTable(client, schema, table) });
        await client.query('COMMIT');
        return copied;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    });
  } finally {
    source.close();
  }
}
