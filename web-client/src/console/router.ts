import type { ConferenceStatus } from '@diemcau/protocol';
import { useEffect, useState } from 'preact/hooks';

/*
 * Hash routing: the server serves index.html at `/` only, so every console
 * address lives after `#` and reloads land on the same page.
 */

export const STATUSES: readonly ConferenceStatus[] = ['scheduled', 'live', 'ended', 'cancelled'];
export type SortOrder = 'asc' | 'desc';

export interface ListFilters {
  status?: ConferenceStatus;
  /** A day, `YYYY-MM-DD`, in the browser's time zone. */
  date?: string;
  order: SortOrder;
  offset: number;
}

export type Route =
  | { name: 'list'; filters: ListFilters }
  | { name: 'create' }
  | { name: 'detail'; id: string }
  | { name: 'live'; id: string }
  | { name: 'destinations' }
  | { name: 'certificate' }
  | { name: 'password' }
  | { name: 'security' }
  | { name: 'notFound' };

export const DEFAULT_FILTERS: ListFilters = { order: 'desc', offset: 0 };

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function parseFilters(search: URLSearchParams): ListFilters {
  const status = search.get('status');
  const date = search.get('date');
  const offset = Number(search.get('offset') ?? 0);
  return {
    ...(STATUSES.includes(status as ConferenceStatus) ? { status: status as ConferenceStatus } : {}),
    ...(date && DAY.test(date) ? { date } : {}),
    order: search.get('order') === 'asc' ? 'asc' : 'desc',
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
  };
}

/** The route of a location hash such as `#/conferences/abc/live`; anything unknown is notFound. */
export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?', 2);
  const parts = path.split('/').filter(Boolean);
  if (parts.length === 0) return { name: 'list', filters: parseFilters(new URLSearchParams(search)) };
  if (parts[0] === 'account' && parts[1] === 'password' && parts.length === 2) return { name: 'password' };
  if (parts[0] === 'account' && parts[1] === 'security' && parts.length === 2) return { name: 'security' };
  if (parts[0] === 'destinations' && parts.length === 1) return { name: 'destinations' };
  if (parts[0] === 'certificate' && parts.length === 1) return { name: 'certificate' };
  if (parts[0] !== 'conferences') return { name: 'notFound' };
  if (parts.length === 2 && parts[1] === 'new') return { name: 'create' };
  const id = parts[1] ?? '';
  if (!ID.test(id)) return { name: 'notFound' };
  if (parts.length === 2) return { name: 'detail', id };
  if (parts.length === 3 && parts[2] === 'live') return { name: 'live', id };
  return { name: 'notFound' };
}

/** The hash for a route; parseRoute(routeHref(r)) gives r back. */
export function routeHref(route: Route): string {
  switch (route.name) {
    case 'list': {
      const { status, date, order, offset } = route.filters;
      const search = new URLSearchParams();
      if (status) search.set('status', status);
      if (date) search.set('date', date);
      if (order !== DEFAULT_FILTERS.order) search.set('order', order);
      if (offset > 0) search.set('offset', String(offset));
      const query = search.toString();
      return query ? `#/?${query}` : '#/';
    }
    case 'create':
      return '#/conferences/new';
    case 'detail':
      return `#/conferences/${route.id}`;
    case 'live':
      return `#/conferences/${route.id}/live`;
    case 'destinations':
      return '#/destinations';
    case 'certificate':
      return '#/certificate';
    case 'password':
      return '#/account/password';
    case 'security':
      return '#/account/security';
    case 'notFound':
      return '#/not-found';
  }
}

export function navigate(route: Route): void {
  location.hash = routeHref(route);
}

/** The current route, following the address bar (links, back and forward). */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}
