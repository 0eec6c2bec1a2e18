import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountService } from '../src/accounts/account-service.js';
import { AuditLog } from '../src/audit/audit-log.js';
import { openDatabase, type Db } from '../src/db/database.js';
import { freshSqliteFile } from './helpers/databases.js';
import { REPO_ROOT } from './helpers/processes.js';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as an operator would (`npm run cli -- …` runs exactly this). */
function cli(args: string[], env: Record<string, string> = {}, input?: string): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['server/dist/cli.js', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const opened: Db[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.destroy()));
});

/** A fresh SQLite database and data directory for one CLI run. */
function freshEnv(): { env: Record<string, string>; file: string } {
  const file = freshSqliteFile();
  return {
    file,
    env: {
      DATABASE_URL: `sqlite:${file}`,
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-cli-')),
    },
  };
}

function servicesOn(file: string): { db: Db; accounts: AccountService } {
  const db = openDatabase({ kind: 'sqlite', file });
  opened.push(db);
  return { db, accounts: new AccountService(db, new AuditLog(db), { sessionTtlHours: 1 }) };
}

describe('operator CLI (built, spawned)', () => {
  it('prints the global help listing every command', async () => {
    const res = await cli(['--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Usage: npm run cli -- <command> [arguments]');
    for (const command of [
      'create-admin',
      'import-units',
      'export-units',
      'list-points',
      'issue-credentials',
      'rotate-credential',
      'create-conference',
    ]) {
      expect(res.stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
    }
    expect(res.stderr).toBe('');
  });

  it("prints a command's own help without touching the database", async () => {
    const { env, file } = freshEnv();
    const res = await cli(['create-admin', '--help'], env);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^Usage: npm run cli -- create-admin --username NAME --display-name TEXT/);
    expect(res.stdout).toContain('--password-stdin');
    expect(fs.existsSync(file)).toBe(false);
    expect((await cli(['help', 'list-points'], env)).stdout).toMatch(/^Usage: npm run cli -- list-points/);
  });

  it('answers no command or an unknown one with the usage and exit code 2', async () => {
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Commands:');
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^unknown command "frobnicate"\n/);
    expect(unknown.stdout).toBe('');
  });

  it('creates an admin with a generated password, printed once, that signs in', async () => {
    const { env, file } = freshEnv();
    const res = await cli(['create-admin', '--username', 'root', '--display-name', 'Quản trị tỉnh'], env);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const password = /^Password \(shown only now; change it after signing in\): (\S+)$/m.exec(
      res.stdout,
    )?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);

    const { db, accounts } = servicesOn(file);
    const row = await db
      .selectFrom('accounts')
      .selectAll()
      .where('username', '=', 'root')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ display_name: 'Quản trị tỉnh', role: 'admin' });
    expect(row.password_hash).not.toContain(password);
    const session = await accounts.login({ username: 'root', password: password! });
    expect(session.account.role).toBe('admin');
    const audit = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'account.create')
      .execute();
    expect(audit).toMatchObject([{ actor_kind: 'cli', actor_id: null, target_id: row.id }]);
  });

  it('reads the password from stdin with --password-stdin and does not print it', async () => {
    const { env, file } = freshEnv();
    const args = ['create-admin', '--username', 'ops', '--display-name', 'Ops', '--password-stdin'];
    const res = await cli(args, env, 'a-chosen-password\n');
    expect(res.code).toBe(0);
    expect(res.stdout).not.toContain('a-chosen-password');
    expect(res.stdout).not.toContain('Password');
    const { accounts } = servicesOn(file);
    await expect(accounts.login({ username: 'ops', password: 'a-chosen-password' })).resolves.toBeDefined();

    const short = await cli([...args.slice(0, 2), 'ops2', ...args.slice(3)], env, 'short\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toBe('error: the password: must not have fewer than 10 characters\n');
  });

  it('fails with one line: exit 2 for a wrong command line, 1 for a refused action', async () => {
    const { env } = freshEnv();
    const missing = await cli(['create-admin', '--username', 'root'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      'create-admin: --display-name is required\nRun "npm run cli -- create-admin --help" for usage.\n',
    );
    const args = ['create-admin', '--username', 'root', '--display-name', 'Root'];
    expect((await cli(args, env)).code).toBe(0);
    const taken = await cli(args, env);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toBe('error: the username root is taken\n');
    const badConfig = await cli(args, { ...env, DATABASE_URL: 'mysql://nope' });
    expect(badConfig.code).toBe(1);
    expect(badConfig.stderr).toMatch(/^invalid configuration: DATABASE_URL must be/);
    expect(badConfig.stderr.trim().split('\n')).toHaveLength(1);
  });
});
