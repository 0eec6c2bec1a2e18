import { AccountCreate, validator } from '@diemcau/protocol';
import { generatePassword } from '../auth/passwords.js';
import { AppError } from '../errors.js';
import { CLI_ACTOR, parseCommandArgs, required, type Command } from './command.js';

const checkAccount = validator(AccountCreate);
const SOURCE: Record<string, string> = {
  '/username': '--username',
  '/displayName': '--display-name',
  '/password': 'the password',
};

export const createAdmin: Command = {
  name: 'create-admin',
  summary: 'Create an admin account (password generated and shown once, or read from stdin)',
  help: `Usage: npm run cli -- create-admin --username NAME --display-name TEXT [--password-stdin]

Creates an account with the admin role.

Options:
  --username NAME        3-64 characters: a-z, 0-9, '.', '_' or '-'
  --display-name TEXT    The name shown in the interface
  --password-stdin       Read the password from standard input (at least 10 characters),
                         e.g. printf '%s' "$PASSWORD" | npm run cli -- create-admin ...
                         Without it, a random password is generated and printed once.`,

  async run(argv, ctx) {
    const { values } = parseCommandArgs(
      argv,
      {
        username: { type: 'string' },
        'display-name': { type: 'string' },
        'password-stdin': { type: 'boolean' },
      },
      { min: 0, max: 0, names: '' },
    );
    const generated = !values['password-stdin'];
    // One trailing newline is what `echo` adds, not part of the password.
    const password = generated ? generatePassword() : (await ctx.readStdin()).replace(/\r?\n$/, '');
    const checked = checkAccount({
      username: required(values.username, '--username'),
      displayName: required(values['display-name'], '--display-name'),
      role: 'admin',
      password,
    });
    if (!checked.ok) {
      const [issue] = checked.issues;
      throw new AppError(
        'VALIDATION_FAILED',
        400,
        `${SOURCE[issue?.path ?? ''] ?? issue?.path}: ${issue?.message}`,
      );
    }
    const { accounts } = await ctx.services();
    const account = await accounts.create(checked.value, CLI_ACTOR);
    ctx.out(`Created admin account "${account.username}" (${account.displayName}), id ${account.id}.\n`);
    if (generated) ctx.out(`Password (shown only now; change it after signing in): ${password}\n`);
  },
};
