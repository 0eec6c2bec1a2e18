import fs from 'node:fs/promises';
import { writeCredentialsCsv } from '../units/credentials-csv.js';
import { CLI_ACTOR, parseCommandArgs, type Command } from './command.js';
import { count } from './text.js';

export const issueCredentials: Command = {
  name: 'issue-credentials',
  summary: 'Issue join links to every point that never had one, as CSV (shown once)',
  help: `Usage: npm run cli -- issue-credentials [FILE]

Issues a join link to every bridge point that never had one (revoked points are
left alone) and writes them as CSV (unit_code, unit_name, point_name, join_url)
to FILE, or to standard output. The links are not stored: keep the file safe
and hand each hall its own link.`,

  async run(argv, ctx) {
    const { positionals } = parseCommandArgs(argv, {}, { min: 0, max: 1, names: '' });
    const [file] = positionals;
    const { units } = await ctx.services();
    const issued = await units.issueMissingCredentials({ actor: CLI_ACTOR });
    const csv = writeCredentialsCsv(issued);
    if (!file) {
      ctx.out(csv);
      return;
    }
    // Join links are secrets: readable by the operator only.
    await fs.writeFile(file, csv, { mode: 0o600 });
    ctx.out(`Issued ${count(issued.length, 'join link')} into ${file}.\n`);
  },
};
