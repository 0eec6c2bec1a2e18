import dgram from 'node:dgram';
import type { NotificationData, RequestData, ResponseData, RtpParameters } from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  killStarted,
  locateTools,
  start,
  type Running,
} from '../../media-worker/test/egress/ffmpeg-processes.js';
import { isPlain } from '../src/sfu/peer.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { startLiveConference, type LiveConference } from './helpers/live-conference.js';
import { audibleAt, framesAt, rises } from './helpers/media-flow.js';
import { NodePeer } from './helpers/node-peer.js';
import { socketPort, type SocketPort } from './helpers/node-peer/socket-port.js';
import { twoTier } from './helpers/tree-fixture.js';
import { waitFor } from './helpers/wait.js';
import { connect, deviceCapabilities, type TestClient } from './signalling-client.js';
import { emptyReceiverReport } from '../../scripts/bench/media/receiver.js';
import { isRtcp } from '../../scripts/bench/media/rtp-header.js';
import { newMasterKey as newSrtpKey, SrtpSession } from '../../scripts/bench/media/srtp.js';

/*
 * Plain SRTP transports through the real server: a hall encoder (ffmpeg)
 * sends SRTP that a WebRTC host decodes, and a plain receiver gets the host's
 * media once its SRTCP has told the server where it is.
 */

const SUITE = 'AES_CM_128_HMAC_SHA1_80' as const;
const srtp = (keyBase64: string) => ({ cryptoSuite: SUITE, keyBase64 });

type PlainTransportInfo = ResponseData<'createPlainTransport'>;

/** What ffmpeg sends: VP8 and Opus with fixed payload types and SSRCs, as an encoder is set up. */
const VIDEO_RTP: RtpParameters = {
  codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90_000 }],
  encodings: [{ ssrc: 1111 }],
};
const AUDIO_RTP: RtpParameters = {
  codecs: [
    {
      mimeType: 'audio/opus',
      payloadType: 100,
      clockRate: 48_000,
      channels: 2,
      parameters: { 'sprop-stereo': 1 },
    },
  ],
  encodings: [{ ssrc: 2222 }],
};

/**
 * One ffmpeg, two SRTP streams, each to its own transport. `skip_rtcp`: ffmpeg
 * sends RTCP from another port than its RTP, which a comedia transport drops anyway.
 */
function encoderArgs(
  video: PlainTransportInfo,
  videoKey: string,
  audio: PlainTransportInfo,
  audioKey: string,
) {
  const output = (info: PlainTransportInfo, key: string) => [
    '-rtpflags',
    'skip_rtcp',
    '-f',
    'rtp',
    '-srtp_out_suite',
    SUITE,
    '-srtp_out_params',
    key,
    `srtp://${info.ip}:${info.port}`,
  ];
  return [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin'],
    ...['-re', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30'],
    ...['-re', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'],
    ...['-map', '0:v', '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '500k'],
    ...['-g', '30', '-payload_type', '101', '-ssrc', '1111', ...output(video, videoKey)],
    ...['-map', '1:a', '-c:a', 'libopus', '-ac', '2', '-b:a', '64k'],
    ...['-payload_type', '100', '-ssrc', '2222', ...output(audio, audioKey)],
  ];
}

/** What a plain receiver offers: the router's codecs, without RTX, feedback or header extensions. */
async function plainCapabilities(client: TestClient): Promise<RequestData<'join'>['rtpCapabilities']> {
  const router = await client.call('getRouterRtpCapabilities', {});
  const codecs = (router.codecs ?? [])
    .filter((c) => !/\/rtx$/i.test(c.mimeType))
    .map(({ rtcpFeedback: _, ...codec }) => codec);
  return { codecs, headerExtensions: [] };
}

describe('plain SRTP transports (PLAIN_RTP_TRANSPORTS=on)', () => {
  let api: TestApi;
  let live: LiveConference;
  let hostPort: SocketPort;
  let host: NodePeer;
  let hostVideo: string;
  const clients: TestClient[] = [];
  let encoder: Running | undefined;

  const room = async () => (await api.app.rooms.find(live.conference.id))!;
  const serverPeer = async (peerId: string) => (await room()).peers.find((p) => p.id === peerId)!;
  async function point(code: string) {
    const client = await connect(live.url, { token: live.pointToken(code) });
    clients.push(client);
    const { peerId } = await client.call('join', { rtpCapabilities: deviceCapabilities() });
    return { client, peerId };
  }

  beforeAll(async () => {
    api = await startTestApi('sqlite', { PLAIN_RTP_TRANSPORTS: 'on' });
    live = await startLiveConference(api, twoTier('E'), ['E-C1', 'E-C2', 'E-C3']);
    hostPort = await socketPort(live.url, { session: live.host.token, conferenceId: live.conference.id });
    host = await NodePeer.join(hostPort, 'host');
    hostVideo = await host.produceVideo({ width: 320, height: 180, fps: 15, simulcast: false });
  }, 30_000);

  afterAll(async () => {
    encoder?.child.kill('SIGKILL');
    killStarted();
    for (const client of clients) client.close();
    await host?.close();
    hostPort?.close();
    await api?.close();
    expect(host.errors).toEqual([]);
    for (const client of clients) expect(client.violations).toEqual([]);
  });

  it('carries a hall encoder’s ffmpeg SRTP, one transport per stream, to the host, who decodes it', async () => {
    const hall = await point('E-C1');
    await hostPort.call('setGridPage', { peerIds: [hall.peerId] });
    const video = await hall.client.call('createPlainTransport', { direction: 'send' });
    const audio = await hall.client.call('createPlainTransport', { direction: 'send' });
    expect(video).toMatchObject({ ip: '127.0.0.1', srtpParameters: { cryptoSuite: SUITE } });
    expect(audio.port).not.toBe(video.port);
    const [videoKey, audioKey] = [newSrtpKey(), newSrtpKey()];
    await hall.client.call('connectPlainTransport', {
      transportId: video.id,
      srtpParameters: srtp(videoKey),
    });
    await hall.client.call('connectPlainTransport', {
      transportId: audio.id,
      srtpParameters: srtp(audioKey),
    });
    const camera = await hall.client.call('produce', {
      transportId: video.id,
      kind: 'video',
      rtpParameters: VIDEO_RTP,
      appData: { source: 'camera' },
    });
    const mic = await hall.client.call('produce', {
      transportId: audio.id,
      kind: 'audio',
      rtpParameters: AUDIO_RTP,
      appData: { source: 'mic' },
    });

    const { ffmpeg } = await locateTools();
    encoder = start(ffmpeg, encoderArgs(video, videoKey, audio, audioKey));
    await rises('the host decoding the encoder’s video', () => framesAt(host, camera.id), 30, 20_000);
    expect(host.received(camera.id)).toMatchObject({ width: 640, height: 360 });
    await rises('the host hearing the encoder’s tone', () => audibleAt(host, mic.id), 50, 20_000);

    // Each transport learnt the encoder's address from its SRTP (comedia).
    const transports = (await serverPeer(hall.peerId)).transports;
    for (const id of [video.id, audio.id]) {
      const transport = transports.get(id)!;
      expect(isPlain(transport) && transport.tuple.remotePort).toBeGreaterThan(0);
    }
    expect(encoder.stderr()).toBe('');
    encoder.child.kill('SIGTERM');
  }, 60_000);

  it('sends a plain receiver the room’s media once its SRTCP has told the server where it is', async () => {
    const receiver = await connect(live.url, { token: live.pointToken('E-C2') });
    clients.push(receiver);
    await receiver.call('join', { rtpCapabilities: await plainCapabilities(receiver) });
    const recv = await receiver.call('createPlainTransport', { direction: 'recv' });
    const clientKey = newSrtpKey();
    await receiver.call('connectPlainTransport', { transportId: recv.id, srtpParameters: srtp(clientKey) });
    const consumer: NotificationData<'newConsumer'> = await receiver.next(
      'newConsumer',
      (c) => c.producerId === hostVideo,
    );
    await receiver.call('resumeConsumer', { consumerId: consumer.id });
    const ssrc = consumer.rtpParameters.encodings?.[0]?.ssrc;

    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    let media = 0;
    let forged = 0;
    const server = new SrtpSession(recv.srtpParameters.keyBase64);
    socket.on('message', (packet) => {
      if (isRtcp(packet)) return;
      if (!server.authenticRtp(packet)) forged++;
      else if (packet.readUInt32BE(8) === ssrc) media++;
    });
    try {
      // Nothing flows before the server knows the address.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(media).toBe(0);
      socket.send(new SrtpSession(clientKey).protectRtcp(emptyReceiverReport(0x5eed)), recv.port, recv.ip);
      await waitFor('SRTP of the host’s video', async () => (media >= 30 ? true : undefined));
      expect(forged).toBe(0);
    } finally {
      socket.close();
    }
  }, 30_000);

  it('refuses what a plain transport cannot do, and malformed data', async () => {
    const { client, peerId } = await point('E-C3');
    const failure = async (method: Parameters<TestClient['request']>[0], data: unknown) => {
      const response = await client.request(method, data as never);
      return response.ok ? 'succeeded' : response.error;
    };
    const plain = await client.call('createPlainTransport', { direction: 'send' });
    const webRtc = await client.call('createWebRtcTransport', { direction: 'send' });

    expect(await failure('restartIce', { transportId: plain.id })).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('plain transport'),
    });
    expect(
      await failure('connectWebRtcTransport', {
        transportId: plain.id,
        dtlsParameters: webRtc.dtlsParameters,
      }),
    ).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(
      await failure('connectPlainTransport', { transportId: webRtc.id, srtpParameters: srtp(newSrtpKey()) }),
    ).toMatchObject({ code: 'VALIDATION_FAILED' });
    for (const [method, data] of [
      ['createPlainTransport', { direction: 'sideways' }],
      ['createPlainTransport', { direction: 'send', port: 5004 }],
      ['connectPlainTransport', { transportId: plain.id, srtpParameters: srtp('c2hvcnQ=') }],
      [
        'connectPlainTransport',
        {
          transportId: plain.id,
          srtpParameters: { cryptoSuite: 'AEAD_AES_256_GCM', keyBase64: newSrtpKey() },
        },
      ],
      ['connectPlainTransport', { transportId: plain.id, srtpParameters: { ...srtp(newSrtpKey()), x: 1 } }],
    ] as const) {
      expect(await failure(method, data), JSON.stringify(data)).toMatchObject({ code: 'VALIDATION_FAILED' });
    }

    await client.call('connectPlainTransport', { transportId: plain.id, srtpParameters: srtp(newSrtpKey()) });
    expect(
      await failure('connectPlainTransport', { transportId: plain.id, srtpParameters: srtp(newSrtpKey()) }),
    ).toMatchObject({ code: 'CONFLICT' });

    // One plain send transport per source, and one receive transport of either kind.
    await client.call('createPlainTransport', { direction: 'send' });
    await client.call('createPlainTransport', { direction: 'send' });
    expect(await failure('createPlainTransport', { direction: 'send' })).toMatchObject({ code: 'CONFLICT' });
    await client.call('createPlainTransport', { direction: 'recv' });
    expect(await failure('createWebRtcTransport', { direction: 'recv' })).toMatchObject({ code: 'CONFLICT' });
    expect(await failure('createPlainTransport', { direction: 'recv' })).toMatchObject({ code: 'CONFLICT' });
    expect((await serverPeer(peerId)).transports.size).toBe(5);
  });
});

describe('plain SRTP transports off (the default)', () => {
  let api: TestApi;
  let live: LiveConference;
  let client: TestClient;

  beforeAll(async () => {
    api = await startTestApi('sqlite');
    live = await startLiveConference(api, twoTier('F'), ['F-C1']);
    client = await connect(live.url, { token: live.pointToken('F-C1') });
    await client.call('join', { rtpCapabilities: deviceCapabilities() });
  });
  afterAll(async () => {
    client?.close();
    await api?.close();
  });

  it('refuses both requests with FORBIDDEN and creates nothing', async () => {
    const create = await client.request('createPlainTransport', { direction: 'send' });
    expect(create).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('PLAIN_RTP_TRANSPORTS') },
    });
    const connectIt = await client.request('connectPlainTransport', {
      transportId: 'no-such-transport',
      srtpParameters: srtp(newSrtpKey()),
    });
    expect(connectIt).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const [peer] = (await api.app.rooms.find(live.conference.id))!.peers;
    expect(peer!.transports.size).toBe(0);
  });
});
