import type { Env } from '@diemcau/protocol';
import { loadConfig } from '../config.js';
import { AppError } from '../errors.js';
import type { ApiServices } from '../http/api-services.js';
import { UsageError, type CliContext, type Command } from './command.js';
import { COMMANDS } from './commands.js';
import { openServices } from './services.js';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
}

const HELP_FLAGS = new Set(['--help', '-h']);

export function usage(commands: readonly Command[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `diemcau operator commands

Usage: npm run cli -- <command> [arguments]
       npm run cli -- <command> --help

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

The commands read the server's configuration from the environment (DATABASE_URL,
DATA_DIR, SECRET_KEY, PUBLIC_URL, ...), use the same rules as the web API, and
are recorded in the audit log as the operator ("cli").
`;
}

/** One line for the operator; CSV row errors get a line each. */
function explain(error: unknown): string {
  if (error instanceof AppError) {
    const rows = Array.isArray(error.details)
      ? (error.details as { line?: unknown; reason?: unknown }[])
      : [];
    const lines = rows
      .filter((r) => typeof r.line === 'number' && typeof r.reason === 'string')
      .map((r) => `\n  line ${r.line}: ${r.reason}`);
    return `error: ${error.message}${lines.join('')}`;
  }
  if ((error as { code?: unknown }).code === 'INVALID_CONFIG') {
    return `invalid configuration: ${(error as Error).message}`;
  }
  return `error: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * Runs one command line and returns the exit code: 0 done, 1 the command
 * failed, 2 the command line is wrong. Help never touches the database.
 */
export async function runCli(argv: readonly string[], io: CliIo, env: Env = process.env): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(usage());
    return 2;
  }
  if (HELP_FLAGS.has(name) || name === 'help') {
    const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.stdout(topic ? `${topic.help}\n` : usage());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  if (rest.some((arg) => HELP_FLAGS.has(arg))) {
    io.stdout(`${command.help}\n`);
    return 0;
  }

  let opened: Promise<{ services: ApiServices; close(): Promise<void> }> | undefined;
  const ctx: CliContext = {
    out: io.stdout,
    readStdin: io.readStdin,
    services: async () => (await (opened ??= openServices(loadConfig(env)))).services,
    config: () => loadConfig(env),
    env,
  };
  try {
    await command.run(rest, ctx);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(
        `${command.name}: ${error.message}\nRun "npm run cli -- ${command.name} --help" for usage.\n`,
      );
      return 2;
    }
    io.stderr(`${explain(error)}\n`);
    return 1;
  } finally {
    await (await opened?.catch(() => undefined))?.close();
  }
}
