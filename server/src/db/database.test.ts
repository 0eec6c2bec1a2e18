import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase } from '../../test/helpers/databases.js';
import { migrate, openDatabase, type Db } from './database.js';

describe.each(DIALECTS)('database on %s', (kind) => {
  let db: Db | undefined;
  afterEach(async () => db?.destroy());

  it('migrates an empty database, then finds nothing left to apply', async () => {
    db = openDatabase(await freshDatabase(kind));
    expect(await migrate(db, kind)).toEqual([
      '0001-audit-log',
      '0002-model',
      '0003-attendance',
      '0004-recordings',
      '0005-two-factor',
    ]);
    expect(await migrate(db, kind)).toEqual([]);
  });

  it('stores and reads back an audit row with a generated id', async () => {
    db = openDatabase(await freshDatabase(kind));
    await migrate(db, kind);
    const row = {
      at: new Date().toISOString(),
      actor_kind: 'system',
      action: 'test.insert',
      ip: '127.0.0.1',
    };
    await db.insertInto('audit_log').values(row).execute();
    await db.insertInto('audit_log').values(row).execute();
    const rows = await db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    expect(rows).toHaveLength(2);
    expect(Number(rows[1]!.id)).toBeGreaterThan(Number(rows[0]!.id));
    expect(rows[0]).toMatchObject({ action: 'test.insert', actor_kind: 'system', actor_id: null });
  });
});
