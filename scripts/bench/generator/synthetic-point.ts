import type { RtpParameters } from '@diemcau/protocol';
import { socketPort, type SocketPort } from '../../../server/test/helpers/node-peer/socket-port.js';
import type { ConsumerCounters, JoinOrder, JoinTimes } from './messages.js';
import { openPointMedia, pointRtpCapabilities, type PointMedia } from './point-media.js';

/*
 * One synthetic participant over the real signalling: it enters as its real
 * counterpart does (a hall with its join link, the host with its session),
 * sends the pre-encoded clip through plain SRTP transports and counts what
 * it receives, choosing simulcast layers as the web client's pages do: the
 * programme large, everything else as a thumbnail.
 */

interface PlainTransportInfo {
  id: string;
  ip: string;
  port: number;
  srtpParameters: { cryptoSuite: string; keyBase64: string };
}

interface NewConsumer {
  id: string;
  peerId: string;
  kind: 'audio' | 'video';
  rtpParameters: RtpParameters;
  producerPaused: boolean;
}

interface Received {
  consumerId: string;
  peerId: string;
  kind: 'audio' | 'video';
  ssrc: number;
  producerPaused: boolean;
  view: 'large' | 'thumbnail';
  /** The view the server was last told. */
  applied?: 'large' | 'thumbnail';
}

/** A join step that failed, with the server's code when it gave one. */
export class JoinError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function exchangeLink(base: string, link: string, forwardedFor: string): Promise<string> {
  const res = await fetch(`${base}/api/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ token: link }),
  });
  const body = (await res.json()) as { joinToken?: string; error?: { code: string; message: string } };
  if (!res.ok || !body.joinToken) {
    throw new JoinError(
      body.error?.code ?? `HTTP_${res.status}`,
      `POST /api/join: ${body.error?.message ?? res.status}`,
    );
  }
  return body.joinToken;
}

export class SyntheticPoint {
  readonly #index: number;
  readonly #port: SocketPort;
  readonly #media: PointMedia;
  readonly #received = new Map<string, Received>();
  #programme: string | null = null;
  /** For the host: the peers on its grid page; their video is the only video it receives. */
  #gridPage: Set<string> | null = null;
  #closing = false;
  /** What went wrong after the join. */
  readonly errors: string[] = [];
  peerId = '';

  private constructor(index: number, port: SocketPort, media: PointMedia) {
    this.#index = index;
    this.#port = port;
    this.#media = media;
  }

  static async join(base: string, order: JoinOrder): Promise<{ point: SyntheticPoint; times: JoinTimes }> {
    const t0 = performance.now();
    const { entry } = order;
    const auth =
      entry.kind === 'link'
        ? { token: await exchangeLink(base, entry.link, entry.forwardedFor) }
        : { session: entry.session, conferenceId: entry.conferenceId };
    const t1 = performance.now();
    const port = await socketPort(base, auth).catch((error: Error & { code?: string }) => {
      throw new JoinError(error.code ?? 'CONNECT_ERROR', error.message);
    });
    const media = await openPointMedia();
    const point = new SyntheticPoint(order.index, port, media);
    try {
      port.onNotification((method, data) => point.#onNotification(method, data));
      port.socket.on('disconnect', (reason) => {
        if (!point.#closing) point.errors.push(`${order.name}: signalling dropped (${reason})`);
      });
      const t2 = performance.now();
      await port.call('getRouterRtpCapabilities', {});
      const joined = (await port.call('join', {
        rtpCapabilities: pointRtpCapabilities(),
        displayName: order.name,
      })) as { peerId: string };
      point.peerId = joined.peerId;
      const t3 = performance.now();
      const [send, recv] = (await Promise.all([
        port.call('createPlainTransport', { direction: 'send' }),
        port.call('createPlainTransport', { direction: 'recv' }),
      ])) as [PlainTransportInfo, PlainTransportInfo];
      await Promise.all([
        port.call('connectPlainTransport', { transportId: send.id, srtpParameters: media.sendKey }),
        port.call('connectPlainTransport', { transportId: recv.id, srtpParameters: media.receiveKey }),
      ]);
      await media.receiveFrom(recv);
      const t4 = performance.now();
      await Promise.all([
        port.call('produce', {
          transportId: send.id,
          kind: 'audio',
          rtpParameters: media.audioParameters,
          appData: { source: 'mic' },
        }),
        port.call('produce', {
          transportId: send.id,
          kind: 'video',
          rtpParameters: media.videoParameters,
          appData: { source: 'camera' },
        }),
      ]);
      if (order.sends) await media.sendTo(send);
      const t5 = performance.now();
      return {
        point,
        times: {
          link: t1 - t0,
          connect: t2 - t1,
          join: t3 - t2,
          transports: t4 - t3,
          produce: t5 - t4,
          total: t5 - t0,
        },
      };
    } catch (error) {
      await point.close();
      const code = (error as { code?: string }).code ?? 'REQUEST_FAILED';
      throw new JoinError(code, (error as Error).message);
    }
  }

  /** Any signalling request (host controls too); the server's refusal rejects. */
  call(method: Parameters<SocketPort['call']>[0], data: unknown): Promise<unknown> {
    return this.#port.call(method, data);
  }

  /** Shows these peers on the host's grid page: only their video is expected from now on. */
  async setGridPage(peerIds: string[]): Promise<void> {
    await this.#port.call('setGridPage', { peerIds });
    this.#gridPage = new Set(peerIds);
  }

  counters(): ConsumerCounters[] {
    const received = this.#media.received();
    return [...this.#received.values()].map((r) => {
      const c = received.get(r.ssrc);
      return {
        point: this.#index,
        consumerId: r.consumerId,
        kind: r.kind,
        view: r.view,
        paused:
          r.producerPaused ||
          (r.kind === 'video' && this.#gridPage !== null && !this.#gridPage.has(r.peerId)),
        packets: c?.packets ?? 0,
        expected: c?.expected ?? 0,
        bytes: c?.bytes ?? 0,
        frames: c?.frames ?? 0,
      };
    });
  }

  async close(): Promise<void> {
    this.#closing = true;
    this.#media.close();
    this.#port.close();
  }

  #onNotification(method: string, data: unknown): void {
    switch (method) {
      case 'newConsumer':
        void this.#onNewConsumer(data as NewConsumer);
        return;
      case 'consumerClosed': {
        const { consumerId } = data as { consumerId: string };
        this.#received.delete(consumerId);
        return;
      }
      case 'consumerPaused':
      case 'consumerResumed': {
        const r = this.#received.get((data as { consumerId: string }).consumerId);
        if (r) r.producerPaused = method === 'consumerPaused';
        return;
      }
      case 'programmeChanged':
        this.#programme = (data as { peerId: string | null }).peerId;
        for (const r of this.#received.values()) {
          this.#applyView(r).catch((error: Error & { code?: string }) => this.#failed(r, error));
        }
        return;
    }
  }

  #viewOf(peerId: string): 'large' | 'thumbnail' {
    return peerId === this.#programme ? 'large' : 'thumbnail';
  }

  async #onNewConsumer(c: NewConsumer): Promise<void> {
    const ssrc = c.rtpParameters.encodings?.[0]?.ssrc;
    if (ssrc === undefined) {
      this.errors.push(`consumer ${c.id} without an SSRC`);
      return;
    }
    const r: Received = {
      consumerId: c.id,
      peerId: c.peerId,
      kind: c.kind,
      ssrc,
      producerPaused: c.producerPaused,
      view: 'large',
    };
    this.#received.set(c.id, r);
    try {
      await this.#applyView(r);
      await this.#port.call('resumeConsumer', { consumerId: c.id });
    } catch (error) {
      this.#failed(r, error as Error & { code?: string });
    }
  }

  /** A consumer request refused: an error, unless the consumer was closed meanwhile (consumerClosed follows). */
  #failed(r: Received, error: Error & { code?: string }): void {
    if (this.#closing || error.code === 'NOT_FOUND') return;
    this.errors.push(`consumer ${r.consumerId}: ${error.message}`);
  }

  async #applyView(r: Received): Promise<void> {
    if (r.kind !== 'video') return;
    const view = this.#viewOf(r.peerId);
    r.view = view;
    if (r.applied === view) return;
    r.applied = view;
    await this.#port.call('setConsumerView', { consumerId: r.consumerId, view });
  }
}
