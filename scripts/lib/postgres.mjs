// @ts-check
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exec, which } from './exec.mjs';
import { SetupError } from './log.mjs';
import { freePort, tcpExchange } from './net.mjs';

const DEBIAN_PG = '/usr/lib/postgresql';

/** Server binaries (initdb, pg_ctl): Debian keeps them off PATH, per major version. */
export function postgresBinDir() {
  const versions = fs.existsSync(DEBIAN_PG)
    ? fs.readdirSync(DEBIAN_PG).filter((v) => fs.existsSync(path.join(DEBIAN_PG, v, 'bin/initdb')))
    : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (newest) return path.join(DEBIAN_PG, newest, 'bin');
  const initdb = which('initdb');
  return initdb && path.dirname(initdb);
}

/** @param {number} n */
function int32(n) {
  const buf = Buffer.alloc(4);
  buf.writeInt32BE(n);
  return buf;
}

/**
 * Types of the complete backend messages (1 type byte, then an int32 length) at the start of `buf`.
 * @param {Buffer} buf
 */
function messageTypes(buf) {
  const types = [];
  for (let at = 0; at + 5 <= buf.length && at + 1 + buf.readInt32BE(at + 1) <= buf.length;) {
    types.push(String.fromCharCode(/** @type {number} */ (buf[at])));
    at += 1 + buf.readInt32BE(at + 1);
  }
  return types;
}

/**
 * True when the server at `url` lets its user into its database without a password: sends a
 * protocol 3.0 StartupMessage and expects AuthenticationOk ('R', code 0) and then ReadyForQuery
 * ('Z') with no ErrorResponse ('E'). Unlike pg_isready this proves the database exists.
 * @param {string} url postgres://user@host:port/database
 */
export async function postgresAccepts(url) {
  const { hostname, port, username, pathname } = new URL(url);
  const params = `user\0${decodeURIComponent(username)}\0database\0${decodeURIComponent(pathname.slice(1))}\0\0`;
  const body = Buffer.concat([int32(196608), Buffer.from(params)]);
  const authOk = (/** @type {Buffer} */ r) => r[0] === 0x52 && r.length >= 9 && r.readInt32BE(5) === 0;
  const reply = await tcpExchange({
    host: hostname,
    port: Number(port || 5432),
    request: Buffer.concat([int32(body.length + 4), body]),
    done: (r) => {
      const types = messageTypes(r);
      const notPostgres = r.length > 0 && r[0] !== 0x52 && r[0] !== 0x45;
      return notPostgres || types.includes('Z') || types.includes('E') || (types[0] === 'R' && !authOk(r));
    },
  });
  return (
    reply !== null && authOk(reply) && messageTypes(reply).includes('Z') && !messageTypes(reply).includes('E')
  );
}

/**
 * @param {string} user
 * @param {'-u' | '-g'} flag
 */
function idOf(user, flag) {
  return Number(spawnSync('id', [flag, user], { encoding: 'utf8' }).stdout.trim());
}

/**
 * A throwaway cluster in a temp dir on a free port (trust auth, fsync off) with database
 * `test`. initdb refuses to run as root, so as root the cluster belongs to `postgres`.
 */
export async function startPostgres() {
  const bin = postgresBinDir();
  if (!bin) throw new SetupError('PostgreSQL server binaries (initdb) not found');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-pg-'));
  const asPostgres = process.getuid?.() === 0;
  if (asPostgres) fs.chownSync(dir, idOf('postgres', '-u'), idOf('postgres', '-g'));
  /** @param {string} tool @param {string[]} args */
  const pg = async (tool, args) => {
    const cmd = path.join(bin, tool);
    const res = asPostgres
      ? await exec('runuser', ['-u', 'postgres', '--', cmd, ...args], { quiet: true })
      : await exec(cmd, args, { quiet: true });
    if (res.status !== 0) throw new SetupError(`${tool} failed (exit ${res.status}): ${res.output.trim()}`);
  };
  const data = path.join(dir, 'data');
  const port = await freePort();
  const stop = async () => {
    if (fs.existsSync(path.join(data, 'postmaster.pid'))) {
      await pg('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await pg('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
    const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off`;
    await pg('pg_ctl', ['-D', data, '-l', path.join(dir, 'postgres.log'), '-w', '-o', options, 'start']);
    await pg('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'test']);
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
  return { url: `postgres://postgres@127.0.0.1:${port}/test`, dir, stop };
}
