// Liveness, readiness and Prometheus metrics: the status for everyone, the details (what was
// checked, addresses, paths, counts) and /metrics for operators only (see operator-access.ts).
import {
  publicReadiness,
  type DependencyCheck,
  type Liveness,
  type PublicReadiness,
  type ServerReadiness,
} from '@diemcau/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest, LogLevel } from 'fastify';
import type { Registry } from 'prom-client';
import { AppError } from '../errors.js';

export interface HealthDeps {
  checks: {
    mediasoup(): Promise<DependencyCheck>;
    database(): Promise<DependencyCheck>;
    redis(): Promise<DependencyCheck>;
  };
  metrics: Registry;
  /** Whether the request comes from an operator, who reads the details. */
  isOperator(request: FastifyRequest): Promise<boolean>;
}

const QUIETER_THAN_WARN: readonly LogLevel[] = ['error', 'fatal', 'silent'];

/** Combines dependency checks into one report; ready only when all are ok. */
export function readiness(checks: ServerReadiness['checks']): ServerReadiness {
  return { ready: Object.values(checks).every((c) => c.ok), checks };
}

/** Liveness, readiness and Prometheus metrics, for load balancers and monitoring. */
export const healthRoutes: FastifyPluginAsyncTypebox<HealthDeps> = async (
  app,
  { checks, metrics, isOperator },
) => {
  const started = Date.now();
  // Probes arrive every few seconds: keep them out of the info log (a quieter LOG_LEVEL still wins).
  const level = app.log.level as LogLevel;
  const quiet = { logLevel: QUIETER_THAN_WARN.includes(level) ? level : ('warn' as const) };

  app.get('/healthz', quiet, async (request): Promise<Liveness> => {
    if (!(await isOperator(request))) return { status: 'ok' };
    return { status: 'ok', uptimeSeconds: (Date.now() - started) / 1000 };
  });

  app.get('/readyz', quiet, async (request, reply): Promise<ServerReadiness | PublicReadiness> => {
    const [mediasoup, database, redis, operator] = await Promise.all([
      checks.mediasoup(),
      checks.database(),
      checks.redis(),
      isOperator(request),
    ]);
    const report = readiness({ mediasoup, database, redis });
    return reply.code(report.ready ? 200 : 503).send(operator ? report : publicReadiness(report.ready));
  });

  app.get('/metrics', quiet, async (request, reply) => {
    if (!(await isOperator(request))) {
      throw new AppError(
        'UNAUTHENTICATED',
        401,
        'metrics need METRICS_TOKEN as a Bearer token, or an admin session',
      );
    }
    return reply.type(metrics.contentType).send(await metrics.metrics());
  });
};
