// How every error leaves the server: an AppError as it says, a client error with a safe message,
// anything else as a bare INTERNAL, whose stack, paths and driver messages stay in the log.
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

/** The message a client error may carry out: Fastify's own and the rate limiter's say only what the client sent. */
export function clientMessage(error: Partial<FastifyError>, status: number): string {
  const own = error.code?.startsWith('FST_') === true || status === 429;
  return (own && error.message) || STATUS_CODES[status] || 'bad request';
}

/** Every error leaves as `{"error":{"code","message","details"}}` with a fitting status. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    const error = new AppError('NOT_FOUND', 404, `no route for ${request.method} ${request.url}`);
    return reply.code(404).send(error.toBody());
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof AppError) return reply.code(error.statusCode).send(error.toBody());
    const fastifyError = error as Partial<FastifyError>;
    if (fastifyError.validation) {
      const body = new AppError(
        'VALIDATION_FAILED',
        400,
        fastifyError.message ?? 'invalid request',
        fastifyError.validation,
      );
      return reply.code(400).send(body.toBody());
    }
    const status = fastifyError.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = status === 429 ? 'RATE_LIMITED' : status === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED';
      if (!fastifyError.code?.startsWith('FST_')) request.log.warn({ err: error }, 'request refused');
      return reply
        .code(status)
        .send(new AppError(code, status, clientMessage(fastifyError, status)).toBody());
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(new AppError('INTERNAL', 500, 'internal error').toBody());
  });
}
