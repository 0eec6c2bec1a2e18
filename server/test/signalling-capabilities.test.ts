import type { Conference } from '@diemcau/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './helpers/api.js';
import { DIALECTS } from './helpers/databases.js';
import { startLiveConference, type LiveConference } from './helpers/live-conference.js';
import { twoTier } from './helpers/tree-fixture.js';
import { connect, deviceCapabilities, type TestClient } from './signalling-client.js';

describe.each(DIALECTS)('getRouterRtpCapabilities on %s', (kind) => {
  let api: TestApi;
  let url: string;
  let host: { token: string; accountId: string };
  let live: Conference;
  const clients: TestClient[] = [];

  const track = (client: TestClient) => {
    clients.push(client);
    return client;
  };
  let pointToken: LiveConference['pointToken'];

  beforeAll(async () => {
    api = await startTestApi(kind);
    const fixture = await startLiveConference(api, twoTier('R'), ['R-C1', 'R-C2']);
    ({ url, host, pointToken } = fixture);
    live = fixture.conference;
  });
  afterAll(async () => {
    expect(clients.flatMap((c) => c.violations)).toEqual([]);
    for (const c of clients) c.close();
    await api.close();
  });

  it('answers before join with the router capabilities of the room join enters', async () => {
    expect(await api.app.rooms.find(live.id)).toBeUndefined();
    const point = track(await connect(url, { token: pointToken('R-C1') }));
    const caps = await point.call('getRouterRtpCapabilities', {});
    const mimeTypes = caps.codecs?.map((c) => c.mimeType) ?? [];
    expect(mimeTypes).toEqual(expect.arrayContaining(['audio/opus', 'video/VP8', 'video/H264']));
    expect(caps.headerExtensions?.length).toBeGreaterThan(0);
    // The room exists now, still empty: the point is not in it until it joins.
    const room = await api.app.rooms.find(live.id);
    expect(room?.peerCount).toBe(0);
    expect(room?.rtpCapabilities).toEqual(caps);

    const joined = await point.call('join', { rtpCapabilities: deviceCapabilities() });
    expect(joined.routerRtpCapabilities).toEqual(caps);
    // Allowed after joining too, and the same answer for the host.
    expect(await point.call('getRouterRtpCapabilities', {})).toEqual(caps);
    const hostClient = track(await connect(url, { session: host.token, conferenceId: live.id }));
    expect(await hostClient.call('getRouterRtpCapabilities', {})).toEqual(caps);
    expect((await api.app.rooms.find(live.id))?.peerCount).toBe(1);
  });

  it('refuses data with VALIDATION_FAILED', async () => {
    const point = track(await connect(url, { token: pointToken('R-C2') }));
    const response = await point.request('getRouterRtpCapabilities', { x: 1 } as never);
    expect(response).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('answers CONFLICT once the conference has ended', async () => {
    const point = track(await connect(url, { token: pointToken('R-C2') }));
    const ended = await api.request({
      method: 'POST',
      url: `/api/conferences/${live.id}/end`,
      as: host.token,
    });
    expect(ended.statusCode).toBe(200);
    await api.app.rooms.end(live.id);
    const response = await point.request('getRouterRtpCapabilities', {});
    expect(response).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});
