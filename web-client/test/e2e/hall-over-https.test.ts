import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Conference, IssuedCredentials } from '@diemcau/protocol';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../../../server/test/helpers/accounts.js';
import { startTestApi, type TestApi } from '../../../server/test/helpers/api.js';
import { freePort } from '../../../server/test/helpers/ports.js';
import { launchWithFakeCamera, type FakeMediaBrowser } from './fake-media.js';
import { canMakeNamespaces, makeHallNamespace, type HallNamespace } from './hall-namespace.js';
import { untilDecoding, untilSound } from './media-probes.js';
import { openPage, type TestPage } from './pages.js';
import { WEB_CLIENT_DIST } from './paths.js';
import { PROVINCE_CSV } from './province.js';
import { homeTrusting } from './trusted-root.js';

/*
 * A hall as it really is: a browser on another machine (a network namespace of
 * its own, reaching the server over a veth pair at a LAN address). With the
 * server's defaults for such a PUBLIC_URL it speaks https with the certificate
 * its local CA made, whose root the hall's browser trusts as an installed root
 * (Chromium's NSS database, no --ignore-certificate-errors): the hall joins
 * through the link the server issued and the host sees and hears it. Over
 * plain http to the same kind of address, the page says why it has no camera.
 */

const HALL = 'Hội trường Phường Tân Phú';
const testId = (page: Page, id: string) => page.getByTestId(id);

interface Server {
  api: TestApi;
  base: string;
  dataDir: string;
}

async function startServer(ns: HallNamespace, env: Record<string, string>): Promise<Server> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'diemcau-e2e-hall-'));
  const port = await freePort();
  const api = await startTestApi('sqlite', {
    WEB_CLIENT_DIR: WEB_CLIENT_DIST,
    DATA_DIR: dataDir,
    PORT: String(port),
    PUBLIC_URL: `http://${ns.serverAddress}:${port}`,
    RTC_ANNOUNCED_IP: ns.serverAddress,
    ...env,
  });
  await api.app.http.listen({ host: ns.serverAddress, port });
  return { api, base: api.app.services.units.options.publicUrl, dataDir };
}

/** The units CSV imported and every hall's join link issued, as the admin does; the links as issued. */
async function issueLinks(api: TestApi): Promise<IssuedCredentials['credentials']> {
  const admin = await signedIn(api, 'admin');
  const imported = await api.request({
    method: 'POST',
    url: '/api/units/import',
    as: admin.token,
    headers: { 'content-type': 'text/csv' },
    payload: PROVINCE_CSV,
  });
  expect(imported.statusCode).toBe(200);
  const issued = await api.request({ method: 'POST', url: '/api/points/credentials', as: admin.token });
  return issued.json<IssuedCredentials>().credentials;
}

describe.skipIf(!canMakeNamespaces())('a hall on another machine (network namespace, Chromium)', () => {
  let ns: HallNamespace;
  let secure: Server;
  let plain: Server | undefined;
  let trust: { home: string; remove(): void } | undefined;
  let hallBrowser: FakeMediaBrowser | undefined;
  let hostBrowser: FakeMediaBrowser | undefined;
  const tabs: TestPage[] = [];
  const root = () => secure.api.app.tls?.rootCa ?? '';

  beforeAll(async () => {
    ns = await makeHallNamespace();
    // PUBLIC_URL at a LAN address, nothing else said: TLS is on, with the made certificate.
    secure = await startServer(ns, {});
    const root = secure.api.app.tls?.rootCa;
    if (!root) throw new Error('the server made no root certificate');
    trust = await homeTrusting(root);
    const env = { ...process.env, HOME: trust.home };
    [hallBrowser, hostBrowser] = await Promise.all([
      launchWithFakeCamera({ executablePath: ns.chromium, env }),
      launchWithFakeCamera({ env }),
    ]);
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await Promise.all(tabs.map((t) => t.snap('failed')));
    await Promise.all(tabs.splice(0).map((t) => t.close()));
  });
  afterAll(async () => {
    await hallBrowser?.close();
    await hostBrowser?.close();
    for (const server of [secure, plain]) {
      await server?.api.close();
      if (server) fs.rmSync(server.dataDir, { recursive: true, force: true });
    }
    trust?.remove();
    await ns?.remove();
  });

  it(
    'joins over https with the made certificate; the host sees and hears it',
    { timeout: 90_000 },
    async ({ task }) => {
      expect(secure.base).toMatch(new RegExp(`^https://${ns.serverAddress.replace(/\./g, '\\.')}:\\d+$`));
      const links = await issueLinks(secure.api);
      const hall = links.find((c) => c.pointName === HALL);
      if (!hall) throw new Error(`no link for ${HALL}`);
      expect(hall.joinUrl).toBe(`${secure.base}/join/${hall.token}`);

      // The host: a live conference inviting the hall, its console opened with a session.
      const host = await signedIn(secure.api, 'host');
      const created = await secure.api.request({
        method: 'POST',
        url: '/api/conferences',
        as: host.token,
        payload: {
          title: 'Giao ban qua https',
          scheduledStart: '2030-06-01T01:00:00Z',
          invite: { units: [], points: [hall.pointId] },
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const conference = created.json<Conference>();
      const started = await secure.api.request({
        method: 'POST',
        url: `/api/conferences/${conference.id}/start`,
        as: host.token,
      });
      expect(started.statusCode, started.body).toBe(200);

      const hostTab = await openPage(hostBrowser!.browser, task.name, {
        viewport: { width: 1280, height: 900 },
      });
      tabs.push(hostTab);
      await hostTab.page.context().addCookies([
        {
          name: 'diemcau_session',
          value: host.token,
          url: secure.base,
          httpOnly: true,
          sameSite: 'Strict',
        },
      ]);
      await hostTab.visit(`${secure.base}/#/conferences/${conference.id}/live`, 'host-live', async () => {
        await untilDecoding(testId(hostTab.page, 'host-preview'));
      });

      // The hall opens its link from its own namespace (the server sees its address there) and joins.
      const peers = new Set<string | undefined>();
      secure.api.app.http.server.on('secureConnection', (socket: { remoteAddress?: string }) =>
        peers.add(socket.remoteAddress),
      );
      const hallTab = await openPage(hallBrowser!.browser, task.name, {
        viewport: { width: 960, height: 720 },
      });
      tabs.push(hallTab);
      const { page } = hallTab;
      await hallTab.visit(hall.joinUrl, 'hall-prejoin', async () => {
        await page.locator('[data-testid="lobby-status"][data-state="ready"]').waitFor();
        await untilDecoding(testId(page, 'prejoin-preview'));
      });
      expect(
        await page.evaluate(() => (globalThis as unknown as { isSecureContext: boolean }).isSecureContext),
      ).toBe(true);
      expect(await testId(page, 'media-insecure').count()).toBe(0);
      await testId(page, 'join-button').click();
      await testId(page, 'large-view').waitFor();
      await testId(page, 'banner-connecting').waitFor({ state: 'detached' });
      await untilDecoding(testId(page, 'self-video'));
      await hallTab.snap('hall-in-room');

      const tile = await untilDecoding(testId(hostTab.page, `tile-video-${hall.pointId}`));
      expect(tile.after.width).toBeGreaterThan(0);
      const heard = await untilSound(hostTab.page, { audible: true });
      console.info(`host hears the hall over https: loudest RMS ${JSON.stringify(heard)}`);
      await hostTab.snap('host-sees-hall');

      // The console's page for the halls' root certificate shows the one the hall trusts.
      await hostTab.visit(`${secure.base}/#/certificate`, 'certificate-page', () =>
        testId(hostTab.page, 'root-ca-fingerprint').waitFor(),
      );
      expect(await testId(hostTab.page, 'root-ca-fingerprint').textContent()).toBe(
        new X509Certificate(root()).fingerprint256,
      );
      expect(await testId(hostTab.page, 'root-ca-download').getAttribute('href')).toBe('/tls/root-ca.crt');
      expect(hallTab.errors).toEqual([]);
      expect(hallTab.consoleErrors).toEqual([]);
    },
  );

  it(
    'says why there is no camera when the same hall opens plain http',
    { timeout: 60_000 },
    async ({ task }) => {
      // A server told to stay on plain http at a LAN address (as behind a proxy that is not there).
      plain = await startServer(ns, { TLS: 'off' });
      expect(plain.base).toMatch(/^http:\/\//);
      const hall = (await issueLinks(plain.api)).find((c) => c.pointName === HALL);
      if (!hall) throw new Error(`no link for ${HALL}`);
      const hallTab = await openPage(hallBrowser!.browser, task.name, {
        viewport: { width: 960, height: 720 },
      });
      tabs.push(hallTab);
      const { page } = hallTab;
      await hallTab.visit(hall.joinUrl, 'hall-insecure', async () => {
        await testId(page, 'media-insecure').waitFor();
      });
      expect(
        await page.evaluate(() => (globalThis as unknown as { isSecureContext: boolean }).isSecureContext),
      ).toBe(false);
      const notice = (await testId(page, 'media-insecure').textContent()) ?? '';
      expect(notice).toContain('Trang này không dùng được camera và micro');
      expect(notice).toContain(`http://${new URL(plain.base).host}`);
      expect(notice).toContain('https://');
      expect(await testId(page, 'media-insecure-https').getAttribute('href')).toBe(
        hall.joinUrl.replace(/^http:/, 'https:'),
      );
      expect(await testId(page, 'join-button').isDisabled()).toBe(true);
    },
  );
});
