// The caller's second factor: its state, setting up TOTP with a QR code, confirming it, turning it off.
import {
  RecoveryCodes,
  TwoFactorConfirm,
  TwoFactorDisable,
  TwoFactorEnabled,
  TwoFactorSetup,
  TwoFactorStatus,
} from '@diemcau/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { caller, signedInCaller } from './account-caller.js';
import type { ApiServices } from './api-services.js';
import { HOST_OR_ADMIN, SESSION_COOKIE } from './authentication.js';
import { setSessionCookie } from './session-reply.js';

/**
 * State, setup and confirmation take a session that may only set up the
 * second factor (REQUIRE_2FA) as well as a full one: they are how such a
 * session becomes full. Turning it off needs a full session and the password.
 */
export const twoFactorRoutes: FastifyPluginAsyncTypebox<ApiServices> = async (app, { accounts }) => {
  const { twoFactor } = accounts;

  app.get(
    '/auth/two-factor',
    {
      config: { roles: HOST_OR_ADMIN, enrolling: true },
      schema: {
        tags: ['auth'],
        summary: 'Your second factor: on or off, required or not, recovery codes left',
        response: { 200: TwoFactorStatus },
      },
    },
    async (request) => {
      const p = signedInCaller(request);
      return twoFactor.status(p.accountId, p.role);
    },
  );

  app.post(
    '/auth/two-factor/setup',
    {
      config: { roles: HOST_OR_ADMIN, enrolling: true },
      schema: {
        tags: ['auth'],
        summary: 'A new TOTP secret and its QR code; it is on once a first code confirms it',
        response: { 200: TwoFactorSetup },
      },
    },
    async (request, reply) => {
      const setup = await twoFactor.setup(signedInCaller(request), request.ip);
      reply.header('cache-control', 'no-store');
      return setup;
    },
  );

  app.post(
    '/auth/two-factor/confirm',
    {
      config: { roles: HOST_OR_ADMIN, enrolling: true },
      schema: {
        tags: ['auth'],
        summary: 'Turn the set-up secret on with a first code; returns the recovery codes, once',
        body: TwoFactorConfirm,
        response: { 200: TwoFactorEnabled },
      },
    },
    async (request, reply) => {
      const p = signedInCaller(request);
      const enabled = await twoFactor.confirm(p, request.body.code, request.ip);
      // The session lives longer now: the cookie that carries it must too.
      const cookie = request.cookies[SESSION_COOKIE];
      if (p.kind === 'enrolling' && cookie) {
        setSessionCookie(
          request,
          reply,
          { token: cookie, expiresAt: enabled.expiresAt },
          accounts.options.publicUrl,
        );
      }
      reply.header('cache-control', 'no-store');
      return enabled;
    },
  );

  app.post(
    '/auth/two-factor/recovery-codes',
    {
      config: { roles: HOST_OR_ADMIN },
      schema: {
        tags: ['auth'],
        summary: 'New recovery codes, shown once; the previous ones stop working',
        body: TwoFactorDisable,
        response: { 200: RecoveryCodes },
      },
    },
    async (request, reply) => {
      const recoveryCodes = await twoFactor.renewRecoveryCodes(
        caller(request),
        request.body.password,
        request.ip,
      );
      reply.header('cache-control', 'no-store');
      return { recoveryCodes };
    },
  );

  app.post(
    '/auth/two-factor/disable',
    {
      config: { roles: HOST_OR_ADMIN },
      schema: {
        tags: ['auth'],
        summary: 'Turn your second factor off (not where the server requires it)',
        body: TwoFactorDisable,
      },
    },
    async (request, reply) => {
      await twoFactor.disable(caller(request), request.body.password, request.ip);
      return reply.code(204).send();
    },
  );
};
