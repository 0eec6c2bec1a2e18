import type { ConferenceListQuery } from '@diemcau/protocol';
import type { ListFilters } from '../router.js';
import { dayRange } from '../../i18n/time.js';

export const PAGE_SIZE = 20;

/** The list filters of the address bar as the query of GET /api/conferences. */
export function listQuery(filters: ListFilters): ConferenceListQuery {
  const range = filters.date ? dayRange(filters.date) : undefined;
  return {
    ...(filters.status ? { status: filters.status } : {}),
    ...range,
    order: filters.order,
    limit: PAGE_SIZE,
    offset: filters.offset,
  };
}
