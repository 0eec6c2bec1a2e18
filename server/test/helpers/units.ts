import type { LightMyRequestResponse } from 'fastify';
import type { TestApi } from './api.js';

export const UNITS_HEADER = 'code,name,level,parent_code,points';

/** A units CSV with the header and CRLF line ends. */
export const unitsCsv = (...rows: string[]) => [UNITS_HEADER, ...rows].join('\r\n') + '\r\n';

/** POST /api/units/import with a CSV body. */
export function importUnits(
  api: TestApi,
  token: string,
  csv: string | Buffer,
): Promise<LightMyRequestResponse> {
  return api.request({
    method: 'POST',
    url: '/api/units/import',
    headers: { 'content-type': 'text/csv; charset=utf-8' },
    payload: csv,
    as: token,
  });
}

/** How many units, points and audit entries the database holds. */
export async function rowCounts(api: TestApi): Promise<{ units: number; points: number; audit: number }> {
  const db = api.app.database.db;
  const count = async (table: 'units' | 'bridge_points' | 'audit_log') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    units: await count('units'),
    points: await count('bridge_points'),
    audit: await count('audit_log'),
  };
}
