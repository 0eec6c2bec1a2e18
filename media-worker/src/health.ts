// The media-worker's own HTTP endpoint: /healthz (alive) and /readyz (can take jobs), the status
// for everyone and the details for the bearer of METRICS_TOKEN; and binding it, with a StartupError on failure.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  presentsToken,
  publicReadiness,
  type ErrorBody,
  type Liveness,
  type MediaWorkerReadiness,
  type PublicReadiness,
} from '@diemcau/protocol';
import type { Registry } from 'prom-client';
import { StartupError } from './errors.js';
import { serveMetrics } from './metrics.js';

type Body = Liveness | MediaWorkerReadiness | PublicReadiness | ErrorBody;

export interface HealthOptions {
  /** Who may read the details; unset: nobody, everyone gets the status. */
  metricsToken?: string | undefined;
  /** Where a failed readiness check goes in full, since its answer says only INTERNAL. */
  onError?: (error: unknown) => void;
  /** Served at /metrics to the bearer of METRICS_TOKEN, as the details are. */
  metrics?: Registry;
}

function send(res: ServerResponse, status: number, body: Body): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(json);
}

/** `/healthz` (alive) and `/readyz` (can take jobs) for probes and monitoring. */
export function createHealthServer(
  readiness: () => Promise<MediaWorkerReadiness>,
  { metricsToken, onError, metrics }: HealthOptions = {},
): Server {
  const startedAt = Date.now();
  const operator = (req: IncomingMessage) => presentsToken(req.headers.authorization, metricsToken);
  return createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && pathname === '/healthz') {
      const uptimeSeconds = Math.floor((Date.now() - startedAt) / 1000);
      send(res, 200, operator(req) ? { status: 'ok', uptimeSeconds } : { status: 'ok' });
    } else if (req.method === 'GET' && pathname === '/readyz') {
      readiness().then(
        (report) =>
          send(res, report.ready ? 200 : 503, operator(req) ? report : publicReadiness(report.ready)),
        (error: unknown) => {
          onError?.(error);
          send(res, 500, { error: { code: 'INTERNAL', message: 'the readiness check failed' } });
        },
      );
    } else if (metrics && req.method === 'GET' && pathname === '/metrics') {
      if (operator(req)) serveMetrics(res, metrics);
      else send(res, 401, { error: { code: 'UNAUTHENTICATED', message: 'the metrics need METRICS_TOKEN' } });
    } else {
      send(res, 404, { error: { code: 'NOT_FOUND', message: `no route ${req.method} ${pathname}` } });
    }
  });
}

/** Listens and returns the bound port (the OS picks one when `port` is 0). */
export function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        error.code === 'EADDRINUSE'
          ? new StartupError('PORT_IN_USE', `MEDIA_WORKER_PORT ${port} is already in use`)
          : new StartupError(
              'LISTEN_FAILED',
              `cannot listen on MEDIA_WORKER_HOST:MEDIA_WORKER_PORT ${host}:${port}: ${error.message}`,
            ),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
