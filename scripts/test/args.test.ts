import { describe, expect, it } from 'vitest';
import { parseStartArgs, parseTestArgs } from '../lib/args.mjs';
import { SetupError } from '../lib/log.mjs';
import { satisfiesMinimum } from '../lib/node-version.mjs';

describe('npm start arguments', () => {
  it('know --help and --setup-only and reject anything else', () => {
    expect(parseStartArgs([])).toEqual({ help: false, setupOnly: false });
    expect(parseStartArgs(['--setup-only'])).toEqual({ help: false, setupOnly: true });
    expect(parseStartArgs(['-h'])).toEqual({ help: true, setupOnly: false });
    expect(() => parseStartArgs(['--port=1'])).toThrow(SetupError);
  });
});

describe('npm test arguments', () => {
  it('go to vitest, except a leading --help', () => {
    expect(parseTestArgs(['server', '-t', 'join'])).toEqual({
      help: false,
      vitestArgs: ['server', '-t', 'join'],
    });
    expect(parseTestArgs(['--help'])).toEqual({ help: true, vitestArgs: [] });
    expect(parseTestArgs(['server', '--help'])).toEqual({ help: false, vitestArgs: ['server', '--help'] });
  });
});

describe('node version floor', () => {
  it('compares numerically, part by part', () => {
    expect(satisfiesMinimum('v20.19.0', '>=20.19')).toBe(true);
    expect(satisfiesMinimum('v20.20.2', '>=20.19')).toBe(true);
    expect(satisfiesMinimum('v22.0.0', '>=20.19')).toBe(true);
    expect(satisfiesMinimum('v20.18.9', '>=20.19')).toBe(false);
    expect(satisfiesMinimum('v18.20.0', '>=20.19')).toBe(false);
    expect(satisfiesMinimum('v20.9.0', '>=20.19')).toBe(false);
    expect(() => satisfiesMinimum('v20.0.0', '^20')).toThrow();
  });
});
