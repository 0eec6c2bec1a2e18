import fs from 'node:fs';
import type { RequestListener } from 'node:http';
import path from 'node:path';
import type { Server as TlsServer } from 'node:tls';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerFactory } from 'fastify';
import type { Server as SocketServer } from 'socket.io';
import type { Config } from './config.js';
import { DatabaseLink } from './db/database-link.js';
import { StartupError } from './errors.js';
import { installErrorHandlers } from './http/errors.js';
import { api } from './http/api.js';
import { healthRoutes } from './http/health.js';
import { operatorAccess } from './http/operator-access.js';
import { hlsRoutes } from './http/hls-routes.js';
import { pages } from './http/pages.js';
import { tlsRoutes } from './http/tls-routes.js';
import { JobQueues } from './jobs/queues.js';
import { countHttpResponses, createMetrics } from './metrics.js';
import { RedisLink } from './redis-link.js';
import { createServices, type Services } from './services.js';
import { loadDemoData } from './demo-data.js';
import { RecordingControl } from './recordings/recording-control.js';
import { Rooms } from './sfu/rooms.js';
import { BroadcastFeed } from './egress/broadcast-feed.js';
import { LiveControl } from './streaming/live-control.js';
import { WorkerPool } from './sfu/worker-pool.js';
import { closeSocketServer, createSocketServer } from './signalling/socket-server.js';
import { createTlsServer, reloadOnChange } from './tls/https-server.js';
import { plainAnswer } from './tls/plain-answer.js';
import { loadTlsMaterial, type TlsMaterial } from './tls/tls-material.js';

export interface App {
  readonly http: FastifyInstance;
  readonly pool: WorkerPool;
  readonly database: DatabaseLink;
  readonly redis: RedisLink;
  readonly queues: JobQueues;
  readonly io: SocketServer;
  readonly rooms: Rooms;
  readonly services: Services;
  readonly recordingControl: RecordingControl;
  readonly liveControl: LiveControl;
  /** The certificate the server speaks TLS with; null for plain http. */
  readonly tls: TlsMaterial | null;
  /** The answer to a plain-http request once TLS is on (a redirect, or the root certificate). */
  readonly plainAnswer: ((head: string) => string) | null;
}

export interface AppOptions {
  /** BullMQ key prefix; tests isolate their queues with it. */
  queuePrefix?: string;
}

/** The composition root: the only place that wires the parts together. */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const { trustProxy } = config;
  const publicUrl = new URL(config.publicUrl);
  const tlsWarnings: string[] = [];
  // Before Fastify: a bad TLS_CERT stops the start with its one line.
  const tls =
    config.tls.mode === 'off'
      ? null
      : loadTlsMaterial(config.tls, publicUrl.hostname, (warning) => tlsWarnings.push(warning));
  const answer =
    tls &&
    ((head: string) =>
      plainAnswer(head, {
        httpsPort: Number(publicUrl.port || 443),
        fallbackHost: publicUrl.host.replace(/:\d+$/, ''),
        rootCa: tls.rootCa,
      }));
  // Fastify types the instance by its server kind; nothing here depends on which it is.
  const serverFactory =
    tls && answer
      ? (((handler: RequestListener) =>
          createTlsServer(handler, tls, answer)) as unknown as FastifyServerFactory)
      : undefined;
  const http = Fastify({
    // `https` only names the scheme in Fastify's own logs: the factory makes the server.
    ...(serverFactory ? { serverFactory, https: true } : {}),
    logger: {
      level: config.logLevel,
      // Stream keys must never reach a log, whatever logs a request or an object carrying one.
      redact: { paths: ['req.body.streamKey', '*.streamKey', '*.*.streamKey'], censor: '***' },
    },
    forceCloseConnections: true,
    // A hop count trusts that many proxies nearest to us.
    trustProxy:
      typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
    // Unknown fields are an error, not something to strip silently.
    ajv: { customOptions: { removeAdditional: false } },
  });
  const log = http.log;
  for (const warning of tlsWarnings) log.warn(warning);
  if (config.tls.mode === 'given') {
    const stop = reloadOnChange(
      http.server as unknown as TlsServer,
      { ...config.tls, publicHost: publicUrl.hostname },
      log,
    );
    http.addHook('onClose', async () => stop());
  }

  let pool: WorkerPool;
  try {
    pool = await WorkerPool.create(config.mediasoup);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const o = config.mediasoup;
    throw new StartupError(
      'MEDIASOUP_UNAVAILABLE',
      /EADDRINUSE|address already in use/i.test(message)
        ? `WEBRTC_SERVER_PORT ${o.webRtcServerPort}-${o.webRtcServerPort + o.workers - 1} is already in use: set WEBRTC_SERVER_PORT to free ports`
        : `cannot start mediasoup workers: ${message}`,
    );
  }
  pool.on('workerDied', (index, pid, error) =>
    log.error(
      { worker: index, pid, err: error },
      `mediasoup worker ${index} (pid ${pid}) died; replacing it`,
    ),
  );
  pool.on('workerReplaced', (slot) =>
    log.info({ worker: slot.index, pid: slot.worker.pid }, 'mediasoup worker replaced'),
  );
  pool.on('replaceFailed', (index, error) =>
    log.error({ worker: index, err: error }, 'mediasoup worker replacement failed; retrying'),
  );

  const database = new DatabaseLink(config.database, log);
  const redis = new RedisLink(config.redisUrl, log);
  const queues = new JobQueues(redis.client, log, options.queuePrefix);

  const services = createServices(database.db, config);
  if (config.demoData) {
    // After the migrations, without holding up start-up.
    void database.ready.then(() => loadDemoData(services, log));
  }

  const rooms = new Rooms(pool, {
    isLive: async (id) => (await services.conferences.getLive(id)) !== undefined,
    consumersPerRouter: config.mediasoup.consumersPerRouter,
    reconnectGraceMs: config.reconnectGraceSeconds * 1000,
    log,
  });
  const feed = new BroadcastFeed(rooms);
  const recordingControl = new RecordingControl({
    rooms,
    recordings: services.recordings,
    audit: services.audit,
    queues,
    publisher: redis.client,
    feed,
    listenIp: config.mediasoup.listenIp,
    log,
  });
  const liveControl = new LiveControl({
    rooms,
    conferences: services.conferences,
    destinations: services.destinations,
    audit: services.audit,
    queues,
    publisher: redis.client,
    feed,
    listenIp: config.mediasoup.listenIp,
    log,
  });

  const checks = {
    mediasoup: async () => {
      const alive = pool.alive.length;
      return alive === pool.size
        ? { ok: true, detail: `${alive} workers alive` }
        : { ok: false, detail: `${alive}/${pool.size} workers alive (replacing the others)` };
    },
    database: () => database.check(),
    redis: () => redis.check(),
  };
  const metrics = createMetrics({ pool, rooms, recordings: recordingControl, live: liveControl, checks });

  // What a previous process left open: recordings to finish, livestreams to end.
  void database.ready
    .then(() => Promise.all([recordingControl.finishInterrupted(), liveControl.endInterrupted()]))
    .catch((error: unknown) => log.warn({ err: error }, 'cannot finish what a previous run left open'));

  installErrorHandlers(http);
  const countResponse = countHttpResponses(metrics);
  http.addHook('onResponse', async (_request, reply) => countResponse(reply.statusCode));
  const secure = tls !== null;
  await http.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        'media-src': ["'self'", 'blob:'],
        // Served over https, nothing may go out over plain ws: or http:.
        'connect-src': secure ? ["'self'", 'wss:'] : ["'self'", 'ws:', 'wss:'],
        // Over plain http (localhost) upgrading would send the page's own requests to a port with no TLS.
        'upgrade-insecure-requests': secure ? [] : null,
      },
    },
  });
  await http.register(fastifyCookie);
  await http.register(fastifyRateLimit, { global: false });
  await http.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'diemcau API',
        version: '1',
        description: 'Conferences, bridge points and livestreams.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'diemcau_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });
  await http.register(fastifySwaggerUi, { routePrefix: '/docs' });
  await http.register(api, { prefix: '/api', ...services, recordingControl, liveControl });
  await http.register(healthRoutes, {
    metrics,
    isOperator: operatorAccess({
      metricsToken: config.metricsToken,
      resolveSession: (token) => services.accounts.resolveSession(token),
    }),
    checks,
  });
  await http.register(tlsRoutes, { material: tls });
  await http.register(hlsRoutes, {
    conferences: services.conferences,
    hlsDir: path.join(config.dataDir, 'hls'),
  });
  if (fs.existsSync(config.webClientDir)) {
    // `index: false`: `/` is a page of its own, with the pages' headers.
    await http.register(fastifyStatic, { root: config.webClientDir, wildcard: false, index: false });
    await http.register(pages, { secure });
  }

  // How the rooms hear of an end in this process. Deferred past the current request, so a host who
  // ended it from the room gets its answer first.
  services.conferenceEvents.on('ended', (id) => setImmediate(() => void rooms.end(id)));
  const { listenIp, announcedIp, plainRtpTransports } = config.mediasoup;
  const io = createSocketServer(http.server, {
    services,
    rooms,
    ...(plainRtpTransports ? { plainTransports: { ip: listenIp, announcedAddress: announcedIp } } : {}),
    log,
  });
  // Sockets are long-lived: drop them first or the HTTP server never finishes closing.
  http.addHook('preClose', async () => closeSocketServer(io));
  http.addHook('onClose', async () => {
    // Before the rooms: stopping asks the media-workers to finish the files of what was recorded.
    await Promise.all([recordingControl.close(), liveControl.close()]);
    feed.close();
    await rooms.close();
    await pool.close();
    await queues.close();
    await redis.close();
    await database.close();
  });

  return {
    http,
    pool,
    database,
    redis,
    queues,
    io,
    rooms,
    services,
    recordingControl,
    liveControl,
    tls,
    plainAnswer: answer,
  };
}
