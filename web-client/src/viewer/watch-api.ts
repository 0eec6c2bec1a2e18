import { WatchInfo, validator } from '@diemcau/protocol';
import type { WatchAddress } from './watch-address.js';
import type { ViewerEvent } from './viewer-state.js';

const checkWatchInfo = validator(WatchInfo);
const TIMEOUT_MS = 8_000;

/** The viewer token travels as a header: it stays out of access logs (docs/conferences.md). */
export function viewerAuthorization(token: string | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** What an answer of GET /api/watch/:slug means for the page. */
export function watchInfoEvent(status: number, body: unknown): ViewerEvent {
  // 400 is an address that cannot be a slug: to a viewer, the same as an unknown one.
  if (status === 404 || status === 400) return { type: 'infoFailed', reason: 'notFound' };
  if (status === 401) return { type: 'infoFailed', reason: 'unauthorized' };
  const parsed = status === 200 ? checkWatchInfo(body) : undefined;
  return parsed?.ok ? { type: 'info', info: parsed.value } : { type: 'infoFailed', reason: 'unreachable' };
}

export async function fetchWatchInfo(address: WatchAddress): Promise<ViewerEvent> {
  try {
    const res = await fetch(`/api/watch/${encodeURIComponent(address.slug)}`, {
      cache: 'no-store',
      headers: viewerAuthorization(address.token),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    return watchInfoEvent(res.status, await res.json().catch(() => undefined));
  } catch {
    return { type: 'infoFailed', reason: 'unreachable' };
  }
}
