// The media-worker's own HTTP endpoint: /healthz (alive) and /readyz
// (can take jobs), and binding it with a StartupError on failure.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ErrorBody, Liveness, MediaWorkerReadiness } from '@diemcau/protocol';
import type { Registry } from 'prom-client';
import { StartupError } from './errors.js';
import { serveMetrics } from './metrics.js';

function send(res: ServerResponse, status: number, body: Liveness | MediaWorkerReadiness | ErrorBody): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(json);
}

/** `/healthz` (alive) and `/readyz` (can take jobs) for probes and the server's status page. */
export function createHealthServer(
  readiness: () => Promise<MediaWorkerReadiness>,
  metrics?: Registry,
): Server {
  const startedAt = Date.now();
  return createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && pathname === '/healthz') {
      send(res, 200, { status: 'ok', uptimeSeconds: Math.floor((Date.now() - startedAt) / 1000) });
    } else if (req.method === 'GET' && pathname === '/readyz') {
      readiness().then(
        (report) => send(res, report.ready ? 200 : 503, report),
        (error: Error) => send(res, 500, { error: { code: 'INTERNAL', message: error.message } }),
      );
    } else if (metrics && req.method === 'GET' && pathname === '/metrics') {
      serveMetrics(res, metrics);
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
