import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';

/** Every error leaves as `{"error":{"code","message","details"}}` with a fitting status. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    const error = new AppError('NOT_FOUND', 404, `no route for ${request.method} ${request.url}`);
    return reply.code(404).send(error.toBody());
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof AppError) return reply.code(error.statusCode).send(error.toBody());
    const fastifyError = error as { validation?: unknown; statusCode?: number; message?: string };
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
    if (status < 500) {
      const code = status === 429 ? 'RATE_LIMITED' : status === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED';
      return reply
        .code(status)
        .send(new AppError(code, status, fastifyError.message ?? 'bad request').toBody());
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(new AppError('INTERNAL', 500, 'internal error').toBody());
  });
}
