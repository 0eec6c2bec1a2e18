// `migrate-to-postgres`: the command line of moving an SQLite installation to PostgreSQL.
import { migrateToPostgres as migrate } from '../backup/sqlite-to-postgres.js';
import { parseCommandArgs, required, type Command } from './command.js';
import { count } from './text.js';

export const migrateToPostgres: Command = {
  name: 'migrate-to-postgres',
  summary: 'Copy every row of this SQLite installation into an empty PostgreSQL database',
  help: `Usage: npm run cli -- migrate-to-postgres --to postgres://USER:PASSWORD@HOST:PORT/DB

Brings the PostgreSQL database to the current schema with diemcau's migrations, then
copies every table of the configured SQLite database into it in one transaction (all
rows or none) and checks each table's row count. The SQLite file is not changed.
Stop the server first; the target must hold no rows. Then set DATABASE_URL to the
PostgreSQL URL and start the server (DATA_DIR keeps the secret key and recordings).

Options:
  --to URL    The PostgreSQL database (postgres:// or postgresql://)`,

  async run(argv, ctx) {
    const { values } = parseCommandArgs(argv, { to: { type: 'string' } }, { min: 0, max: 0, names: '' });
    const copied = await migrate(ctx.config(), ctx.env, required(values.to, '--to'));
    const rows = copied.reduce((sum, t) => sum + t.rows, 0);
    ctx.out(`Copied ${count(rows, 'row')} of ${count(copied.length, 'table')} into PostgreSQL:\n`);
    for (const t of copied) ctx.out(`  ${t.table}: ${t.rows}\n`);
    ctx.out('Set DATABASE_URL to that URL and start the server.\n');
  },
};
