import type net from 'node:net';
import { createApp } from './app.js';
import { ConfigError } from '@diemcau/protocol';
import { loadConfig, type Config } from './config.js';
import { StartupError } from './errors.js';
import { plainRedirectServer } from './tls/https-server.js';

const SHUTDOWN_DEADLINE_MS = 9_000;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(`invalid configuration: ${error.message}`);
  throw error;
}

const app = await createApp(config).catch((error: unknown) => {
  if (error instanceof StartupError) fail(`cannot start: ${error.message}`);
  // A TLS_CERT or TLS_KEY that cannot serve PUBLIC_URL, found when the files are read.
  if (error instanceof ConfigError) fail(`invalid configuration: ${error.message}`);
  throw error;
});

/** HTTP_PORT: plain http that only redirects to https (and hands out the made root certificate). */
async function listenRedirect(port: number, answer: (head: string) => string): Promise<net.Server> {
  const server = plainRedirectServer(answer);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: config.host, port }, resolve);
  });
  return server;
}

const httpPort = config.tls.mode === 'off' ? undefined : config.tls.httpPort;
let redirect: net.Server | undefined;
try {
  await app.http.listen({ host: config.host, port: config.port });
  if (httpPort !== undefined && app.plainAnswer) redirect = await listenRedirect(httpPort, app.plainAnswer);
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  const [variable, port] =
    redirect || httpPort === undefined ? ['PORT', config.port] : ['HTTP_PORT', httpPort];
  await app.http.close().catch(() => undefined);
  if (code === 'EADDRINUSE')
    fail(
      `cannot start: ${variable} ${port} is already in use on ${config.host}: set ${variable} to a free port`,
    );
  if (code === 'EACCES') fail(`cannot start: no permission to listen on ${config.host}:${port}`);
  throw error;
}
app.http.log.info(
  {
    url: config.publicUrl,
    tls: app.tls ? { source: app.tls.source, names: app.tls.names } : 'off',
    ...(httpPort === undefined ? {} : { redirectPort: httpPort }),
    workers: app.pool.size,
    announcedIp: config.mediasoup.announcedIp,
  },
  'diemcau server listening',
);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  app.http.log.info({ signal }, 'shutting down');
  const deadline = setTimeout(() => {
    app.http.log.error('shutdown took too long; exiting');
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS);
  deadline.unref();
  redirect?.close();
  await app.http.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
