// @ts-check
import { SetupError } from './log.mjs';

/** @param {string[]} argv */
export function parseStartArgs(argv) {
  const options = { help: false, setupOnly: false };
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg === '--setup-only') options.setupOnly = true;
    else throw new SetupError(`unknown option ${arg} (see: npm start -- --help)`);
  }
  return options;
}

/**
 * Everything but a leading --help goes to vitest (`npm test -- server -t join`).
 * @param {string[]} argv
 */
export function parseTestArgs(argv) {
  const help = argv[0] === '--help' || argv[0] === '-h';
  return { help, vitestArgs: help ? [] : argv };
}
