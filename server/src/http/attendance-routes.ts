import { AttendanceReport, ConferenceParams, ErrorBody, LiveAttendance } from '@diemcau/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { ApiServices } from './api-services.js';
import { HOST_OR_ADMIN } from './authentication.js';

const CSV_TYPE = 'text/csv; charset=utf-8';
const csvResponse = { content: { 'text/csv': { schema: Type.String() } } };

/** A conference's attendance for hosts and admins: the live totals and the report (docs/attendance.md). */
export const attendanceRoutes: FastifyPluginAsyncTypebox<ApiServices> = async (app, { attendance }) => {
  const tags = ['attendance'];
  const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

  app.get(
    '/conferences/:id/attendance',
    {
      config: { roles: HOST_OR_ADMIN },
      schema: {
        tags,
        summary:
          'Attendance report: per invited point first join, last leave, minutes and headcounts; totals',
        params: ConferenceParams,
        response: { 200: AttendanceReport, ...errors },
      },
    },
    async (request) => attendance.report(request.params.id),
  );

  app.get(
    '/conferences/:id/attendance.csv',
    {
      config: { roles: HOST_OR_ADMIN },
      schema: {
        tags,
        summary: 'The per-point attendance table as CSV (UTF-8 with BOM, CRLF)',
        params: ConferenceParams,
        produces: ['text/csv'],
        response: { 200: csvResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
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
      config: { roles: HOST_OR_ADMIN },
      schema: {
        tags,
        summary: 'Live totals by unit level: points invited, connected now, people in the connected halls',
        params: ConferenceParams,
        response: { 200: LiveAttendance, ...errors },
      },
    },
    async (request) => attendance.liveTotals(request.params.id),
  );
};
