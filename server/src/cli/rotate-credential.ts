import { AppError } from '../errors.js';
import { CLI_ACTOR, parseCommandArgs, type Command } from './command.js';

export const rotateCredential: Command = {
  name: 'rotate-credential',
  summary: 'Issue a new join link for a bridge point; its old link stops working',
  help: `Usage: npm run cli -- rotate-credential <point-id | unit-code>

Issues a new join link for a bridge point and prints it once; the point's
previous link stops working at once. Give the point's id (see list-points) or
the code of a unit that has exactly one point.`,

  async run(argv, ctx) {
    const { positionals } = parseCommandArgs(
      argv,
      {},
      { min: 1, max: 1, names: 'the point id or unit code' },
    );
    const [wanted = ''] = positionals;
    const { units } = await ctx.services();
    const points = await units.listPoints();
    const byId = points.find((p) => p.id === wanted);
    const ofUnit = points.filter((p) => p.unit.code === wanted);
    if (!byId && ofUnit.length > 1) {
      const ids = ofUnit.map((p) => `${p.id} (${p.name})`).join(', ');
      throw new AppError('CONFLICT', 409, `unit ${wanted} has ${ofUnit.length} points: give one of ${ids}`);
    }
    const point = byId ?? ofUnit[0];
    if (!point) throw new AppError('NOT_FOUND', 404, `no bridge point with id or unit code "${wanted}"`);
    const issued = await units.issueCredential(point.id, { actor: CLI_ACTOR });
    ctx.out(
      `New join link for ${issued.unit.name} / ${issued.pointName} (shown only now; the old link no longer works):\n` +
        `${issued.joinUrl}\n`,
    );
  },
};
