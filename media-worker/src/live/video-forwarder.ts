import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import type { Logger } from 'pino';
import { isRtcp, isVp8KeyFrameStart, parseRtp, pliPacket, withSequence } from './rtp-packets.js';

/** Without a packet for this long the source counts as gone and the programme shows the slate. */
export const FLOWING_MS = 2_000;
/** How often to ask for a key frame while the encoder waits for one. */
const KEY_FRAME_REQUEST_MS = 500;
/** Our SSRC as the sender of the PLIs; mediasoup looks only at the media SSRC. */
const SENDER_SSRC = 0x6469656d;

export interface VideoForwarderOptions {
  /** The even RTP port reported in `listening`; RTCP on port + 1. */
  port: number;
  payloadType: number;
  log: Logger;
  /** Called when the source starts or stops sending (see FLOWING_MS). */
  onFlowing(flowing: boolean): void;
}

interface RtcpPeer {
  socket: Socket;
  address: string;
  port: number;
}

/**
 * Holds the programme video slot's ports for the whole job and forwards its VP8
 * to whichever encoder runs now. An encoder (re)started on video needs a key
 * frame before it can decode anything, and a browser sends one only when asked:
 * so after each (re)start and each change of source (new SSRC) the forwarder
 * drops packets up to the next key frame and asks for one with RTCP PLI, as
 * a WebRTC receiver would, until it arrives. mediasoup takes RTCP only from the
 * address it sends to, which is why the forwarder, not ffmpeg, owns the ports.
 */
export class VideoForwarder {
  private readonly rtp = createSocket('udp4');
  private readonly rtcp = createSocket('udp4');
  private target: number | null = null;
  private waitingForKeyFrame = true;
  private ssrc: number | null = null;
  private peer: RtcpPeer | null = null;
  private lastPacketAt = 0;
  private flowing = false;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly options: VideoForwarderOptions) {
    this.rtp.on('message', (packet, from) => this.onRtp(packet, from));
    this.rtcp.on('message', (packet, from) => this.onRtcp(this.rtcp, packet, from));
    // A send to a closed local port is answered with ICMP, surfacing here: not fatal.
    for (const socket of [this.rtp, this.rtcp]) {
      socket.on('error', (error) => options.log.debug({ error: error.message }, 'video forwarder socket'));
    }
    this.timer = setInterval(() => this.tick(), KEY_FRAME_REQUEST_MS);
  }

  /** Binds the RTP and RTCP ports on every interface, as ffmpeg would. */
  async listen(): Promise<void> {
    const { port } = this.options;
    await Promise.all([bind(this.rtp, port), bind(this.rtcp, port + 1)]);
  }

  /** True while packets arrive (see FLOWING_MS). */
  isFlowing(): boolean {
    return this.flowing;
  }

  /**
   * Sends the video to a (re)started encoder's local RTP port, from the next key
   * frame on, asking for one now; null drops the video (the encoder shows the slate).
   */
  forwardTo(port: number | null): void {
    this.target = port;
    this.waitingForKeyFrame = true;
    if (port !== null) this.requestKeyFrame();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([close(this.rtp), close(this.rtcp)]);
  }

  private onRtp(packet: Buffer, from: RemoteInfo): void {
    // mediasoup with RTCP-mux sends RTCP to the RTP port.
    if (isRtcp(packet)) return this.onRtcp(this.rtp, packet, from);
    const rtp = parseRtp(packet);
    if (rtp === null || rtp.payloadType !== this.options.payloadType) return;
    this.lastPacketAt = Date.now();
    if (!this.flowing) this.setFlowing(true);
    if (rtp.ssrc !== this.ssrc) {
      // The server swapped the consumer: the new source's frames reference pictures we never had.
      this.ssrc = rtp.ssrc;
      this.waitingForKeyFrame = true;
      this.requestKeyFrame();
    }
    if (this.target === null) return;
    if (this.waitingForKeyFrame) {
      if (!isVp8KeyFrameStart(rtp.payload)) return;
      this.waitingForKeyFrame = false;
      // ffmpeg drops the first packet of a new sequence (RFC 3550 probation): a copy
      // numbered just before the key frame is dropped in its place.
      this.rtp.send(withSequence(packet, rtp.sequence - 1), this.target, '127.0.0.1');
    }
    this.rtp.send(packet, this.target, '127.0.0.1');
  }

  private onRtcp(socket: Socket, _packet: Buffer, from: RemoteInfo): void {
    const known = this.peer;
    if (known?.socket === socket && known.address === from.address && known.port === from.port) return;
    this.peer = { socket, address: from.address, port: from.port };
    if (this.waitingForKeyFrame) this.requestKeyFrame();
  }

  private tick(): void {
    if (this.flowing && Date.now() - this.lastPacketAt > FLOWING_MS) this.setFlowing(false);
    if (this.target !== null && this.waitingForKeyFrame) this.requestKeyFrame();
  }

  private setFlowing(flowing: boolean): void {
    this.flowing = flowing;
    this.options.log.info({ flowing }, flowing ? 'programme video arriving' : 'programme video stopped');
    this.options.onFlowing(flowing);
  }

  /** A PLI to where mediasoup sends RTCP from; before its first RTCP packet there is no one to ask. */
  private requestKeyFrame(): void {
    const { peer, ssrc } = this;
    if (peer === null || ssrc === null || this.target === null) return;
    peer.socket.send(pliPacket(ssrc, SENDER_SSRC), peer.port, peer.address);
  }
}

function bind(socket: Socket, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ port, address: '0.0.0.0', exclusive: true }, () => {
      socket.off('error', reject);
      resolve();
    });
  });
}

function close(socket: Socket): Promise<void> {
  return new Promise((resolve) => socket.close(() => resolve()));
}
