// Who is an operator, the one reader of health details and /metrics: the bearer of METRICS_TOKEN
// (Prometheus, scripts) or an admin signed in to the console. Not by address: behind a proxy on
// the same machine every request comes from 127.0.0.1.
import { presentsToken } from '@diemcau/protocol';
import type { FastifyRequest } from 'fastify';
import '@fastify/cookie';
import type { Principal } from '../auth/principal.js';
import { SESSION_COOKIE } from './authentication.js';

export interface OperatorAccessDeps {
  metricsToken: string | undefined;
  resolveSession(token: string): Promise<Principal | undefined>;
}

/** The session tokens a request carries: the console's cookie, then a Bearer token (join tokens have a dot). */
function sessionTokens(request: FastifyRequest): string[] {
  const header = request.headers.authorization;
  return [
    request.cookies?.[SESSION_COOKIE],
    header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined,
  ].filter((token): token is string => !!token && !token.includes('.'));
}

/**
 * Whether the request comes from an operator. The token is checked first, without the database,
 * so Prometheus and readiness probes still read details while the database is down; a session
 * that cannot be looked up then counts as no session.
 */
export function operatorAccess({
  metricsToken,
  resolveSession,
}: OperatorAccessDeps): (request: FastifyRequest) => Promise<boolean> {
  return async (request) => {
    if (presentsToken(request.headers.authorization, metricsToken)) return true;
    for (const token of sessionTokens(request)) {
      const principal = await resolveSession(token).catch((error: unknown) => {
        request.log.warn({ err: error }, 'cannot look up the session of a health or metrics request');
        return undefined;
      });
      if (principal?.kind === 'account' && principal.role === 'admin') return true;
    }
    return false;
  };
}
