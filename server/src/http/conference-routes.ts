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
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Caller } from '../conferences/conference-service.js';
import type { LifecycleAction } from '../conferences/lifecycle.js';
import type { ApiServices } from './api.js';
import { requireRole } from './authentication.js';

const caller = (request: FastifyRequest): Caller => ({ actor: request.principal, ip: request.ip });

const LIFECYCLE: Record<LifecycleAction, string> = {
  start: 'Start a scheduled conference (it goes live)',
  end: 'End a live conference',
  cancel: 'Cancel a scheduled conference',
};

/** Conferences for hosts and admins: schedule, invite, run, and open a watch page. */
export const conferenceRoutes: FastifyPluginAsync<ApiServices> = async (app, { audit, conferences }) => {
  const hostOrAdmin = requireRole(audit, 'admin', 'host');
  const tags = ['conferences'];
  const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

  app.post(
    '/conferences',
    {
      preValidation: hostOrAdmin,
      schema: {
        tags,
        summary: 'Schedule a conference and invite subtrees and single points',
        body: ConferenceCreate,
        response: { 201: Conference, ...errors },
      },
    },
    async (request, reply) => {
      const created = await conferences.create(request.body as ConferenceCreate, caller(request));
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/conferences',
    {
      preValidation: hostOrAdmin,
      schema: {
        tags,
        summary: 'List conferences by status and scheduled start',
        querystring: ConferenceListQuery,
        response: { 200: PageOf(Conference), ...errors },
      },
    },
    async (request) => {
      const query = request.query as ConferenceListQuery;
      const page = await conferences.list(query);
      return { ...page, limit: query.limit ?? 50, offset: query.offset ?? 0 };
    },
  );

  app.get(
    '/conferences/:id',
    {
      preValidation: hostOrAdmin,
      schema: {
        tags,
        summary: 'A conference with every invited point and its live state',
        params: ConferenceParams,
        response: { 200: ConferenceDetail, ...errors },
      },
    },
    async (request) => conferences.detail((request.params as ConferenceParams).id),
  );

  app.patch(
    '/conferences/:id',
    {
      preValidation: hostOrAdmin,
      schema: {
        tags,
        summary: 'Change a scheduled conference; `invite` replaces the whole invitation',
        params: ConferenceParams,
        body: ConferenceUpdate,
        response: { 200: Conference, ...errors },
      },
    },
    async (request) =>
      conferences.update(
        (request.params as ConferenceParams).id,
        request.body as ConferenceUpdate,
        caller(request),
      ),
  );

  for (const action of ['start', 'end', 'cancel'] as const) {
    app.post(
      `/conferences/:id/${action}`,
      {
        preValidation: hostOrAdmin,
        schema: {
          tags,
          summary: LIFECYCLE[action],
          params: ConferenceParams,
          response: { 200: Conference, ...errors },
        },
      },
      async (request) => conferences[action]((request.params as ConferenceParams).id, caller(request)),
    );
  }

  app.post(
    '/conferences/:id/viewer-token',
    {
      preValidation: hostOrAdmin,
      schema: {
        tags,
        summary:
          'Issue a new viewer token for a token-protected watch page (replaces the old one; shown once)',
        params: ConferenceParams,
        response: { 200: ViewerToken, ...errors },
      },
    },
    async (request) => conferences.issueViewerToken((request.params as ConferenceParams).id, caller(request)),
  );
};
