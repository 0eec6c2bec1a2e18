import { ConferenceCreate, validator } from '@diemcau/protocol';
import { AppError } from '../errors.js';
import { CLI_ACTOR, parseCommandArgs, required, type Command } from './command.js';
import { count } from './text.js';

const checkConference = validator(ConferenceCreate);

const CLI_CALLER = { actor: CLI_ACTOR, ip: null };

const FLAGS: [string, string][] = [
  ['/title', '--title'],
  ['/scheduledStart', '--start'],
  ['/description', '--description'],
  ['/invite/units', '--invite-unit'],
  ['/invite/points', '--invite-point'],
];
const flagOf = (path: string) => FLAGS.find(([prefix]) => path.startsWith(prefix))?.[1] ?? path;

export const createConference: Command = {
  name: 'create-conference',
  summary: 'Schedule a conference and invite units (with their subtrees) and points',
  help: `Usage: npm run cli -- create-conference --title TEXT --start ISO-TIME
         [--description TEXT] [--invite-unit CODE]... [--invite-point ID]...

Schedules a conference. Inviting a unit invites every bridge point in its
subtree; repeat --invite-unit and --invite-point as often as needed.

Options:
  --title TEXT           The conference's title
  --start ISO-TIME       Scheduled start with its offset, e.g. 2025-03-01T08:00:00+07:00
  --description TEXT     Optional description
  --invite-unit CODE     A unit code (see export-units); its whole subtree is invited
  --invite-point ID      A bridge point id (see list-points)`,

  async run(argv, ctx) {
    const { values } = parseCommandArgs(
      argv,
      {
        title: { type: 'string' },
        start: { type: 'string' },
        description: { type: 'string' },
        'invite-unit': { type: 'string', multiple: true },
        'invite-point': { type: 'string', multiple: true },
      },
      { min: 0, max: 0, names: '' },
    );
    const title = required(values.title, '--title');
    const start = required(values.start, '--start');
    const { units, conferences } = await ctx.services();
    const unitIds = new Map((await units.tree()).map((u) => [u.code, u.id]));
    const unknown = (values['invite-unit'] ?? []).filter((code) => !unitIds.has(code));
    if (unknown.length > 0) throw new AppError('NOT_FOUND', 404, `no unit with code ${unknown.join(', ')}`);
    const checked = checkConference({
      title,
      scheduledStart: start,
      ...(values.description === undefined ? {} : { description: values.description }),
      invite: {
        units: (values['invite-unit'] ?? []).map((code) => unitIds.get(code)),
        points: values['invite-point'] ?? [],
      },
    });
    if (!checked.ok) {
      const [issue] = checked.issues;
      throw new AppError('VALIDATION_FAILED', 400, `${flagOf(issue?.path ?? '')}: ${issue?.message}`);
    }
    const conference = await conferences.create(checked.value, CLI_CALLER);
    ctx.out(
      `Scheduled "${conference.title}" for ${conference.scheduledStart}, id ${conference.id} ` +
        `(invited: ${count(conference.invite.units.length, 'unit')}, ${count(conference.invite.points.length, 'point')}).\n`,
    );
  },
};
