import type { OptionSpec, Options } from './args.js';

/** What a scenario measured: a readable table, and the figures as one JSON object. */
export interface Outcome {
  rows: [string, string][];
  /** Written to bench-results/ and printed as the very last line; `errors` counts what went wrong. */
  result: { errors: number } & Record<string, unknown>;
}

export interface Scenario {
  name: string;
  /** One line for the usage text. */
  summary: string;
  /** Which parts are real and which simulated, for the usage text. */
  method: string;
  options: OptionSpec[];
  run(options: Options): Promise<Outcome>;
}

/** Progress on stderr, so that stdout holds only the table and the JSON line. */
export const progress = (scenario: string, message: string): void => {
  console.error(`[bench ${scenario}] ${message}`);
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
