// Signalling's error answers to unexpected failures, in the handshake and in a request: INTERNAL
// with a fixed message, never the error's path, driver message or stack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './helpers/api.js';
import { canaryError, expectNoLeak } from './helpers/leak-canary.js';
import { startLiveConference, type LiveConference } from './helpers/live-conference.js';
import { twoTier } from './helpers/tree-fixture.js';
import { connect, refusal } from './signalling-client.js';

describe('signalling answers to unexpected failures', () => {
  let api: TestApi;
  let live: LiveConference;
  const restore: (() => void)[] = [];

  /** Makes `object[name]` throw the canary until the end of the test. */
  function breakMethod<T extends object>(object: T, name: keyof T & string): void {
    const own = Object.getOwnPropertyDescriptor(object, name);
    Object.defineProperty(object, name, {
      configurable: true,
      writable: true,
      value: () => Promise.reject(canaryError()),
    });
    restore.push(() => {
      if (own) Object.defineProperty(object, name, own);
      else delete (object as Record<string, unknown>)[name];
    });
  }

  beforeAll(async () => {
    api = await startTestApi('sqlite');
    live = await startLiveConference(api, twoTier('S'), ['S-C1']);
  });
  afterAll(async () => api?.close());

  it('refuses a handshake whose checks fail with INTERNAL and a fixed message', async () => {
    breakMethod(api.app.services.conferences, 'getLive');
    try {
      const refused = await refusal(live.url, { token: live.pointToken('S-C1') });
      expect(refused).toMatchObject({ code: 'INTERNAL', message: 'the handshake could not be checked' });
      expectNoLeak('the handshake', JSON.stringify(refused));
    } finally {
      restore.splice(0).forEach((undo) => undo());
    }
  });

  it('answers a request whose handler fails with INTERNAL and a fixed message', async () => {
    const client = await connect(live.url, { token: live.pointToken('S-C1') });
    breakMethod(api.app.rooms, 'open');
    try {
      const response = await client.request('getRouterRtpCapabilities', {});
      expect(response).toEqual({
        ok: false,
        error: { code: 'INTERNAL', message: 'the request failed on the server' },
      });
      expectNoLeak('getRouterRtpCapabilities', JSON.stringify(response));
    } finally {
      restore.splice(0).forEach((undo) => undo());
      client.close();
    }
  });
});
