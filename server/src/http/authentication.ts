import type { Role } from '@diemcau/protocol';
import type { FastifyReply, FastifyRequest, preValidationAsyncHookHandler } from 'fastify';
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
}

export interface AuthenticationDeps {
  resolveSession(token: string): Promise<Principal | undefined>;
  joinTokens: JoinTokens;
}

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
 */
export const authentication = fp<AuthenticationDeps>(
  async (app, { resolveSession, joinTokens }) => {
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
 * A preValidation hook (authorisation comes before body validation, so a refused
 * caller learns nothing about the body rules) that lets through signed-in accounts with one of `roles`;
 * others get UNAUTHENTICATED (no account) or FORBIDDEN (wrong role), and
 * refusals of a presented credential are audited.
 */
export function requireRole(audit: AuditLog, ...roles: Role[]): preValidationAsyncHookHandler {
  return async function guard(request: FastifyRequest, _reply: FastifyReply) {
    const p = request.principal;
    if (p.kind === 'account' && roles.includes(p.role)) return;
    if (p.kind === 'anonymous') throw new AppError('UNAUTHENTICATED', 401, 'sign in first');
    await audit.record({
      actor: p,
      action: 'access.denied',
      ip: request.ip,
      details: { method: request.method, route: request.routeOptions.url ?? request.url },
    });
    throw new AppError('FORBIDDEN', 403, `this action needs the ${roles.join(' or ')} role`);
  };
}
