import fs from 'node:fs/promises';
import { CLI_ACTOR, parseCommandArgs, type Command } from './command.js';
import { count } from './text.js';

export const importUnits: Command = {
  name: 'import-units',
  summary: 'Import units and bridge points from a CSV file (all rows or none)',
  help: `Usage: npm run cli -- import-units <FILE | ->

Creates and updates units and their bridge points from a CSV file in the
format described in docs/units-csv.md; "-" reads standard input. Nothing is
imported if any row is wrong: every wrong row is listed with its line number.
New points get no join link: issue them with issue-credentials.`,

  async run(argv, ctx) {
    const { positionals } = parseCommandArgs(argv, {}, { min: 1, max: 1, names: 'the CSV file' });
    const [file = '-'] = positionals;
    const text = file === '-' ? await ctx.readStdin() : await fs.readFile(file, 'utf8');
    const { units } = await ctx.services();
    const r = await units.importCsv(text, { actor: CLI_ACTOR });
    ctx.out(
      `Imported ${file === '-' ? 'standard input' : file}: ${count(r.unitsCreated, 'unit')} created, ` +
        `${r.unitsUpdated} updated, ${r.unitsUnchanged} unchanged; ${count(r.pointsCreated, 'point')} created.\n`,
    );
  },
};
