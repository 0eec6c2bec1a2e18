import {
  RequestSchemas,
  ResponseOf,
  SignallingNotification as NotificationSchema,
  validator,
  type HandshakeRefusal,
  type NotificationData,
  type NotificationMethod,
  type RequestData,
  type RequestMethod,
  type RtpParameters,
  type SignallingNotification,
  type SignallingResponse,
} from '@diemcau/protocol';
import * as mediasoup from 'mediasoup';
import { io, type Socket } from 'socket.io-client';

const checkNotification = validator(NotificationSchema);
const checkResponse: Record<string, (value: unknown) => { ok: boolean }> = Object.fromEntries(
  Object.entries(RequestSchemas).map(([method, { response }]) => [method, validator(ResponseOf(response))]),
);

/**
 * A signalling client for tests: requests with typed answers, notifications kept
 * in order. Every answer and notification is checked against its protocol schema.
 */
export interface TestClient {
  socket: Socket;
  notifications: SignallingNotification[];
  /** Answers and notifications that broke the protocol's schemas (should stay empty). */
  violations: unknown[];
  request<M extends RequestMethod>(method: M, data: RequestData<M>): Promise<SignallingResponse<M>>;
  /** Succeeds or throws with the error response. */
  call<M extends RequestMethod>(
    method: M,
    data: RequestData<M>,
  ): Promise<(SignallingResponse<M> & { ok: true })['data']>;
  next<M extends NotificationMethod>(
    method: M,
    match?: (data: NotificationData<M>) => boolean,
    timeoutMs?: number,
  ): Promise<NotificationData<M>>;
  received<M extends NotificationMethod>(method: M): NotificationData<M>[];
  close(): void;
}

export function openSocket(
  url: string,
  auth: Record<string, unknown>,
  headers?: Record<string, string>,
): Socket {
  return io(url, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(headers ? { extraHeaders: headers } : {}),
  });
}

/** Connects and resolves once admitted; rejects with the refusal's `data`. */
export function connect(
  url: string,
  auth: Record<string, unknown>,
  headers?: Record<string, string>,
): Promise<TestClient> {
  const socket = openSocket(url, auth, headers);
  const notifications: SignallingNotification[] = [];
  const violations: unknown[] = [];
  socket.on('notification', (n: SignallingNotification) => {
    if (!checkNotification(n).ok) violations.push(n);
    notifications.push(n);
  });
  const client: TestClient = {
    socket,
    notifications,
    violations,
    async request(method, data) {
      const response: SignallingResponse<typeof method> = await socket
        .timeout(10_000)
        .emitWithAck('request', { method, data });
      if (!checkResponse[method]?.(response).ok) violations.push({ method, response });
      return response;
    },
    async call(method, data) {
      const response = await client.request(method, data);
      if (!response.ok) throw new Error(`${method}: ${response.error.code} ${response.error.message}`);
      return response.data;
    },
    async next(method, match = () => true, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = client.received(method).find(match);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`no ${method} notification within ${timeoutMs} ms`);
    },
    received: <M extends NotificationMethod>(method: M) =>
      notifications.filter((n) => n.method === method).map((n) => n.data as NotificationData<M>),
    close: () => socket.close(),
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', (error: Error & { data?: unknown }) => {
      socket.close();
      reject(Object.assign(new Error(error.message), { data: error.data }));
    });
  });
}

/** The refusal a handshake with these credentials gets. */
export async function refusal(
  url: string,
  auth: Record<string, unknown>,
  headers?: Record<string, string>,
): Promise<HandshakeRefusal> {
  try {
    const client = await connect(url, auth, headers);
    client.close();
  } catch (error) {
    return (error as { data: HandshakeRefusal }).data;
  }
  throw new Error('the handshake was accepted');
}

/** What a device might offer: everything mediasoup supports is a superset of the router's codecs. */
export const deviceCapabilities = () =>
  mediasoup.getSupportedRtpCapabilities() as RequestData<'join'>['rtpCapabilities'];

export const DTLS = {
  role: 'client' as const,
  fingerprints: [
    {
      algorithm: 'sha-256',
      value:
        'E5:F5:CA:A7:2D:93:E6:16:AC:21:09:9F:23:51:62:8C:D0:66:E9:0C:22:54:2B:82:0C:DF:E0:C5:2C:7E:CD:53',
    },
  ],
};

let ssrc = 10_000_000;

/** Hand-written Opus parameters, as a browser would send them. */
export function opus(): RtpParameters {
  return {
    mid: '0',
    codecs: [
      {
        mimeType: 'audio/opus',
        payloadType: 111,
        clockRate: 48_000,
        channels: 2,
        parameters: { useinbandfec: 1 },
        rtcpFeedback: [{ type: 'transport-cc' }],
      },
    ],
    headerExtensions: [{ uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 1 }],
    encodings: [{ ssrc: ssrc++ }],
    rtcp: { cname: `audio-${ssrc}` },
  };
}

/** Hand-written VP8 parameters; `layers` > 1 is simulcast (one SSRC per layer). */
export function vp8(layers = 1): RtpParameters {
  return {
    mid: '1',
    codecs: [
      {
        mimeType: 'video/VP8',
        payloadType: 96,
        clockRate: 90_000,
        rtcpFeedback: [
          { type: 'nack' },
          { type: 'nack', parameter: 'pli' },
          { type: 'ccm', parameter: 'fir' },
        ],
      },
      { mimeType: 'video/rtx', payloadType: 97, clockRate: 90_000, parameters: { apt: 96 } },
    ],
    headerExtensions: [{ uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 1 }],
    encodings: Array.from({ length: layers }, () => {
      const s = ssrc;
      ssrc += 2;
      return { ssrc: s, rtx: { ssrc: s + 1 }, ...(layers > 1 ? { scalabilityMode: 'L1T3' } : {}) };
    }),
    rtcp: { cname: `video-${ssrc}` },
  };
}
