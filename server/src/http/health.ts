import type { DependencyCheck, Liveness, ServerReadiness } from '@diemcau/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Registry } from 'prom-client';

export interface HealthDeps {
  checks: {
    mediasoup(): Promise<DependencyCheck>;
    database(): Promise<DependencyCheck>;
    redis(): Promise<DependencyCheck>;
  };
  metrics: Registry;
}

/** Combines dependency checks into one report; ready only when all are ok. */
export function readiness(checks: ServerReadiness['checks']): ServerReadiness {
  return { ready: Object.values(checks).every((c) => c.ok), checks };
}

/** Liveness, readiness and Prometheus metrics, for load balancers and monitoring. */
export const healthRoutes: FastifyPluginAsyncTypebox<HealthDeps> = async (app, { checks, metrics }) => {
  const started = Date.now();
  // Probes arrive every few seconds: keep them out of the info log.
  const quiet = { logLevel: 'warn' as const };

  app.get('/healthz', quiet, async (): Promise<Liveness> => ({
    status: 'ok',
    uptimeSeconds: (Date.now() - started) / 1000,
  }));

  app.get('/readyz', quiet, async (_request, reply): Promise<ServerReadiness> => {
    const [mediasoup, database, redis] = await Promise.all([
      checks.mediasoup(),
      checks.database(),
      checks.redis(),
    ]);
    const report = readiness({ mediasoup, database, redis });
    return reply.code(report.ready ? 200 : 503).send(report);
  });

  app.get('/metrics', quiet, async (_request, reply) => {
    return reply.type(metrics.contentType).send(await metrics.metrics());
  });
};
