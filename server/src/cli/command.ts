import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CodedError, type Env } from '@diemcau/protocol';
import type { Config } from '../config.js';
import type { ApiServices } from '../http/api-services.js';

/** What a command may use: output, standard input, and the services (opened on first use). */
export interface CliContext {
  /** Writes text to standard output. */
  out(text: string): void;
  readStdin(): Promise<string>;
  services(): Promise<ApiServices>;
  /** The configuration, for commands that work on files and databases without the services. */
  config(): Config;
  env: Env;
}

/** One operator command: a name, help texts and what it does with its arguments. */
export interface Command {
  name: string;
  /** One line for the global help. */
  summary: string;
  /** The full text for `<command> --help`. */
  help: string;
  run(argv: string[], ctx: CliContext): Promise<void>;
}

/** The command line itself is wrong: exit code 2 with a hint at --help. */
export class UsageError extends CodedError<'USAGE'> {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/** The audit log's name for whoever runs the CLI on the server. */
export const CLI_ACTOR = { kind: 'cli' } as const;

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
>;

/**
 * node:util parseArgs in strict mode, with its errors (unknown option, missing
 * value) and a wrong number of positionals turned into UsageErrors.
 */
export function parseCommandArgs<O extends Options>(
  argv: string[],
  options: O,
  positionals: { min: number; max: number; names: string },
): Parsed<O> {
  let parsed: Parsed<O>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
      throw new UsageError((error as Error).message);
    }
    throw error;
  }
  const count = parsed.positionals.length;
  if (count < positionals.min) throw new UsageError(`missing ${positionals.names}`);
  if (count > positionals.max) {
    throw new UsageError(`unexpected argument "${parsed.positionals[positionals.max]}"`);
  }
  return parsed;
}

/** A string option the command cannot do without. */
export function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required`);
  return value;
}
