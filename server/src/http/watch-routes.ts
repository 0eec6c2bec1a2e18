import { ErrorBody, WatchInfo, WatchParams, WatchQuery } from '@diemcau/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ApiServices } from './api-services.js';

/** Public watch pages: anonymous, or with the viewer token of a `token` page. Never a join token. */
export const watchRoutes: FastifyPluginAsyncTypebox<ApiServices> = async (app, { conferences }) => {
  app.get(
    '/watch/:slug',
    {
      schema: {
        tags: ['watch'],
        summary: 'What a watch page shows',
        description:
          'A `token` page needs its viewer token as `Authorization: Bearer` (preferred: it stays out of ' +
          'access logs) or `?t=`.',
        params: WatchParams,
        querystring: WatchQuery,
        response: { 200: WatchInfo, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const header = request.headers.authorization;
      const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
      const token = bearer || request.query.t;
      return conferences.watch(request.params.slug, token);
    },
  );
};
