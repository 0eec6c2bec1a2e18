// A real RTMP ingest for the livestream tests: Debian's nginx with libnginx-mod-rtmp, run as a child
// of the test with a private config in a temp dir. It never touches /etc/nginx, /var or port 80, and
// does not depend on (or disturb) the system nginx service.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../helpers.js';

/** Debian's paths (packages `nginx` and `libnginx-mod-rtmp`). */
export const NGINX_PATH = '/usr/sbin/nginx';
export const RTMP_MODULE_PATH = '/usr/lib/nginx/modules/ngx_rtmp_module.so';

export type NginxRtmpErrorCode =
  'NGINX_MISSING' | 'NGINX_START_FAILED' | 'NGINX_ALREADY_RUNNING' | 'NGINX_STAT_FAILED';

export class NginxRtmpError extends Error {
  override readonly name = 'NginxRtmpError';
  constructor(
    readonly code: NginxRtmpErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface RtmpApplication {
  name: string;
  /** `local`: 127.0.0.1 may publish; `nobody`: every publisher is refused. Anyone may play. */
  publish: 'local' | 'nobody';
}

/** `live` takes publishers (the first application is the one `url` points at); `refuse` refuses them. */
export const DEFAULT_APPLICATIONS: readonly RtmpApplication[] = [
  { name: 'live', publish: 'local' },
  { name: 'refuse', publish: 'nobody' },
];

export interface PublishedStream {
  application: string;
  name: string;
  /** From the publisher's metadata; null when it sent none. */
  video: { codec: string; width: number; height: number } | null;
  audio: { codec: string; channels: number; sampleRate: number } | null;
}

export interface RtmpServer {
  /** rtmp://127.0.0.1:<port>/<first application>; append `/<stream key>` to publish or play. */
  readonly url: string;
  readonly port: number;
  urlOf(application: string): string;
  /** Cuts every connection at once (fast shutdown), as when a platform's ingest goes away. */
  stop(): Promise<void>;
  /** Runs nginx again on the same port after stop(). */
  start(): Promise<void>;
  /** The streams being published right now, from nginx's rtmp_stat page. */
  publishedStreams(): Promise<PublishedStream[]>;
  /** nginx's error log so far; refused publishers appear as "access forbidden by rule". */
  errorLog(): string;
  /** Stops nginx and removes its temp dir. */
  close(): Promise<void>;
}

export interface NginxConfOptions {
  dir: string;
  rtmpPort: number;
  statPort: number;
  applications: readonly RtmpApplication[];
}

/**
 * One process (`master_process off`) in the foreground: as root, a master would run its workers as
 * `nobody`, who cannot write the temp dir, and a killed test would orphan them. Every path nginx
 * writes (pid, lock, logs, http temp dirs) is inside `dir`.
 */
export function nginxConf({ dir, rtmpPort, statPort, applications }: NginxConfOptions): string {
  const inDir = (name: string) => path.join(dir, name);
  const application = ({ name, publish }: RtmpApplication) => {
    const allow = publish === 'local' ? 'allow publish 127.0.0.1; ' : '';
    return `    application ${name} { live on; record off; ${allow}deny publish all; allow play all; }`;
  };
  return [
    `load_module ${RTMP_MODULE_PATH};`,
    'daemon off;',
    'master_process off;',
    `pid ${inDir('nginx.pid')};`,
    `lock_file ${inDir('nginx.lock')};`,
    `error_log ${inDir('error.log')} info;`,
    'events { worker_connections 256; }',
    'rtmp {',
    `  access_log ${inDir('rtmp-access.log')};`,
    '  server {',
    `    listen 127.0.0.1:${rtmpPort};`,
    ...applications.map(application),
    '  }',
    '}',
    'http {',
    `  access_log ${inDir('http-access.log')};`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
      (kind) => `  ${kind}_temp_path ${inDir(`${kind}-temp`)};`,
    ),
    `  server { listen 127.0.0.1:${statPort}; location = /stat { rtmp_stat all; } }`,
    '}',
    '',
  ].join('\n');
}

/** Inner text of the first `<tag>` in `xml`, or undefined. */
function tag(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1];
}

function blocks(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'))].map((m) => m[1] ?? '');
}

/** The publishing streams of an rtmp_stat XML page (applications and streams never nest). */
export function parseRtmpStat(xml: string): PublishedStream[] {
  return blocks(xml, 'application').flatMap((app) =>
    blocks(app, 'stream')
      .filter((stream) => stream.includes('<publishing/>'))
      .map((stream) => {
        const meta = tag(stream, 'meta') ?? '';
        const video = tag(meta, 'video');
        const audio = tag(meta, 'audio');
        return {
          application: tag(app, 'name') ?? '',
          name: tag(stream, 'name') ?? '',
          video:
            video === undefined
              ? null
              : {
                  codec: tag(video, 'codec') ?? '',
                  width: Number(tag(video, 'width')),
                  height: Number(tag(video, 'height')),
                },
          audio:
            audio === undefined
              ? null
              : {
                  codec: tag(audio, 'codec') ?? '',
                  channels: Number(tag(audio, 'channels')),
                  sampleRate: Number(tag(audio, 'sample_rate')),
                },
        };
      }),
  );
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

const START_TIMEOUT_MS = 10_000;

/** Starts nginx on two free ports (RTMP, stat page) and resolves once it serves both. */
export async function startRtmpServer({
  applications = DEFAULT_APPLICATIONS,
}: { applications?: readonly RtmpApplication[] } = {}): Promise<RtmpServer> {
  for (const file of [NGINX_PATH, RTMP_MODULE_PATH]) {
    if (!fs.existsSync(file)) {
      throw new NginxRtmpError(
        'NGINX_MISSING',
        `${file} not found; install with: apt-get install --no-install-recommends nginx libnginx-mod-rtmp`,
      );
    }
  }
  const first = applications[0];
  if (!first) throw new RangeError('startRtmpServer needs at least one application');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-nginx-rtmp-'));
  const [port, statPort] = [await freePort(), await freePort()];
  const confPath = path.join(dir, 'nginx.conf');
  const errorLogPath = path.join(dir, 'error.log');
  fs.writeFileSync(confPath, nginxConf({ dir, rtmpPort: port, statPort, applications }));
  const statUrl = `http://127.0.0.1:${statPort}/stat`;
  const urlOf = (application: string) => `rtmp://127.0.0.1:${port}/${application}`;
  const errorLog = () => (fs.existsSync(errorLogPath) ? fs.readFileSync(errorLogPath, 'utf8') : '');

  let child: ChildProcess | null = null;
  // A test run that dies without close() must not leave nginx holding the ports.
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async (): Promise<void> => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    running.kill('SIGTERM');
    const killer = setTimeout(() => running.kill('SIGKILL'), 5_000);
    await exited(running);
    clearTimeout(killer);
  };

  const fetchStat = async (): Promise<string> => {
    const response = await fetch(statUrl);
    if (!response.ok) throw new NginxRtmpError('NGINX_STAT_FAILED', `${statUrl} answered ${response.status}`);
    return response.text();
  };

  const start = async (): Promise<void> => {
    if (child && child.exitCode === null && child.signalCode === null) {
      throw new NginxRtmpError('NGINX_ALREADY_RUNNING', 'nginx is already running; stop() it first');
    }
    // -e: errors from before the config is read (a bad directive, a missing module) go to the log too.
    const spawned = spawn(NGINX_PATH, ['-p', dir, '-c', confPath, '-e', errorLogPath], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child = spawned;
    let stderr = '';
    spawned.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const failed = async (why: string) => {
      await stop();
      return new NginxRtmpError(
        'NGINX_START_FAILED',
        `nginx ${why}\n--- error log ---\n${errorLog()}--- stderr ---\n${stderr}`,
      );
    };
    // Ready when the stat page names this process: both listeners are bound before nginx serves
    // anything, and a pid check tells our nginx from whatever else might have taken a port meanwhile.
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (spawned.exitCode !== null || spawned.signalCode !== null) {
        throw await failed(`exited (${spawned.exitCode ?? spawned.signalCode}) while starting`);
      }
      const pid = await fetchStat().then(
        (xml) => Number(tag(xml, 'pid')),
        () => undefined,
      );
      if (pid === spawned.pid) return;
      if (Date.now() > deadline) throw await failed(`did not serve ${statUrl} within ${START_TIMEOUT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  await start().catch((error: unknown) => {
    process.removeListener('exit', killOnExit);
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  });

  return {
    url: urlOf(first.name),
    port,
    urlOf,
    stop,
    start,
    publishedStreams: async () => parseRtmpStat(await fetchStat()),
    errorLog,
    close: async () => {
      await stop();
      process.removeListener('exit', killOnExit);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
