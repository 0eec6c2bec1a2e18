/** A numeric option of a scenario: `--name N` or `--name=N`. */
export interface OptionSpec {
  name: string;
  default: number;
  min: number;
  max: number;
  help: string;
}

export type Options = Record<string, number>;

/** A command line the runner cannot use: printed as one line with the usage hint. */
export class UsageError extends Error {}

/** The scenario's options from argv, defaults filled in; anything unknown or out of range is a UsageError. */
export function parseOptions(specs: readonly OptionSpec[], argv: readonly string[]): Options {
  const options: Options = Object.fromEntries(specs.map((s) => [s.name, s.default]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const match = /^--([a-z][a-z-]*)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UsageError(`unexpected argument "${arg}"`);
    const [, name, inline] = match;
    const spec = specs.find((s) => s.name === name);
    if (!spec) throw new UsageError(`unknown option --${name}`);
    const raw = inline ?? argv[++i];
    if (raw === undefined) throw new UsageError(`--${name} needs a value`);
    const value = Number(raw);
    if (!Number.isFinite(value) || value < spec.min || value > spec.max) {
      throw new UsageError(`--${name} must be a number from ${spec.min} to ${spec.max}, not "${raw}"`);
    }
    options[spec.name] = value;
  }
  return options;
}

/** The options block of the usage text. */
export function describeOptions(specs: readonly OptionSpec[]): string {
  const width = Math.max(...specs.map((s) => s.name.length)) + 4;
  return specs.map((s) => `    --${s.name.padEnd(width)}${s.help} (default ${s.default})`).join('\n');
}
