import { ConferenceParams, ErrorBody, LiveStart, LiveStatus } from '@diemcau/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Caller } from '../conferences/conference-service.js';
import type { ApiServices, LiveServices } from './api-services.js';
import { HOST_OR_ADMIN } from './authentication.js';

const caller = (request: FastifyRequest): Caller => ({ actor: request.principal, ip: request.ip });
const idOf = (request: { params: ConferenceParams }) => request.params.id;

/** A conference's livestream: go live, its status, off air (docs/livestream.md). */
export const liveRoutes: FastifyPluginAsyncTypebox<ApiServices & LiveServices> = async (
  app,
  { liveControl },
) => {
  const tags = ['livestream'];
  const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

  app.post(
    '/conferences/:id/live',
    {
      config: { roles: HOST_OR_ADMIN },
      schema: {
        tags,
        summary: 'Go live: the programme to HLS (with a watch page) and to the chosen destinations',
        params: ConferenceParams,
        body: LiveStart,
        response: { 201: LiveStatus, ...errors },
      },
    },
    async (request, reply) => {
      const { destinationIds } = request.body;
      return reply.code(201).send(await liveControl.start(idOf(request), caller(request), destinationIds));
    },
  );

  app.get(
    '/conferences/:id/live',
    {
      config: { roles: HOST_OR_ADMIN },
      schema: {
        tags,
        summary: 'The livestream’s status; 404 when the conference is not on air',
        params: ConferenceParams,
        response: { 200: LiveStatus, ...errors },
      },
    },
    async (request) => liveControl.status(idOf(request)),
  );

  app.delete(
    '/conferences/:id/live',
    {
      config: { roles: HOST_OR_ADMIN },
      schema: {
        tags,
        summary: 'Go off air: HLS ends (the playlist is closed) and every destination stops',
        params: ConferenceParams,
        response: { 200: LiveStatus, ...errors },
      },
    },
    async (request) => liveControl.stop(idOf(request), caller(request)),
  );
};
