import { createApp } from './app.js';
import { ConfigError } from '@diemcau/protocol';
import { loadConfig, type Config } from './config.js';
import { StartupError } from './errors.js';

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
  throw error;
});

try {
  await app.http.listen({ host: config.host, port: config.port });
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  await app.http.close().catch(() => undefined);
  if (code === 'EADDRINUSE')
    fail(`cannot start: PORT ${config.port} is already in use on ${config.host}: set PORT to a free port`);
  if (code === 'EACCES') fail(`cannot start: no permission to listen on ${config.host}:${config.port}`);
  throw error;
}
app.http.log.info(
  { url: config.publicUrl, workers: app.pool.size, announcedIp: config.mediasoup.announcedIp },
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
  await app.http.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
