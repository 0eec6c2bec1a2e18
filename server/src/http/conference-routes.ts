import {
  Conference,
  ConferenceCreate,
  ConferenceDetail,
  ConferenceListQuery,
  ConferenceParams,
  ConferenceUpdate,
  ErrorBody,
  PageOf,
  ViewerToken,
} from '@diemcau/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Caller } from '../conferences/conference-service.js';
import type { LifecycleAction } from '../conferences/lifecycle.js';
import type { ApiServices } from './api-services.js';
import { HOST_OR_ADMIN } from './authentication.js';

const caller = (request: FastifyRequest): Caller => ({ actor: request.principal, ip: request.ip });

const LIFECYCLE: Record<LifecycleAction, string> = {
  start: 'Start a scheduled conference (it goes live)',
  end: 'End a live conference',
  cancel: 'Cancel a scheduled conference',
};

/** Conferences for hosts and admins: schedule, invite, run, and open a watch page. */
export const conferenceRoutes: FastifyPluginAsyncTypebox<ApiServices> = async (app, { conferences }) => {
  const tags = ['conferences'];
  const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

  app.post(
    '/conferences',
    {
      config: { roles: HOST_OR_ADMIN },
      schema: {
        tags,
        summary: 'Schedule a conference and invite subtrees and single points',
        body: ConferenceCreate,
        response: { 201: Conference, ...errors },
      },
    },
    async (request, reply) => {
      const created = await conferences.create(request.body, caller(request));
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/conferences',
    {
      config: { roles: HOST_OR_ADMIN },
      schema: {
        tags,
        summary: 'List conferences by status and scheduled start',
        querystring: ConferenceListQuery,
        response: { 200: PageOf(Conference), ...errors },
      },
    },
    async (request) => {
      const query = request.query;
      const page = await conferences.list(query);
      return { ...page, limit: query.limit ?? 50, offset: query.offset ?? 0 };
    },
  );

  app.get(
    '/conferences/:id',
    {
      config: { roles: HOST_OR_ADMIN },
      schema: {
        tags,
        summary: 'A conference with every invited point and its live state',
        params: ConferenceParams,
        response: { 200: ConferenceDetail, ...errors },
      },
    },
    async (request) => conferences.detail(request.params.id),
  );

  app.patch(
    '/conferences/:id',
    {
      config: { roles: HOST_OR_ADMIN },
      schema: {
        tags,
        summary: 'Change a scheduled conference; `invite` replaces the whole invitation',
        params: ConferenceParams,
        body: ConferenceUpdate,
        response: { 200: Conference, ...errors },
      },
    },
    async (request) => conferences.update(request.params.id, request.body, caller(request)),
  );

  for (const action of ['start', 'end', 'cancel'] as const) {
    app.post(
      `/conferences/:id/${action}`,
      {
        config: { roles: HOST_OR_ADMIN },
        schema: {
          tags,
          summary: LIFECYCLE[action],
          params: ConferenceParams,
          response: { 200: Conference, ...errors },
        },
      },
      async (request) => conferences[action](request.params.id, caller(request)),
    );
  }

  app.post(
    '/conferences/:id/viewer-token',
    {
      config: { roles: HOST_OR_ADMIN },
      schema: {
        tags,
        summary:
          'Issue a new viewer token for a token-protected watch page (replaces the old one; shown once)',
        params: ConferenceParams,
        response: { 200: ViewerToken, ...errors },
      },
    },
    async (request) => conferences.issueViewerToken(request.params.id, caller(request)),
  );
};
