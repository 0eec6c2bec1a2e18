// Sessions: each account lists and ends its own; an admin lists and ends anyone's.
import { AccountParams, AccountSessionParams, SessionList, SessionParams } from '@diemcau/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { caller } from './account-caller.js';
import type { ApiServices } from './api-services.js';
import { ADMIN_ONLY, HOST_OR_ADMIN } from './authentication.js';
import { clearSessionCookie } from './session-reply.js';

export const sessionRoutes: FastifyPluginAsyncTypebox<ApiServices> = async (app, { accounts }) => {
  const { sessions } = accounts;

  app.get(
    '/auth/sessions',
    {
      config: { roles: HOST_OR_ADMIN },
      schema: { tags: ['auth'], summary: 'Your sessions', response: { 200: SessionList } },
    },
    async (request) => {
      const p = caller(request);
      return { items: await sessions.list(p.accountId, p.sessionId) };
    },
  );

  app.delete(
    '/auth/sessions/:sessionId',
    {
      config: { roles: HOST_OR_ADMIN },
      schema: { tags: ['auth'], summary: 'End one of your sessions', params: SessionParams },
    },
    async (request, reply) => {
      const p = caller(request);
      const { sessionId } = request.params;
      await sessions.revoke(p.accountId, sessionId, p, request.ip);
      if (sessionId === p.sessionId) clearSessionCookie(request, reply, accounts.options.publicUrl);
      return reply.code(204).send();
    },
  );

  app.get(
    '/accounts/:id/sessions',
    {
      config: { roles: ADMIN_ONLY },
      schema: {
        tags: ['accounts'],
        summary: "An account's sessions",
        params: AccountParams,
        response: { 200: SessionList },
      },
    },
    async (request) => {
      const account = await accounts.get(request.params.id);
      return { items: await sessions.list(account.id, caller(request).sessionId) };
    },
  );

  app.delete(
    '/accounts/:id/sessions/:sessionId',
    {
      config: { roles: ADMIN_ONLY },
      schema: {
        tags: ['accounts'],
        summary: "End one of an account's sessions",
        params: AccountSessionParams,
      },
    },
    async (request, reply) => {
      const p = caller(request);
      const { id, sessionId } = request.params;
      await sessions.revoke(id, sessionId, p, request.ip);
      if (sessionId === p.sessionId) clearSessionCookie(request, reply, accounts.options.publicUrl);
      return reply.code(204).send();
    },
  );
};
