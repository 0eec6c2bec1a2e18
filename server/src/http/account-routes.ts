import {
  Account,
  AccountCreate,
  AccountList,
  AccountParams,
  LoginRequest,
  LoginResponse,
  PasswordChange,
} from '@diemcau/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { caller } from './account-caller.js';
import type { ApiServices } from './api-services.js';
import { ADMIN_ONLY, HOST_OR_ADMIN } from './authentication.js';
import { sessionRoutes } from './session-routes.js';
import { clearSessionCookie, setSessionCookie } from './session-reply.js';
import { twoFactorRoutes } from './two-factor-routes.js';

/** Per client IP; the per-account lock-out in AccountService stops slower guessing. */
const LOGIN_RATE_LIMIT = {
  max: 10,
  timeWindow: '1 minute',
  errorResponseBuilder: (_request: FastifyRequest, context: { after: string }) =>
    new AppError('RATE_LIMITED', 429, `too many sign-in attempts: try again in ${context.after}`),
};

/**
 * Sign-in, sign-out and passwords for everyone with an account; account
 * management for admins; with them, the second factor and the sessions.
 */
export const accountRoutes: FastifyPluginAsyncTypebox<ApiServices> = async (app, services) => {
  const { accounts } = services;
  const publicUrl = accounts.options.publicUrl;
  await app.register(twoFactorRoutes, services);
  await app.register(sessionRoutes, services);

  app.post(
    '/auth/login',
    {
      config: { rateLimit: LOGIN_RATE_LIMIT },
      schema: {
        tags: ['auth'],
        summary:
          'Sign in (with `code` when the account has a second factor): sets the session cookie and returns the token for Bearer use',
        body: LoginRequest,
        response: { 200: LoginResponse },
      },
    },
    async (request, reply) => {
      const session = await accounts.login(request.body, {
        ip: request.ip,
        userAgent: request.headers['user-agent'],
      });
      setSessionCookie(request, reply, session, publicUrl);
      // The body holds a credential: no cache may keep it.
      reply.header('cache-control', 'no-store');
      return session;
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: 'Sign out: ends this session and clears the cookie' } },
    async (request, reply) => {
      // Always succeeds, so a client with an already expired session can still clear its cookie.
      const p = request.principal;
      if (p.kind === 'account' || p.kind === 'enrolling') await accounts.logout(p, request.ip);
      clearSessionCookie(request, reply, publicUrl);
      return reply.code(204).send();
    },
  );

  app.get(
    '/auth/me',
    {
      config: { roles: HOST_OR_ADMIN },
      schema: { tags: ['auth'], summary: 'The signed-in account', response: { 200: Account } },
    },
    async (request) => accounts.get(caller(request).accountId),
  );

  app.post(
    '/auth/password',
    {
      config: { roles: HOST_OR_ADMIN },
      schema: {
        tags: ['auth'],
        summary: 'Change your password; ends your other sessions',
        body: PasswordChange,
      },
    },
    async (request, reply) => {
      await accounts.changePassword(caller(request), request.body, request.ip);
      return reply.code(204).send();
    },
  );

  app.get(
    '/accounts',
    {
      config: { roles: ADMIN_ONLY },
      schema: { tags: ['accounts'], summary: 'List accounts', response: { 200: AccountList } },
    },
    async () => ({ items: await accounts.list() }),
  );

  app.post(
    '/accounts',
    {
      config: { roles: ADMIN_ONLY },
      schema: {
        tags: ['accounts'],
        summary: 'Create an account',
        body: AccountCreate,
        response: { 201: Account },
      },
    },
    async (request, reply) => {
      const account = await accounts.create(request.body, caller(request), request.ip);
      return reply.code(201).send(account);
    },
  );

  app.delete(
    '/accounts/:id',
    {
      config: { roles: ADMIN_ONLY },
      schema: {
        tags: ['accounts'],
        summary: 'Delete another account and end its sessions',
        params: AccountParams,
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await accounts.remove(id, caller(request), request.ip);
      return reply.code(204).send();
    },
  );
};
