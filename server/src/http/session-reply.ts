// Setting and clearing the session cookie on a reply, with the options session-cookie.ts decides.
import '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sessionCookieOptions } from '../accounts/session-cookie.js';
import { SESSION_COOKIE } from './authentication.js';

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  session: { token: string; expiresAt: string },
  publicUrl: string | undefined,
): void {
  reply.setCookie(SESSION_COOKIE, session.token, {
    ...sessionCookieOptions(request, publicUrl),
    expires: new Date(session.expiresAt),
  });
}

export function clearSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  publicUrl: string | undefined,
): void {
  reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(request, publicUrl));
}
