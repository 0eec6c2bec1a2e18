// PostgreSQL's own tools (pg_dump, pg_restore) and the few queries the backup commands ask.
import { spawn } from 'node:child_process';
import pg from 'pg';
import { BackupError } from './backup-error.js';
import type { DatabaseContents } from './sqlite-copy.js';

/**
 * A libpq connection for the tools: the URL without its password (a command line is visible to
 * every user in `ps`), which goes in PGPASSWORD instead. Query values are re-encoded with %20
 * (libpq does not read `+` as a space) and node-pg's own `ssl=true` becomes `sslmode=require`.
 */
export function libpqConnection(url: string): { dbname: string; env: Record<string, string> } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  const params: string[] = [];
  for (const [key, value] of u.searchParams) {
    if (key === 'ssl') {
      if (value !== 'false' && !u.searchParams.has('sslmode')) params.push('sslmode=require');
      continue;
    }
    params.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  }
  u.search = '';
  const dbname = u.toString() + (params.length > 0 ? `?${params.join('&')}` : '');
  return { dbname, env: password ? { PGPASSWORD: password } : {} };
}

/** Runs pg_dump or pg_restore; a missing binary names the package to install. */
export function runTool(
  tool: 'pg_dump' | 'pg_restore',
  args: string[],
  env: Record<string, string>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new BackupError(
              'TOOL_MISSING',
              `${tool} is not installed: install the PostgreSQL client tools (Debian: apt-get install postgresql-client), of the server's major version or newer`,
            )
          : error,
      ),
    );
    child.on('close', (code) => {
      if (code === 0) resolve();
      else
        reject(
          new BackupError(
            'TOOL_FAILED',
            `${tool} failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' / ')}`,
          ),
        );
    });
  });
}

/** Quotes a name as a pg_dump pattern matching exactly it. */
const exactPattern = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** pg_dump's custom format of the one schema diemcau uses, taken in one snapshot while the server runs. */
export function dumpSchema(url: string, schema: string, file: string): Promise<void> {
  const { dbname, env } = libpqConnection(url);
  return runTool(
    'pg_dump',
    [
      '--format=custom',
      '--no-owner',
      '--no-privileges',
      `--schema=${exactPattern(schema)}`,
      '--file',
      file,
      '--dbname',
      dbname,
    ],
    env,
  );
}

/** pg_restore in one transaction: all of the dump or nothing. `clean` drops what it replaces first. */
export function restoreDump(url: string, file: string, clean: boolean): Promise<void> {
  const { dbname, env } = libpqConnection(url);
  return runTool(
    'pg_restore',
    [
      '--no-owner',
      '--no-privileges',
      '--exit-on-error',
      '--single-transaction',
      ...(clean ? ['--clean', '--if-exists'] : []),
      '--dbname',
      dbname,
      file,
    ],
    env,
  );
}

/** Runs `use` on a connection to `url`, closed after. */
export async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** The schema unqualified names go to (search_path); null when none of its schemas exists. */
export async function currentSchema(client: pg.Client): Promise<string | null> {
  return (
    (await client.query<{ schema: string | null }>('select current_schema() as schema')).rows[0]?.schema ??
    null
  );
}

/** The base tables of a schema. */
export async function tablesOf(client: pg.Client, schema: string): Promise<string[]> {
  const result = await client.query<{ name: string }>(
    `select table_name as name from information_schema.tables
      where table_schema = $1 and table_type = 'BASE TABLE' order by table_name`,
    [schema],
  );
  return result.rows.map((r) => r.name);
}

/** Bytes the schema's tables and indexes take: an upper bound for a compressed dump. */
export async function schemaBytes(client: pg.Client, schema: string): Promise<number> {
  const result = await client.query<{ bytes: string | null }>(
    `select sum(pg_total_relation_size(c.oid)) as bytes from pg_class c
       join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relkind = 'r'`,
    [schema],
  );
  return Number(result.rows[0]?.bytes ?? 0);
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

export async function postgresContents(client: pg.Client, schema: string): Promise<DatabaseContents> {
  const tables = new Set(await tablesOf(client, schema));
  const column = async (table: string, name: string) =>
    tables.has(table)
      ? (
          await client.query<{ v: string }>(
            `select ${name} as v from ${quote(schema)}.${quote(table)} order by ${name}`,
          )
        ).rows.map((r) => r.v)
      : [];
  return {
    migrations: await column('kysely_migration', 'name'),
    recordingPaths: await column('recording_files', 'path'),
  };
}
