import { describeOptions, parseOptions, UsageError } from './args.js';
import { report } from '../../server/test/helpers/bench-report.js';
import type { Scenario } from './scenario.js';
import { conference } from './scenarios/conference.js';
import { joinStorm } from './scenarios/join-storm.js';
import { liveCpu } from './scenarios/live-cpu.js';
import { liveLatency } from './scenarios/live-latency.js';
import { recording } from './scenarios/recording.js';

/*
 * The benchmark runner: `npm run bench -- <scenario> [options]` (scripts/bench.mjs
 * sets up and provides Redis, then runs this). Prints a table and, as the very
 * last line, the figures as one JSON object, also written to bench-results/.
 * Exits 1 when the run counted errors.
 */

const SCENARIOS: readonly Scenario[] = [conference, joinStorm, liveLatency, recording, liveCpu];

function usage(): string {
  return [
    'Usage: npm run bench -- <scenario> [options]',
    '',
    'Scenarios:',
    ...SCENARIOS.flatMap((s) => [
      `  ${s.name}  ${s.summary}`,
      ...s.method.split('\n').map((line) => `    ${line}`),
      describeOptions(s.options),
      '',
    ]),
    'Each run prints a table, then one JSON line with the figures (also written to',
    'bench-results/<scenario>-<time>.json). Figures depend on the machine and on what',
    'else runs on it: the JSON records the load average at the start. Needs Redis',
    '(REDIS_URL; npm run bench finds or starts one). See docs/benchmarks.md.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  const scenario = SCENARIOS.find((s) => s.name === name);
  try {
    if (!scenario) throw new UsageError(`unknown scenario "${name}"`);
    const options = parseOptions(scenario.options, rest);
    const { rows, result } = await scenario.run(options);
    report(scenario.name, rows, { scenario: scenario.name, options, ...result });
    return result.errors > 0 ? 1 : 0;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`bench: ${error.message} (see: npm run bench -- --help)`);
    return 2;
  }
}

// Explicitly: @roamhq/wrtc's threads (the egress scenarios' halls) crash a process winding down on its own.
process.exit(await main(process.argv.slice(2)));
