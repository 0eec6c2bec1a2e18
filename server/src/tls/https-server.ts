// The HTTPS server Fastify runs on: plain http on the same port is answered with a redirect, and a given pair reloads.
import fs from 'node:fs';
import type http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type tls from 'node:tls';
import type { FastifyBaseLogger } from 'fastify';
import { headComplete } from './plain-answer.js';
import { givenMaterial, type TlsMaterial } from './tls-material.js';

/** The first byte of every TLS connection (a handshake record). */
const TLS_HANDSHAKE = 0x16;
const MAX_HEAD_BYTES = 16 * 1024;
/** A connection that says nothing is dropped: it would hold up closing the server. */
const FIRST_BYTE_TIMEOUT_MS = 10_000;
const WATCH_INTERVAL_MS = 2_000;
/** A renewal writes the certificate and the key one after the other: wait for both. */
const RELOAD_SETTLE_MS = 500;

type ConnectionListener = (socket: net.Socket) => void;

function answerPlain(socket: net.Socket, first: Buffer, answer: (head: string) => string): void {
  let head = first;
  const finish = () => {
    socket.removeAllListeners('data');
    socket.end(answer(head.toString('latin1')), () => socket.destroy());
  };
  if (headComplete(head.toString('latin1')) || head.length >= MAX_HEAD_BYTES) return finish();
  socket.on('data', (chunk: Buffer) => {
    head = Buffer.concat([head, chunk]);
    if (headComplete(head.toString('latin1')) || head.length >= MAX_HEAD_BYTES) finish();
  });
  socket.resume();
}

/**
 * Looks at each connection's first byte: a TLS handshake goes on to `secure` (the TLS server's
 * own listeners), anything else is plain http and gets `answer`. Without `secure`, TLS is dropped.
 */
export function sniffingListener(answer: (head: string) => string, secure: ConnectionListener[] = []) {
  return (socket: net.Socket): void => {
    const drop = () => socket.destroy();
    socket.on('error', drop);
    socket.setTimeout(FIRST_BYTE_TIMEOUT_MS, drop);
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      socket.setTimeout(0);
      if (chunk[0] !== TLS_HANDSHAKE) return answerPlain(socket, chunk, answer);
      if (secure.length === 0) return drop();
      socket.removeListener('error', drop);
      // The TLS socket reads what is buffered before what the kernel still holds.
      socket.unshift(chunk);
      for (const listener of secure) listener(socket);
    });
  };
}

/** A plain port (HTTP_PORT) that only redirects to https and serves the root certificate. */
export function plainRedirectServer(answer: (head: string) => string): net.Server {
  return net.createServer(sniffingListener(answer));
}

/**
 * Sets the server's certificate anew whenever the given files change (a renewal); keeps the old
 * one if the new pair is bad. Returns the function that stops watching.
 */
export function reloadOnChange(
  server: tls.Server,
  files: { certFile: string; keyFile: string; publicHost: string },
  log: FastifyBaseLogger,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  const reload = () => {
    try {
      const { cert, key } = givenMaterial(files.certFile, files.keyFile, files.publicHost);
      server.setSecureContext({ cert, key });
      log.info({ cert: files.certFile }, 'TLS certificate reloaded');
    } catch (error) {
      log.error(`TLS certificate not reloaded, keeping the previous one: ${(error as Error).message}`);
    }
  };
  const changed = (now: fs.Stats, before: fs.Stats) => {
    if (now.mtimeMs === before.mtimeMs && now.ino === before.ino && now.size === before.size) return;
    clearTimeout(timer);
    timer = setTimeout(reload, RELOAD_SETTLE_MS);
    timer.unref();
  };
  for (const file of [files.certFile, files.keyFile]) {
    fs.watchFile(file, { interval: WATCH_INTERVAL_MS, persistent: false }, changed);
  }
  return () => {
    clearTimeout(timer);
    for (const file of [files.certFile, files.keyFile]) fs.unwatchFile(file, changed);
  };
}

/** An https.Server for Fastify's serverFactory, with plain http on its port answered by `answer`. */
export function createTlsServer(
  handler: http.RequestListener,
  material: Pick<TlsMaterial, 'cert' | 'key'>,
  answer: (head: string) => string,
): https.Server {
  const server = https.createServer({ cert: material.cert, key: material.key }, handler);
  const secure = server.listeners('connection') as ConnectionListener[];
  server.removeAllListeners('connection');
  server.on(
    'connection',
    sniffingListener(
      answer,
      secure.map((listener) => listener.bind(server)),
    ),
  );
  return server;
}
