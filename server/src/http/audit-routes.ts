import { AuditEntry, AuditQuery, PageOf } from '@diemcau/protocol';
import type { FastifyPluginAsync } from 'fastify';
import type { ApiServices } from './api.js';
import { requireRole } from './authentication.js';

/** Admins read the audit log with filters. */
export const auditRoutes: FastifyPluginAsync<ApiServices> = async (app, { audit }) => {
  app.get(
    '/audit',
    {
      preValidation: requireRole(audit, 'admin'),
      schema: {
        tags: ['audit'],
        summary: 'Query the audit log',
        querystring: AuditQuery,
        response: { 200: PageOf(AuditEntry) },
      },
    },
    async (request) => {
      const query = request.query as AuditQuery;
      const page = await audit.query(query);
      return { ...page, limit: query.limit ?? 50, offset: query.offset ?? 0 };
    },
  );
};
