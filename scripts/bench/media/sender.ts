import dgram from 'node:dgram';
import { performance } from 'node:perf_hooks';
import type { RtpStreamCursor } from './rtp-stream.js';
import type { SrtpSession } from './srtp.js';

/** Anything the scheduler drives: called on every tick with the scheduler's clock. */
export interface Ticking {
  tick(nowMs: number): void;
}

export interface Endpoint {
  ip: string;
  port: number;
}

/**
 * Room for the datagrams that arrive while a generator process waits for the CPU
 * (it runs below the server's priority); capped by the kernel's net.core.rmem_max.
 */
const RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

/** A UDP socket bound on `localIp` and connected to `remote` (the kernel then drops other sources). */
export function connectedSocket(localIp: string, remote: Endpoint): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: RECEIVE_BUFFER_BYTES });
    socket.once('error', reject);
    socket.bind(0, localIp, () => {
      socket.connect(remote.port, remote.ip, () => {
        socket.off('error', reject);
        resolve(socket);
      });
    });
  });
}

/** Largest RTP packet a clip holds; ffmpeg packetizes to 1200 bytes. */
const SCRATCH_BYTES = 1500;

/**
 * One synthetic point's outgoing media: its clip streams, protected with its
 * SRTP session, sent through one socket to the server's PlainTransport.
 * Packets go out when due; a late tick sends the backlog at once (and says
 * how late in `maxLateMs`) rather than dropping, so losses seen by the SFU
 * are the network's, not the generator's.
 */
export class SyntheticSender implements Ticking {
  readonly #socket: dgram.Socket;
  readonly #srtp: SrtpSession;
  readonly #cursors: readonly RtpStreamCursor[];
  readonly #scratch = Buffer.alloc(SCRATCH_BYTES);
  #startMs: number | undefined;
  sentPackets = 0;
  sentBytes = 0;
  sendErrors = 0;
  /** The most a packet went out after it was due, in ms. */
  maxLateMs = 0;

  constructor(socket: dgram.Socket, srtp: SrtpSession, cursors: readonly RtpStreamCursor[]) {
    this.#socket = socket;
    this.#srtp = srtp;
    this.#cursors = cursors;
    // Until the server's transport is connected it answers with ICMP port unreachable: count, go on.
    socket.on('error', () => this.sendErrors++);
  }

  tick(nowMs: number): void {
    this.#startMs ??= nowMs;
    const elapsed = nowMs - this.#startMs;
    for (const cursor of this.#cursors) {
      if (cursor.dueMs <= elapsed) this.maxLateMs = Math.max(this.maxLateMs, elapsed - cursor.dueMs);
      while (cursor.dueMs <= elapsed) {
        const length = cursor.writeNext(this.#scratch);
        // protectRtp returns a fresh buffer: the socket may still hold it after send() returns.
        const packet = this.#srtp.protectRtp(this.#scratch.subarray(0, length));
        this.#socket.send(packet);
        this.sentPackets++;
        this.sentBytes += packet.length;
      }
    }
  }

  close(): void {
    this.#socket.close();
  }
}

/**
 * One timer for every sender and receiver of the process: each tick sends
 * whatever is due. 5 ms keeps a 30 fps frame's packets within one tick of
 * their time without waking the event loop more than 200 times a second.
 */
export class SendScheduler {
  readonly #members = new Set<Ticking>();
  readonly #timer: NodeJS.Timeout;

  constructor(tickMs = 5) {
    this.#timer = setInterval(() => this.#tick(), tickMs);
  }

  add(member: Ticking): void {
    this.#members.add(member);
  }

  remove(member: Ticking): void {
    this.#members.delete(member);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#members.clear();
  }

  #tick(): void {
    const now = performance.now();
    for (const member of this.#members) member.tick(now);
  }
}
