import type { ErrorCode } from '@diemcau/protocol';

/** The server's stable codes, plus the client's own when no answer (or no JSON answer) arrived. */
export type ApiErrorCode = ErrorCode | 'NETWORK_ERROR';

/** A failed API call, as the server described it in `{"error":{code,message,details}}`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status; 0 when the request never got an answer. */
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
    /** Seconds from `Retry-After`, when the server sent it (429). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** Codes for answers that carry no error body (a proxy's HTML page, an empty 502). */
function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 400 && status < 500) return 'VALIDATION_FAILED';
  return 'INTERNAL';
}

/** `Retry-After` is either seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** Turns a failed answer into an ApiError, trusting the body only when it has the documented shape. */
export function toApiError(status: number, body: unknown, retryAfter: string | null = null): ApiError {
  const retryAfterSeconds = parseRetryAfter(retryAfter);
  const error = isRecord(body) ? body['error'] : undefined;
  if (isRecord(error) && typeof error['code'] === 'string' && typeof error['message'] === 'string') {
    return new ApiError(
      status,
      error['code'] as ErrorCode,
      error['message'],
      error['details'],
      retryAfterSeconds,
    );
  }
  return new ApiError(status, codeForStatus(status), `HTTP ${status}`, undefined, retryAfterSeconds);
}
