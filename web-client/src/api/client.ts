import { ApiError, toApiError } from './api-error.js';
import { queryString, type QueryValue } from './query.js';

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, QueryValue>;
  /** E.g. a viewer or join token as `Authorization: Bearer`. */
  bearer?: string;
  signal?: AbortSignal;
}

const expiredListeners = new Set<() => void>();

/**
 * Called when a signed-in call answers 401: the session ended (expired, or
 * signed out elsewhere), so the console can show the sign-in form again.
 */
export function onSessionExpired(listener: () => void): () => void {
  expiredListeners.add(listener);
  return () => void expiredListeners.delete(listener);
}

async function send(
  method: string,
  path: string,
  options: RequestOptions,
  accept = 'application/json',
): Promise<Response> {
  const headers: Record<string, string> = { accept };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.bearer) headers['authorization'] = `Bearer ${options.bearer}`;
  let response: Response;
  try {
    response = await fetch(`/api${path}${queryString(options.query ?? {})}`, {
      method,
      headers,
      // The session is an HttpOnly, SameSite=Strict cookie: same-origin requests carry it.
      credentials: 'same-origin',
      cache: 'no-store',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK_ERROR', error instanceof Error ? error.message : String(error));
  }
  if (response.ok) return response;
  const body: unknown = await response.json().catch(() => undefined);
  const apiError = toApiError(response.status, body, response.headers.get('retry-after'));
  // A Bearer caller (point, viewer) has no session to lose; sign-in's own 401 is a wrong password.
  if (apiError.status === 401 && !options.bearer && path !== '/auth/login') {
    for (const listener of expiredListeners) listener();
  }
  throw apiError;
}

/** A JSON API call; `undefined` for 204 answers. Failures throw ApiError. */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A file download (CSV): the body as a Blob. Failures throw ApiError, like JSON calls. */
export async function requestBlob(path: string, options: RequestOptions = {}): Promise<Blob> {
  return (await send('GET', path, options, 'text/csv, application/json')).blob();
}
