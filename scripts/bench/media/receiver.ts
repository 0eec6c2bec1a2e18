import type dgram from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { ReceiveStats } from './receive-stats.js';
import type { Ticking } from './sender.js';
import type { SrtpSession } from './srtp.js';

/** An empty RTCP receiver report (RC=0) from `ssrc`: the smallest valid compound packet. */
export function emptyReceiverReport(ssrc: number): Buffer {
  const packet = Buffer.alloc(8);
  packet[0] = 0x80;
  packet[1] = 201;
  packet.writeUInt16BE(1, 2);
  packet.writeUInt32BE(ssrc, 4);
  return packet;
}

const REPORT_INTERVAL_MS = 1000;

/**
 * One synthetic point's incoming media: a socket connected to the server's
 * comedia PlainTransport. Its SRTCP reports are what tell the transport
 * where to send (comedia learns the address only from a packet it could
 * decrypt) and keep telling it. Media is counted, never decrypted.
 */
export class SyntheticReceiver implements Ticking {
  readonly stats = new ReceiveStats();
  readonly #socket: dgram.Socket;
  readonly #srtp: SrtpSession;
  readonly #report: Buffer;
  #lastReportMs = -Infinity;
  sendErrors = 0;

  constructor(socket: dgram.Socket, srtp: SrtpSession, rtcpSsrc: number) {
    this.#socket = socket;
    this.#srtp = srtp;
    this.#report = emptyReceiverReport(rtcpSsrc);
    socket.on('message', (datagram) => this.stats.record(datagram, performance.now()));
    socket.on('error', () => this.sendErrors++);
  }

  tick(nowMs: number): void {
    if (nowMs - this.#lastReportMs < REPORT_INTERVAL_MS) return;
    this.#lastReportMs = nowMs;
    this.#socket.send(this.#srtp.protectRtcp(this.#report));
  }

  close(): void {
    this.#socket.close();
  }
}
