import { AttendanceReport, ConferenceParams, ErrorBody, LiveAttendance } from '@diemcau/protocol';
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import type { ApiServices } from './api.js';
import { requireRole } from './authentication.js';

const CSV_TYPE = 'text/csv; charset=utf-8';
const csvResponse = { content: { 'text/csv': { schema: Type.String() } } };

/** A conference's attendance for hosts and admins: the live totals and the report (docs/attendance.md). */
export const attendanceRoutes: FastifyPluginAsync<ApiServices> = async (app, { audit, attendance }) => {
  const hostOrAdmin = requireRole(audit, 'admin', 'host');
  const tags = ['attendance'];
  const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

  app.get(
    '/conferences/:id/attendance',
    {
      preValidation: hostOrAdmin,
      schema: {
        tags,
        summary:
          'Attendance report: per invited point first join, last leave, minutes and headcounts; totals',
        params: ConferenceParams,
        response: { 200: AttendanceReport, ...errors },
      },
    },
    async (request) => attendance.report((request.params as ConferenceParams).id),
  );

  app.get(
    '/conferences/:id/attendance.csv',
    {
      preValidation: hostOrAdmin,
      schema: {
        tags,
        summary: 'The per-point attendance table as CSV (UTF-8 with BOM, CRLF)',
        params: ConferenceParams,
        produces: ['text/csv'],
        response: { 200: csvResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { id } = request.params as ConferenceParams;
      const csv = await attendance.reportCsv(id);
      return reply
        .type(CSV_TYPE)
        .header('content-disposition', `attachment; filename="attendance-${id}.csv"`)
        .send(csv);
    },
  );

  app.get(
    '/conferences/:id/attendance/live',
    {
      preValidation: hostOrAdmin,
      schema: {
        tags,
        summary: 'Live totals by unit level: points invited, connected now, people in the connected halls',
        params: ConferenceParams,
        response: { 200: LiveAttendance, ...errors },
      },
    },
    async (request) => attendance.liveTotals((request.params as ConferenceParams).id),
  );
};
