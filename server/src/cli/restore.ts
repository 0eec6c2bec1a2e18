// `restore`: the command line of putting a backup back on a stopped installation.
import path from 'node:path';
import { restoreBackup } from '../backup/restore.js';
import { parseCommandArgs, type Command } from './command.js';

export const restore: Command = {
  name: 'restore',
  summary: 'Put a backup back into DATA_DIR and the database, with the service stopped',
  help: `Usage: npm run cli -- restore FROM [--force]

Checks the backup in folder FROM (its manifest, every file's size and sha256), then
restores its database into the configured one (DATABASE_URL: SQLite or PostgreSQL, of
the kind the backup holds) and its secret.key, tls/ and recordings/ into DATA_DIR.
Stop the server and media-worker first: it refuses while they answer on their ports
or hold the SQLite database.

Options:
  --force     Restore into a DATA_DIR or database that is not empty, replacing its
              database, secret.key, tls/ and recordings/ (other files stay)`,

  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(
      argv,
      { force: { type: 'boolean' } },
      { min: 1, max: 1, names: 'FROM (the backup folder)' },
    );
    const config = ctx.config();
    const from = path.resolve(positionals[0] ?? '');
    const { manifest, warnings } = await restoreBackup({
      config,
      env: ctx.env,
      from,
      force: values.force ?? false,
    });
    for (const warning of warnings) ctx.out(`warning: ${warning}\n`);
    ctx.out(
      `Restored the backup of ${manifest.createdAt} (${manifest.files.length} files) into ${config.dataDir}. Start the server.\n`,
    );
  },
};
