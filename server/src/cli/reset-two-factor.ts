// The operator's reset of an account's second factor (a lost phone), audited as the CLI.
import { CLI_ACTOR, parseCommandArgs, type Command } from './command.js';

export const resetTwoFactor: Command = {
  name: 'reset-2fa',
  summary: "Turn off an account's two-factor sign-in and end its sessions (a lost phone)",
  help: `Usage: npm run cli -- reset-2fa <username>

Removes the account's TOTP secret and recovery codes and ends every session it
has. Where REQUIRE_2FA covers the account, its next sign-in sets up a new
second factor. The reset is recorded in the audit log (auth.two-factor.reset).`,

  async run(argv, ctx) {
    const { positionals } = parseCommandArgs(argv, {}, { min: 1, max: 1, names: 'the username' });
    const [username = ''] = positionals;
    const { accounts } = await ctx.services();
    const reset = await accounts.twoFactor.reset(username, CLI_ACTOR);
    ctx.out(
      `${reset.wasOn ? 'Two-factor sign-in removed' : 'Two-factor sign-in was not on'} for "${username}"; ` +
        `${reset.sessionsEnded} session(s) ended.\n`,
    );
  },
};
