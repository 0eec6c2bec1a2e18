import { ErrorBody, JoinRequest, JoinResponse } from '@diemcau/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ApiServices } from './api-services.js';

/** A bridge point's join link, exchanged for a short-lived conference join token. Anyone may try. */
export const joinRoutes: FastifyPluginAsyncTypebox<ApiServices> = async (app, { conferences }) => {
  app.post(
    '/join',
    {
      // Link tokens are unguessable; the limit keeps a script from hammering the lookup and the audit log.
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['join'],
        summary: 'Exchange a join-link token for a conference join token while the conference is live',
        description:
          '404 for an unknown or revoked link; 409 when no conference the point is invited to is live ' +
          '(`details.next` names the next scheduled one).',
        body: JoinRequest,
        response: { 200: JoinResponse, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody, 429: ErrorBody },
      },
    },
    async (request) => conferences.join(request.body.token, request.ip),
  );
};
