// `backup`: the command line of a consistent copy of a running installation (server/src/backup/backup.ts).
import path from 'node:path';
import { createBackup } from '../backup/backup.js';
import { appVersion } from './app-version.js';
import { parseCommandArgs, type Command } from './command.js';

export const backup: Command = {
  name: 'backup',
  summary: 'Copy the database, secret key, local CA and recordings into a new folder, while the service runs',
  help: `Usage: npm run cli -- backup [--to DIR]

Makes DIR/diemcau-YYYYMMDD-HHMMSS/ with a consistent copy of the database (SQLite through
its online backup API, PostgreSQL through pg_dump), DATA_DIR/secret.key, DATA_DIR/tls/ and
DATA_DIR/recordings/, and a manifest.json listing every file with its size and sha256.
It may run while the server and media-worker run. The folder is readable by you only:
it holds the secret key.

Options:
  --to DIR    Where to make the backup's folder (default: ./backups)`,

  async run(argv, ctx) {
    const { values } = parseCommandArgs(argv, { to: { type: 'string' } }, { min: 0, max: 0, names: '' });
    const result = await createBackup({
      config: ctx.config(),
      to: path.resolve(values.to ?? 'backups'),
      appVersion: appVersion(),
    });
    const { manifest } = result;
    const bytes = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
    for (const warning of result.warnings) ctx.out(`warning: ${warning}\n`);
    ctx.out(
      `Backed up the ${manifest.database.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} database, ${manifest.files.length} files (${bytes} bytes) into ${result.folder}\n`,
    );
  },
};
