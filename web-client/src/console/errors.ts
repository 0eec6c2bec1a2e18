import { ApiError } from '../api/api-error.js';

/** Catalogue keys for what went wrong, in words a host can act on. */
export type ErrorKey =
  | 'errorNetwork'
  | 'errorSession'
  | 'errorForbidden'
  | 'errorNotFound'
  | 'errorConflict'
  | 'errorRateLimited'
  | 'errorValidation'
  | 'errorServer';

export function errorKey(error: unknown): ErrorKey {
  if (!(error instanceof ApiError)) return 'errorServer';
  switch (error.code) {
    case 'NETWORK_ERROR':
      return 'errorNetwork';
    case 'UNAUTHENTICATED':
      return 'errorSession';
    case 'FORBIDDEN':
      return 'errorForbidden';
    case 'NOT_FOUND':
      return 'errorNotFound';
    case 'CONFLICT':
      return 'errorConflict';
    case 'RATE_LIMITED':
      return 'errorRateLimited';
    case 'VALIDATION_FAILED':
      return 'errorValidation';
    default:
      return 'errorServer';
  }
}
