// The signed-in account behind a request, for routes of accounts, sessions and the second factor.
import type { FastifyRequest } from 'fastify';
import type { AccountPrincipal } from '../accounts/account-service.js';
import type { SignedInPrincipal } from '../accounts/two-factor-service.js';
import { AppError } from '../errors.js';

/** The signed-in account behind a request that passed requireRole. */
export function caller(request: FastifyRequest): AccountPrincipal {
  const p = request.principal;
  if (p.kind !== 'account') throw new AppError('UNAUTHENTICATED', 401, 'sign in first');
  return p;
}

/** Any signed-in account, a session that may only set up its second factor included. */
export function signedInCaller(request: FastifyRequest): SignedInPrincipal {
  const p = request.principal;
  if (p.kind !== 'account' && p.kind !== 'enrolling')
    throw new AppError('UNAUTHENTICATED', 401, 'sign in first');
  return p;
}
