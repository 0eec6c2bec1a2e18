// METRICS_TOKEN, the operator's token: read the same way by every process, and compared with the
// Bearer token of a request to decide who may read health details and metrics.
import { ConfigError, type Env, envString } from './env.js';

const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const MIN_LENGTH = 32;

/** The operator's token, or undefined when unset; a short or non-Bearer value is a ConfigError. */
export function envOperatorToken(env: Env, name = 'METRICS_TOKEN'): string | undefined {
  const value = envString(env, name);
  if (value === undefined) return undefined;
  if (value.length < MIN_LENGTH || !BEARER_TOKEN.test(value)) {
    throw new ConfigError(
      name,
      `must be at least ${MIN_LENGTH} characters of A-Z a-z 0-9 - . _ ~ + / (e.g. openssl rand -hex 32)`,
    );
  }
  return value;
}

/**
 * Whether an Authorization header carries `Bearer <token>`. Every character of the token is
 * compared whatever the header holds, so the time taken does not tell how much of a guess was right.
 */
export function presentsToken(authorization: string | undefined, token: string | undefined): boolean {
  if (token === undefined || !authorization?.startsWith('Bearer ')) return false;
  const given = authorization.slice('Bearer '.length).trim();
  let difference = given.length ^ token.length;
  for (let i = 0; i < token.length; i++) difference |= token.charCodeAt(i) ^ (given.charCodeAt(i) | 0);
  return difference === 0;
}
