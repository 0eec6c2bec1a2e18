/**
 * Parsing of environment variables, the configuration that crosses into every
 * diemcau process. Pure functions: each returns the value or throws a
 * ConfigError naming the variable, which the process prints as one line.
 */

import { CodedError } from './coded-error.js';

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends CodedError<'INVALID_CONFIG'> {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super('INVALID_CONFIG', `${variable} ${reason}`);
  }
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Empty counts as unset, as `VAR=` in env files and compose `${VAR:-}` produce it. */
export function envString(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

export function envInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = envString(env, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ConfigError(name, `must be an integer ${min}-${max} (got "${value}")`);
  }
  return Number(value);
}

export function envOneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = envString(env, name);
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${value}")`);
  }
  return value as T;
}

export function envBoolean(env: Env, name: string, fallback: boolean): boolean {
  const value = envString(env, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (['true', '1', 'yes'].includes(value)) return true;
  if (['false', '0', 'no'].includes(value)) return false;
  throw new ConfigError(name, `must be true or false (got "${value}")`);
}

/** A URL whose scheme is one of `protocols` (e.g. `['redis:', 'rediss:']`). */
export function envUrl(env: Env, name: string, fallback: string, protocols: readonly string[]): string {
  const value = envString(env, name) ?? fallback;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, `must be a URL (got "${value}")`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')} (got "${value}")`);
  }
  return value;
}
