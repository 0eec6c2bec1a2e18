// A signalling message's way through the server: parsed against the protocol's request table,
// checked against the method's roles, and run by its handler from the handler table.
import {
  REQUEST_METHODS,
  RequestSchemas,
  mayRequest,
  validator,
  type RequestData,
  type RequestMethod,
  type ResponseData,
  type SignallingError,
  type SignallingRequest,
  type SignallingResponse,
  type Validated,
} from '@diemcau/protocol';
import { AppError } from '../errors.js';
import { RoomError } from '../sfu/room-error.js';
import { handlers } from './handler-table.js';
import { denied } from './handlers/denied.js';
import type { HandlerContext } from './handlers/index.js';

const checkData = Object.fromEntries(REQUEST_METHODS.map((m) => [m, validator(RequestSchemas[m].data)])) as {
  [M in RequestMethod]: (value: unknown) => Validated<RequestData<M>>;
};

const MAX_ISSUES = 5;

/** `{ method, data }` with a known method and data valid for it, or the reason it is not. */
export function parseRequest(
  message: unknown,
): { ok: true; request: SignallingRequest } | { ok: false; error: SignallingError } {
  const invalid = (message: string, details?: unknown): { ok: false; error: SignallingError } => ({
    ok: false,
    error: { code: 'VALIDATION_FAILED', message, ...(details === undefined ? {} : { details }) },
  });
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return invalid('a request is an object { method, data }');
  }
  const { method, data, ...rest } = message as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return invalid('a request has only method and data');
  if (typeof method !== 'string' || !(REQUEST_METHODS as string[]).includes(method)) {
    return invalid('unknown method');
  }
  const checked = checkData[method as RequestMethod](data);
  if (!checked.ok)
    return invalid(`invalid data for ${method}`, { issues: checked.issues.slice(0, MAX_ISSUES) });
  return { ok: true, request: { method, data: checked.value } as SignallingRequest };
}

/** Runs a valid request's handler, the one the handler table binds to its method. */
export function dispatch<M extends RequestMethod>(
  ctx: HandlerContext,
  request: SignallingRequest<M>,
): Promise<ResponseData<M>> {
  return handlers[request.method](ctx, request.data);
}

/**
 * Refuses a request the method's roles do not allow: a bridge point's attempt at
 * a host's request is audited, a host's at a point's own is simply FORBIDDEN.
 */
async function authorise(ctx: HandlerContext, method: RequestMethod): Promise<void> {
  const { role } = ctx.session.identity;
  if (mayRequest(method, role)) return;
  if (role !== 'host') await denied(ctx, `only the host may ${method}`, { method });
  throw new RoomError('FORBIDDEN', `only a bridge point may ${method}`);
}

/** Validates and runs one message; never throws: every failure is an error response. */
export async function handleRequest(
  ctx: HandlerContext,
  message: unknown,
): Promise<SignallingResponse<RequestMethod>> {
  const parsed = parseRequest(message);
  if (!parsed.ok) {
    ctx.log.debug({ socket: ctx.session.id, error: parsed.error }, 'invalid signalling request');
    return parsed;
  }
  try {
    await authorise(ctx, parsed.request.method);
    const data = await dispatch(ctx, parsed.request);
    return { ok: true, data };
  } catch (error) {
    if (error instanceof RoomError || error instanceof AppError) {
      const { code, message, details } = error;
      return { ok: false, error: { code, message, ...(details === undefined ? {} : { details }) } };
    }
    ctx.log.error({ err: error, method: parsed.request.method }, 'signalling request failed');
    return { ok: false, error: { code: 'INTERNAL', message: 'the request failed on the server' } };
  }
}
