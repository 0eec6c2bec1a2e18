import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { REQUEST_METHODS, ResponseOf, validator, type Conference } from '@diemcau/protocol';
import Type from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from './helpers/accounts.js';
import { startTestApi, type TestApi } from './helpers/api.js';
import { DIALECTS } from './helpers/databases.js';
import { insertTree, twoTier } from './helpers/tree-fixture.js';
import { DTLS, connect, deviceCapabilities, opus, vp8, type TestClient } from './signalling-client.js';

/** A seeded generator, so that a failure can be replayed. */
function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const checkResponse = validator(ResponseOf(Type.Unknown()));

describe.each(DIALECTS)('signalling fuzz on %s', (kind) => {
  let api: TestApi;
  let url: string;
  let client: TestClient;
  let conferenceId: string;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onRejection);
    api = await startTestApi(kind);
    await api.app.http.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(api.app.http.server.address() as AddressInfo).port}`;
    const host = await signedIn(api, 'host');
    const tree = await insertTree(api.app.database.db, twoTier('F'));
    const point = tree.point('F-C1');
    const created = await api.request({
      method: 'POST',
      url: '/api/conferences',
      as: host.token,
      payload: { title: 'Fuzz', scheduledStart: '2030-01-01T02:00:00Z', invite: { points: [point.id] } },
    });
    const conference = created.json<Conference>();
    conferenceId = conference.id;
    await api.request({ method: 'POST', url: `/api/conferences/${conference.id}/start`, as: host.token });
    const token = api.app.services.joinTokens.mint({
      conferenceId: conference.id,
      role: 'point',
      pointId: point.id,
    });
    client = await connect(url, { token: token.token });
    await client.call('join', { rtpCapabilities: deviceCapabilities() });
  });
  afterAll(async () => {
    client?.close();
    await api.close();
    process.off('unhandledRejection', onRejection);
  });

  it('answers 1,000+ random and mutated messages with errors and stays up', async () => {
    const random = rng(kind === 'sqlite' ? 1 : 2);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

    function value(depth = 0): unknown {
      const choices: (() => unknown)[] = [
        () => null,
        () => undefined,
        () => random() * 1e12 - 5e11,
        () => pick([0, -1, NaN, Infinity, Number.MAX_SAFE_INTEGER]),
        () => random() < 0.5,
        () => crypto.randomBytes(Math.floor(random() * 32)).toString('base64'),
        () => 'A'.repeat(pick([1_000, 10_000, 100_000])),
        () => pick(['__proto__', 'constructor', '{}', 'send', 'recv', 'mic', 'screen']),
      ];
      if (depth < 3) {
        choices.push(
          () => Array.from({ length: Math.floor(random() * 5) }, () => value(depth + 1)),
          () =>
            Object.fromEntries(
              Array.from({ length: Math.floor(random() * 5) }, () => [
                pick([
                  'transportId',
                  'producerId',
                  'consumerId',
                  'kind',
                  'direction',
                  'data',
                  'x',
                  '__proto__',
                ]),
                value(depth + 1),
              ]),
            ),
        );
      }
      return pick(choices)();
    }

    /** Well-formed requests pointing at nothing: they fail with NOT_FOUND (or CONFLICT for join). */
    const valid = (): { method: string; data: Record<string, unknown> } =>
      pick([
        () => ({ method: 'join', data: { rtpCapabilities: deviceCapabilities() } }),
        () => ({
          method: 'connectWebRtcTransport',
          data: { transportId: crypto.randomUUID(), dtlsParameters: DTLS },
        }),
        () => ({ method: 'restartIce', data: { transportId: crypto.randomUUID() } }),
        // Plain transports are off by default: refused with FORBIDDEN.
        () => ({ method: 'createPlainTransport', data: { direction: pick(['send', 'recv']) } }),
        () => ({
          method: 'connectPlainTransport',
          data: {
            transportId: crypto.randomUUID(),
            srtpParameters: {
              cryptoSuite: 'AES_CM_128_HMAC_SHA1_80',
              keyBase64: crypto.randomBytes(30).toString('base64'),
            },
          },
        }),
        () => ({
          method: 'produce',
          data: {
            transportId: crypto.randomUUID(),
            kind: 'video',
            rtpParameters: random() < 0.5 ? vp8(3) : opus(),
            appData: { source: 'camera' },
          },
        }),
        () => ({
          method: pick(['closeProducer', 'pauseProducer', 'resumeProducer']),
          data: { producerId: crypto.randomUUID() },
        }),
        () => ({
          method: pick(['resumeConsumer', 'pauseConsumer']),
          data: { consumerId: crypto.randomUUID() },
        }),
        () => ({ method: 'setConsumerView', data: { consumerId: crypto.randomUUID(), view: 'large' } }),
        // Host controls from a bridge point: refused with FORBIDDEN.
        () => ({
          method: pick([
            'mutePoint',
            'unmutePoint',
            'disableCamera',
            'removePoint',
            'grantFloor',
            'dismissHand',
          ]),
          data: { peerId: crypto.randomUUID() },
        }),
        () => ({ method: 'spotlight', data: { peerId: random() < 0.5 ? null : crypto.randomUUID() } }),
        () => ({ method: 'readmitPoint', data: { pointId: crypto.randomUUID() } }),
        () => ({ method: 'lockRoom', data: { locked: random() < 0.5 } }),
        () => ({ method: 'setRoomSettings', data: { pointsMayUnmute: random() < 0.5 } }),
        () => ({ method: 'endConference', data: {} }),
      ])();

    /** A valid request broken in one place: a field of the wrong type, missing, or one too many. */
    function mutated(): unknown {
      const request = valid();
      const keys = Object.keys(request.data);
      switch (Math.floor(random() * 5)) {
        case 0:
          request.data[pick(keys)] = pick([null, 42, [], 'A'.repeat(70_000), { nested: true }]);
          return request;
        case 1:
          delete request.data[pick(keys)];
          if (request.method === 'join') request.data.unexpected = 1;
          return request;
        case 2:
          return { ...request, data: { ...request.data, [`extra${Math.floor(random() * 9)}`]: value() } };
        case 3:
          return { ...request, extra: value() };
        default:
          return { method: request.method.toUpperCase(), data: request.data };
      }
    }

    // Requests whose data may be `{}` and that a point may make would succeed: they get data they refuse.
    const succeedEmpty = ['getRouterRtpCapabilities', 'leave', 'raiseHand', 'lowerHand'];
    const methods = [
      ...REQUEST_METHODS.filter((m) => !succeedEmpty.includes(m)),
      'bogus',
      '',
      'constructor',
      'toString',
    ];
    function message(): unknown {
      const r = random();
      if (r < 0.1) return value();
      if (r < 0.5) return { method: pick(methods), data: value() };
      if (r < 0.55) return { method: pick(succeedEmpty), data: { x: value() ?? null } };
      if (r < 0.6) return valid();
      return mutated();
    }

    let answered = 0;
    let unanswered = 0;
    const codes = new Map<string, number>();
    for (let batch = 0; batch < 44; batch++) {
      const pending: Promise<void>[] = [];
      for (let i = 0; i < 25; i++) {
        const m = message();
        const noAck = random() < 0.08;
        if (noAck) {
          client.socket.emit('request', m);
          unanswered++;
          continue;
        }
        if (random() < 0.05)
          client.socket.emit(pick(['notification', 'bogus', 'request ']), value(), value());
        pending.push(
          client.socket
            .timeout(10_000)
            .emitWithAck('request', m, ...(random() < 0.05 ? [value()] : []))
            .then((response: unknown) => {
              const checked = checkResponse(response);
              expect(checked.ok, JSON.stringify(response)).toBe(true);
              expect(response, JSON.stringify(m)?.slice(0, 300)).toMatchObject({ ok: false });
              const code = (response as { error: { code: string } }).error.code;
              codes.set(code, (codes.get(code) ?? 0) + 1);
              answered++;
            }),
        );
      }
      await Promise.all(pending);
    }

    expect(answered + unanswered).toBeGreaterThanOrEqual(1_000);
    expect(answered).toBeGreaterThan(900);
    expect([...codes.keys()].sort()).toEqual(
      expect.arrayContaining(['FORBIDDEN', 'NOT_FOUND', 'VALIDATION_FAILED']),
    );
    expect(codes.has('INTERNAL')).toBe(false);

    // Still connected, still in the room, still serving.
    expect(client.socket.connected).toBe(true);
    const send = await client.call('createWebRtcTransport', { direction: 'send' });
    expect(send.id).toEqual(expect.any(String));
    expect((await api.app.rooms.find(conferenceId))?.peerCount).toBe(1);
    expect(await api.app.services.conferences.getLive(conferenceId)).toBeDefined();
    expect(rejections).toEqual([]);
  });
});
