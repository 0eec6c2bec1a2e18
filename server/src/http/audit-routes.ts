import { AuditEntry, AuditQuery, PageOf } from '@diemcau/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ApiServices } from './api-services.js';
import { ADMIN_ONLY } from './authentication.js';

/** Admins read the audit log with filters. */
export const auditRoutes: FastifyPluginAsyncTypebox<ApiServices> = async (app, { audit }) => {
  app.get(
    '/audit',
    {
      config: { roles: ADMIN_ONLY },
      schema: {
        tags: ['audit'],
        summary: 'Query the audit log',
        querystring: AuditQuery,
        response: { 200: PageOf(AuditEntry) },
      },
    },
    async (request) => {
      const query = request.query;
      const page = await audit.query(query);
      return { ...page, limit: query.limit ?? 50, offset: query.offset ?? 0 };
    },
  );
};
