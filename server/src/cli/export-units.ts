import fs from 'node:fs/promises';
import { parseCommandArgs, type Command } from './command.js';

export const exportUnits: Command = {
  name: 'export-units',
  summary: 'Export the units and bridge points as CSV (to a file or standard output)',
  help: `Usage: npm run cli -- export-units [FILE]

Writes the administrative tree in the import format (see docs/units-csv.md) to
FILE, or to standard output when no FILE is given. Importing it back changes
nothing. Join links are not part of it.`,

  async run(argv, ctx) {
    const { positionals } = parseCommandArgs(argv, {}, { min: 0, max: 1, names: '' });
    const [file] = positionals;
    const { units } = await ctx.services();
    const csv = await units.exportCsv();
    if (!file) {
      ctx.out(csv);
      return;
    }
    await fs.writeFile(file, csv);
    ctx.out(`Exported the units to ${file}.\n`);
  },
};
