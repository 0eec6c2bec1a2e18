import type { CredentialState } from '@diemcau/protocol';
import { parseCommandArgs, UsageError, type Command } from './command.js';
import { formatTable } from './text.js';

const STATES: readonly CredentialState[] = ['active', 'revoked', 'none'];

export const listPoints: Command = {
  name: 'list-points',
  summary: 'List the bridge points with their units and join-link state',
  help: `Usage: npm run cli -- list-points [--credential active|revoked|none]

Lists every bridge point in tree order: its id (for rotate-credential and
create-conference --invite-point), its unit and whether its join link works.

Options:
  --credential STATE     Only points whose join link is active, revoked or none (never issued)`,

  async run(argv, ctx) {
    const { values } = parseCommandArgs(
      argv,
      { credential: { type: 'string' } },
      { min: 0, max: 0, names: '' },
    );
    const credential = values.credential as CredentialState | undefined;
    if (credential !== undefined && !STATES.includes(credential)) {
      throw new UsageError(`--credential must be one of ${STATES.join(', ')}`);
    }
    const { units } = await ctx.services();
    const points = await units.listPoints(credential ? { credential } : {});
    if (points.length === 0) {
      ctx.out('No bridge points.\n');
      return;
    }
    const rows = points.map((p) => [p.id, p.unit.code, p.unit.name, p.name, p.credential]);
    ctx.out(`${formatTable(['POINT ID', 'UNIT CODE', 'UNIT', 'POINT', 'JOIN LINK'], rows)}\n`);
  },
};
