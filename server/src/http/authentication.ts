import type { Role } from '@diemcau/protocol';
import type { FastifyRequest, onRequestAsyncHookHandler, RouteOptions } from 'fastify';
import '@fastify/cookie';
import fp from 'fastify-plugin';
import type { AuditLog } from '../audit/audit-log.js';
import type { JoinTokens } from '../auth/join-tokens.js';
import type { Principal } from '../auth/principal.js';
import { AppError } from '../errors.js';

export const SESSION_COOKIE = 'diemcau_session';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    /** Only signed-in accounts with one of these roles may call the route. */
    roles?: readonly Role[];
    /** A session that may only set up a second factor (REQUIRE_2FA) passes the guard too. */
    enrolling?: boolean;
  }
}

export interface AuthenticationDeps {
  resolveSession(token: string): Promise<Principal | undefined>;
  joinTokens: JoinTokens;
  /** Where refusals of a presented credential are recorded. */
  audit: AuditLog;
}

/** The role sets routes name in `config.roles`. */
export const HOST_OR_ADMIN: readonly Role[] = ['admin', 'host'];
export const ADMIN_ONLY: readonly Role[] = ['admin'];

/** How the OpenAPI document names the credentials of a route with `roles`. */
const ACCOUNT_CREDENTIALS: Record<string, string[]>[] = [{ session: [] }, { bearer: [] }];

/** The credentials a request carries, in the order they are tried: the session cookie, then a Bearer token. */
function presentedTokens(request: FastifyRequest): string[] {
  const tokens: string[] = [];
  const cookie = request.cookies?.[SESSION_COOKIE];
  if (cookie) tokens.push(cookie);
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) tokens.push(header.slice(7).trim());
  return tokens;
}

/**
 * Sets `request.principal` on every request. A session token makes an account;
 * a conference join token (it has a signature part) makes a bridge point;
 * anything else, including an expired or forged token, stays anonymous.
 * Routes registered after it that name `config.roles` get the role guard.
 */
export const authentication = fp<AuthenticationDeps>(
  async (app, { resolveSession, joinTokens, audit }) => {
    // Reference-typed decorations start as null and are set per request (Fastify's rule).
    app.decorateRequest('principal', null as never);
    app.addHook('onRequest', async (request) => {
      request.principal = { kind: 'anonymous' };
      // A stale cookie must not hide a valid Bearer token sent with it.
      for (const token of presentedTokens(request)) {
        const principal = await principalOf(token);
        if (principal) {
          request.principal = principal;
          return;
        }
      }
    });
    app.addHook('onRoute', (route) => guardRoute(route, audit));

    async function principalOf(token: string): Promise<Principal | undefined> {
      if (!token.includes('.')) return resolveSession(token);
      const grant = joinTokens.verify(token);
      return grant?.role === 'point' && grant.pointId
        ? { kind: 'point', pointId: grant.pointId, conferenceId: grant.conferenceId }
        : undefined;
    }
  },
  { name: 'authentication' },
);

/**
 * Puts the role guard of a route with `config.roles` last among its onRequest
 * hooks (after the principal is known) and names its credentials in the
 * OpenAPI document. onRequest comes before the body is read, so a refused
 * caller gets 401 or 403 whatever it sent, never a word about the body.
 */
function guardRoute(route: RouteOptions, audit: AuditLog): void {
  const roles = route.config?.roles;
  if (!roles) return;
  const own = route.onRequest === undefined ? [] : [route.onRequest].flat();
  route.onRequest = [...own, requireRole(audit, roles, route.config?.enrolling === true)];
  route.schema = { ...route.schema, security: ACCOUNT_CREDENTIALS };
}

/**
 * Lets through signed-in accounts with one of `roles`; others get
 * UNAUTHENTICATED (no account) or FORBIDDEN (wrong role), and refusals of a
 * presented credential are audited.
 */
function requireRole(audit: AuditLog, roles: readonly Role[], enrolling: boolean): onRequestAsyncHookHandler {
  return async function guard(request: FastifyRequest) {
    const p = request.principal;
    if ((p.kind === 'account' || (enrolling && p.kind === 'enrolling')) && roles.includes(p.role)) return;
    if (p.kind === 'anonymous') throw new AppError('UNAUTHENTICATED', 401, 'sign in first');
    if (p.kind === 'enrolling') {
      throw new AppError('TWO_FACTOR_ENROLMENT_REQUIRED', 403, 'set up two-factor sign-in first');
    }
    await audit.record({
      actor: p,
      action: 'access.denied',
      ip: request.ip,
      details: { method: request.method, route: request.routeOptions.url ?? request.url },
    });
    throw new AppError('FORBIDDEN', 403, `this action needs the ${roles.join(' or ')} role`);
  };
}
