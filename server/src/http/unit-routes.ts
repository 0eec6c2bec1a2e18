import {
  BridgePoint,
  ImportResult,
  IssueCredentialsQuery,
  IssuedCredential,
  IssuedCredentials,
  PointList,
  PointListQuery,
  PointParams,
  UnitsCsv,
  UnitTree,
} from '@diemcau/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { AppError } from '../errors.js';
import { writeCredentialsCsv } from '../units/credentials-csv.js';
import type { Acting } from '../units/unit-service.js';
import type { ApiServices } from './api-services.js';
import { ADMIN_ONLY, HOST_OR_ADMIN } from './authentication.js';

const CSV_LIMIT_BYTES = 5 * 1024 * 1024;
const CSV_TYPE = 'text/csv; charset=utf-8';
const csvResponse = { content: { 'text/csv': { schema: Type.String() } } };

const acting = (request: FastifyRequest): Acting => ({ actor: request.principal, ip: request.ip });
const today = () => new Date().toISOString().slice(0, 10);

/**
 * The administrative tree and its bridge points. Admins import, export and
 * manage join links; hosts read the tree to pick whom to invite.
 */
export const unitRoutes: FastifyPluginAsyncTypebox<ApiServices> = async (app, { units }) => {
  // Scoped to this plugin: CSV bodies arrive as text, and only as UTF-8.
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'buffer', bodyLimit: CSV_LIMIT_BYTES },
    (_request, body: Buffer, done) => {
      try {
        done(null, new TextDecoder('utf-8', { fatal: true }).decode(body));
      } catch {
        done(
          new AppError('VALIDATION_FAILED', 400, 'the file is not UTF-8: save it as "CSV UTF-8"'),
          undefined,
        );
      }
    },
  );

  app.get(
    '/units',
    {
      config: { roles: HOST_OR_ADMIN },
      schema: {
        tags: ['units'],
        summary: 'The whole administrative tree with its bridge points',
        response: { 200: UnitTree },
      },
    },
    async () => ({ units: await units.tree() }),
  );

  app.post(
    '/units/import',
    {
      config: { roles: ADMIN_ONLY },
      bodyLimit: CSV_LIMIT_BYTES,
      schema: {
        tags: ['units'],
        summary: 'Import units from CSV (text/csv; see docs/units-csv.md): all rows or none',
        description:
          'Columns code,name,level,parent_code,points. A 400 VALIDATION_FAILED lists every bad row in details as {line, column?, reason}.',
        consumes: ['text/csv'],
        body: UnitsCsv,
        response: { 200: ImportResult },
      },
    },
    async (request) => units.importCsv(request.body, acting(request)),
  );

  app.get(
    '/units/export',
    {
      config: { roles: ADMIN_ONLY },
      schema: {
        tags: ['units'],
        summary: 'Export the tree as CSV in the import format',
        produces: ['text/csv'],
        response: { 200: csvResponse },
      },
    },
    async (_request, reply) => {
      const csv = await units.exportCsv();
      return reply
        .type(CSV_TYPE)
        .header('content-disposition', `attachment; filename="units-${today()}.csv"`)
        .send(csv);
    },
  );

  app.get(
    '/points',
    {
      config: { roles: HOST_OR_ADMIN },
      schema: {
        tags: ['points'],
        summary: 'Every bridge point with its unit and credential state',
        querystring: PointListQuery,
        response: { 200: PointList },
      },
    },
    async (request) => ({ points: await units.listPoints(request.query) }),
  );

  app.post(
    '/points/:id/credential',
    {
      config: { roles: ADMIN_ONLY },
      schema: {
        tags: ['points'],
        summary: "Issue or rotate a point's join link (the old link stops working); shown once",
        params: PointParams,
        response: { 200: IssuedCredential },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return units.issueCredential(request.params.id, acting(request));
    },
  );

  app.delete(
    '/points/:id/credential',
    {
      config: { roles: ADMIN_ONLY },
      schema: {
        tags: ['points'],
        summary: "Revoke a point's join link: no link works until a new one is issued",
        params: PointParams,
        response: { 200: BridgePoint },
      },
    },
    async (request) => units.revokeCredential(request.params.id, acting(request)),
  );

  app.post(
    '/points/credentials',
    {
      config: { roles: ADMIN_ONLY },
      schema: {
        tags: ['points'],
        summary: 'Issue join links to every point that never had one; shown once (format=csv for a file)',
        querystring: IssueCredentialsQuery,
        response: {
          200: { content: { 'application/json': { schema: IssuedCredentials }, ...csvResponse.content } },
        },
      },
    },
    async (request, reply) => {
      const credentials = await units.issueMissingCredentials(acting(request));
      reply.header('cache-control', 'no-store');
      if (request.query.format !== 'csv') return { credentials };
      return reply
        .type(CSV_TYPE)
        .header('content-disposition', `attachment; filename="join-links-${today()}.csv"`)
        .send(writeCredentialsCsv(credentials));
    },
  );
};
