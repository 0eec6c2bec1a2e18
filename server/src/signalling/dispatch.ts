import {
  HOST_ONLY_METHODS,
  POINT_ONLY_METHODS,
  REQUEST_METHODS,
  RequestSchemas,
  validator,
  type RequestMethod,
  type SignallingError,
  type SignallingRequest,
  type SignallingResponse,
  type Validated,
} from '@diemcau/protocol';
import { AppError } from '../errors.js';
import { denied } from './handlers/denied.js';
import { RoomError } from '../sfu/room-error.js';
import {
  consumers,
  hostControls,
  pointRequests,
  producers,
  transports,
  getRouterRtpCapabilities,
  join,
  leave,
  type HandlerContext,
} from './handlers/index.js';

const checkData = Object.fromEntries(REQUEST_METHODS.map((m) => [m, validator(RequestSchemas[m].data)])) as {
  [M in RequestMethod]: (value: unknown) => Validated<unknown>;
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

/** Runs a valid request's handler: one case per method, checked exhaustive by the compiler. */
export function dispatch(ctx: HandlerContext, request: SignallingRequest): Promise<unknown> {
  switch (request.method) {
    case 'getRouterRtpCapabilities':
      return getRouterRtpCapabilities(ctx);
    case 'join':
      return join(ctx, request.data);
    case 'leave':
      return leave(ctx);
    case 'createWebRtcTransport':
      return transports.createWebRtcTransport(ctx, request.data);
    case 'connectWebRtcTransport':
      return transports.connectWebRtcTransport(ctx, request.data);
    case 'restartIce':
      return transports.restartIce(ctx, request.data);
    case 'createPlainTransport':
      return transports.createPlainTransport(ctx, request.data);
    case 'connectPlainTransport':
      return transports.connectPlainTransport(ctx, request.data);
    case 'produce':
      return producers.produce(ctx, request.data);
    case 'closeProducer':
      return producers.closeProducer(ctx, request.data);
    case 'pauseProducer':
      return producers.pauseProducer(ctx, request.data);
    case 'resumeProducer':
      return producers.resumeProducer(ctx, request.data);
    case 'resumeConsumer':
      return consumers.resumeConsumer(ctx, request.data);
    case 'pauseConsumer':
      return consumers.pauseConsumer(ctx, request.data);
    case 'setConsumerView':
      return consumers.setConsumerView(ctx, request.data);
    case 'setGridPage':
      return consumers.setGridPage(ctx, request.data);
    case 'mutePoint':
      return hostControls.mutePoint(ctx, request.data);
    case 'unmutePoint':
      return hostControls.unmutePoint(ctx, request.data);
    case 'disableCamera':
      return hostControls.disableCamera(ctx, request.data);
    case 'spotlight':
      return hostControls.spotlight(ctx, request.data);
    case 'removePoint':
      return hostControls.removePoint(ctx, request.data);
    case 'readmitPoint':
      return hostControls.readmitPoint(ctx, request.data);
    case 'lockRoom':
      return hostControls.lockRoom(ctx, request.data);
    case 'setRoomSettings':
      return hostControls.setRoomSettings(ctx, request.data);
    case 'endConference':
      return hostControls.endConference(ctx);
    case 'grantFloor':
      return hostControls.grantFloor(ctx, request.data);
    case 'dismissHand':
      return hostControls.dismissHand(ctx, request.data);
    case 'raiseHand':
      return pointRequests.raiseHand(ctx);
    case 'lowerHand':
      return pointRequests.lowerHand(ctx);
    case 'setHeadcount':
      return pointRequests.setHeadcount(ctx, request.data);
    default: {
      const unknown: never = request;
      throw new Error(`no handler for ${JSON.stringify(unknown)}`);
    }
  }
}

/** Refuses a host-only request from a bridge point (audited), and a point-only one from a host. */
async function authorise(ctx: HandlerContext, method: RequestMethod): Promise<void> {
  const { role } = ctx.session.identity;
  if (role !== 'host' && HOST_ONLY_METHODS.includes(method)) {
    await denied(ctx, `only the host may ${method}`, { method });
  }
  if (role === 'host' && POINT_ONLY_METHODS.includes(method)) {
    throw new RoomError('FORBIDDEN', `only a bridge point may ${method}`);
  }
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
    return { ok: true, data } as SignallingResponse<RequestMethod>;
  } catch (error) {
    if (error instanceof RoomError || error instanceof AppError) {
      const { code, message, details } = error;
      return { ok: false, error: { code, message, ...(details === undefined ? {} : { details }) } };
    }
    ctx.log.error({ err: error, method: parsed.request.method }, 'signalling request failed');
    return { ok: false, error: { code: 'INTERNAL', message: 'the request failed on the server' } };
  }
}
