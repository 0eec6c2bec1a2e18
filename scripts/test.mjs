// @ts-check
// `npm test`: the `npm start` set-up plus the test system packages, then lint, format check,
// typecheck and vitest against test Redis/PostgreSQL; stops at the first failing step.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseTestArgs } from './lib/args.mjs';
import { exitStatus } from './lib/exec.mjs';
import { SetupError, log, runMain } from './lib/log.mjs';
import { ROOT } from './lib/repo.mjs';
import { setup } from './lib/setup.mjs';
import { TEST_PACKAGES } from './lib/system-packages.mjs';
import { startTestServices } from './lib/test-services.mjs';

const USAGE = `Usage: npm test [-- VITEST_ARGS...]

Runs the npm start set-up (plus ffmpeg, redis-server, postgresql, chromium, fonts-dejavu-core,
nginx and libnginx-mod-rtmp), then in order:
eslint, prettier --check, typecheck (tsc), vitest run VITEST_ARGS. Stops at the first failure.
Example: npm test -- server -t "bridge point"

Variables:
  REDIS_URL          Redis for the tests; else 127.0.0.1:6379 if it answers, else a private redis-server
  TEST_POSTGRES_URL  PostgreSQL for the tests; else postgres://postgres@127.0.0.1:5432/test if it
                     accepts, else a private cluster (initdb) in a temp dir
  (and the set-up variables of npm start -- --help)`;

/** @type {import('node:child_process').ChildProcess | null} */
let current = null;
/** @type {NodeJS.Signals | null} */
let interrupted = null;

/**
 * @param {string} name
 * @param {string} bin node_modules/.bin tool
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} [env]
 */
async function step(name, bin, args, env = process.env) {
  log(`test: ${name}`);
  const child = spawn(path.join(ROOT, 'node_modules/.bin', bin), args, { cwd: ROOT, env, stdio: 'inherit' });
  current = child;
  const status = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(exitStatus(code, signal)));
  });
  current = null;
  if (interrupted) throw new SetupError(`interrupted (${interrupted}) during ${name}`);
  if (status !== 0) throw new SetupError(`test step failed: ${name} (exit ${status})`);
}

runMain(async () => {
  const { help, vitestArgs } = parseTestArgs(process.argv.slice(2));
  if (help) {
    console.log(USAGE);
    return;
  }
  await setup(ROOT, process.env, () => TEST_PACKAGES);
  await step('eslint .', 'eslint', ['.']);
  await step('prettier --check .', 'prettier', ['--check', '.']);
  await step('typecheck: tsc -b', 'tsc', ['-b']);
  await step('typecheck: tsc -p tsconfig.tests.json', 'tsc', ['-p', 'tsconfig.tests.json']);
  if (fs.existsSync(path.join(ROOT, 'web-client/tsconfig.json'))) {
    await step('typecheck: web-client', 'tsc', ['-p', 'web-client/tsconfig.json', '--noEmit']);
  }

  const services = await startTestServices(process.env);
  // Private services run detached from the terminal: on Ctrl-C or SIGTERM let vitest end, then
  // stop them instead of dying on the spot.
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
    process.on(signal, () => {
      interrupted = signal;
      current?.kill(signal);
    });
  }
  try {
    await step(`vitest run ${vitestArgs.join(' ')}`.trim(), 'vitest', ['run', ...vitestArgs], {
      ...process.env,
      ...services.env,
    });
  } finally {
    await services.stop();
  }
  log('test: all steps passed');
});
