import { describe, expect, it } from 'vitest';
import { describeOptions, parseOptions, UsageError, type OptionSpec } from './args.js';

const specs: OptionSpec[] = [
  { name: 'points', default: 10, min: 1, max: 500, help: 'bridge points' },
  { name: 'seconds', default: 30, min: 1, max: 3600, help: 'measured seconds' },
];

describe('bench options', () => {
  it('fills in defaults and reads both spellings', () => {
    expect(parseOptions(specs, [])).toEqual({ points: 10, seconds: 30 });
    expect(parseOptions(specs, ['--points', '123', '--seconds=10'])).toEqual({ points: 123, seconds: 10 });
  });

  it('refuses what it cannot use, naming it', () => {
    const refusal = (argv: string[]) => {
      try {
        parseOptions(specs, argv);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refusal(['--pointz', '3'])).toBe('unknown option --pointz');
    expect(refusal(['--points'])).toBe('--points needs a value');
    expect(refusal(['--points', '0'])).toBe('--points must be a number from 1 to 500, not "0"');
    expect(refusal(['--points', 'many'])).toBe('--points must be a number from 1 to 500, not "many"');
    expect(refusal(['points'])).toBe('unexpected argument "points"');
  });

  it('lists the options with their defaults', () => {
    expect(describeOptions(specs)).toBe(
      '    --points     bridge points (default 10)\n    --seconds    measured seconds (default 30)',
    );
  });
});
