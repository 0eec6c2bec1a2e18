import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountService } from '../src/accounts/account-service.js';
import { DEMO_HOST, ensureDemoHost } from '../src/accounts/demo-host.js';
import { AuditLog } from '../src/audit/audit-log.js';
import { migrate, openDatabase, type Db } from '../src/db/database.js';
import { DIALECTS, freshDatabase } from './helpers/databases.js';

describe.each(DIALECTS)('AccountService on %s', (kind) => {
  let db: Db;
  let accounts: AccountService;
  beforeAll(async () => {
    const config = await freshDatabase(kind);
    db = openDatabase(config);
    await migrate(db, config.kind);
    accounts = new AccountService(db, new AuditLog(db), { sessionTtlHours: 1 });
  });
  afterAll(async () => db.destroy());

  it('creates the demo host once, with a fresh password that signs in, and never again', async () => {
    const first = await ensureDemoHost(accounts);
    expect(first?.username).toBe('host');
    expect(first?.password).toMatch(/^[A-Za-z0-9]{16}$/);
    const signedIn = await accounts.login({ username: 'host', password: first!.password });
    expect(signedIn.account).toMatchObject({ ...DEMO_HOST, role: 'host' });
    expect(await ensureDemoHost(accounts)).toBeUndefined();
    expect(await accounts.count()).toBe(1);
    const audited = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'account.create')
      .where('target_id', '=', signedIn.account.id)
      .execute();
    expect(audited).toMatchObject([{ actor_kind: 'system', actor_id: null }]);
  });

  it('lets exactly one of two simultaneous creations of a username win', async () => {
    const input = {
      username: 'twice',
      displayName: 'Twice',
      role: 'host',
      password: 'long-enough-pw',
    } as const;
    const results = await Promise.allSettled([accounts.create(input), accounts.create(input)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.reason).toMatchObject({ code: 'CONFLICT', statusCode: 409 });
  });

  it('signs in whatever the case of the username', async () => {
    await accounts.create({ username: 'mixed', displayName: 'M', role: 'admin', password: 'long-enough-pw' });
    const session = await accounts.login({ username: ' Mixed ', password: 'long-enough-pw' });
    expect(session.account.username).toBe('mixed');
  });
});
