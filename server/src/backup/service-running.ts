// Whether the server or media-worker still runs on this installation: its ports answer, or SQLite is held.
import fs from 'node:fs';
import net from 'node:net';
import SQLite from 'better-sqlite3';
import { envInteger, type Env } from '@diemcau/protocol';
import type { Config } from '../config.js';
import { BackupError } from './backup-error.js';

/** Resolves whether something accepts TCP connections on host:port within a short wait. */
export function answers(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Whether another process has the SQLite file open: every connection in WAL mode holds a shared
 * lock while it is open, so an exclusive transaction cannot start beside the server.
 */
export function sqliteInUse(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const db = new SQLite(file, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return false;
  } catch (error) {
    const code = String((error as { code?: unknown }).code);
    if (code === 'SQLITE_BUSY') return true;
    // Not a database at all: no server can be running on it.
    if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) return false;
    throw error;
  } finally {
    db.close();
  }
}

/** The listening address to probe for a server bound to `host` (all interfaces: loopback). */
const probeHost = (host: string) => (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host);

/**
 * Throws SERVICE_RUNNING when the server (PORT), the media-worker (MEDIA_WORKER_PORT, on this
 * machine) or any process holding the SQLite database would work on what is about to change.
 */
export async function ensureStopped(config: Config, env: Env, why: string): Promise<void> {
  const host = probeHost(config.host);
  const workerPort = envInteger(env, 'MEDIA_WORKER_PORT', 3001, 0, 65535);
  const checks: [string, Promise<boolean>][] = [
    [`the server answers on ${host}:${config.port}`, answers(host, config.port)],
  ];
  if (workerPort !== 0) {
    checks.push([`the media-worker answers on 127.0.0.1:${workerPort}`, answers('127.0.0.1', workerPort)]);
  }
  for (const [what, running] of checks) {
    if (await running) throw new BackupError('SERVICE_RUNNING', `${what}: stop it first (${why})`);
  }
  if (config.database.kind === 'sqlite' && sqliteInUse(config.database.file)) {
    throw new BackupError(
      'SERVICE_RUNNING',
      `another process has ${config.database.file} open: stop the server first (${why})`,
    );
  }
}
