import type { IssuedCredential } from '@diemcau/protocol';
import { formatCsv } from './csv.js';

/** The columns of the join-link list an operator distributes after a bulk issue (docs/units-csv.md). */
export const CREDENTIAL_COLUMNS = ['unit_code', 'unit_name', 'point_name', 'join_url'] as const;

/** Join links as CSV with a UTF-8 BOM, so that spreadsheets show Vietnamese names correctly. */
export function writeCredentialsCsv(credentials: readonly IssuedCredential[]): string {
  return (
    '\uFEFF' +
    formatCsv([
      CREDENTIAL_COLUMNS,
      ...credentials.map((c) => [c.unit.code, c.unit.name, c.pointName, c.joinUrl]),
    ])
  );
}
