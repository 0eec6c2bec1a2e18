import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchWithFakeCamera, type FakeMediaBrowser } from './fake-media.js';
import { REMOTE_AUDIO, untilDecoding, untilSound } from './media-probes.js';
import { openPage, type TestPage } from './pages.js';
import {
  createHost,
  prepareProvince,
  PROVINCE_POINT_COUNT,
  type Hall,
  type HostAccount,
  type Province,
} from './province.js';
import { startE2eServer, type E2eServer } from './server.js';

/*
 * A whole conference through the web client's pages: the host signs in,
 * schedules, starts and runs it from the live console while two halls, each in
 * its own browser context, join through their links. What the test asserts is
 * what people would see and hear: frames presented by <video> elements and the
 * loudness of the <audio> elements, measured in the pages.
 */

const TITLE = 'Hội nghị triển khai nhiệm vụ quý III';
const A_NAME = 'Hội trường Phường Tân Phú';
const B_NAME = 'Hội trường Phường An Lộc';

const testId = (page: Page, id: string) => page.getByTestId(id);
const largeView = (page: Page, kind: string) =>
  page.locator(`[data-testid="large-view"][data-kind="${kind}"]`);
const dialogButton = (page: Page, name: string) =>
  page.locator('dialog[open]').getByRole('button', { name, exact: true });

/** A screenshot from the top of the page: clicks scroll the console down to a tile's buttons. */
async function snapTop(tab: TestPage, label: string): Promise<void> {
  await tab.page.evaluate(() =>
    (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
  );
  await tab.snap(label);
}

describe('live conference (real server, built web client, Chromium with fake devices)', () => {
  let server: E2eServer;
  let chromium: FakeMediaBrowser;
  let province: Province;
  let host: HostAccount;
  const tabs: TestPage[] = [];

  beforeAll(async () => {
    [server, chromium] = await Promise.all([startE2eServer(), launchWithFakeCamera()]);
    province = await prepareProvince(server.api);
    host = await createHost(server.api);
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await Promise.all(tabs.map((t) => t.snap('failed')));
    await Promise.all(tabs.splice(0).map((t) => t.close()));
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  /** A hall opens its link, keeps the default devices, says how many sit in the hall, and joins. */
  async function joinHall(tab: TestPage, hall: Hall, label: string, headcount: number): Promise<void> {
    const { page } = tab;
    await tab.visit(`${server.url}/join/${hall.linkToken}`, `${label}-prejoin`, async () => {
      await page.locator('[data-testid="lobby-status"][data-state="ready"]').waitFor();
      await untilDecoding(testId(page, 'prejoin-preview'));
      // The defaults are the fake camera and microphone, already chosen and open.
      for (const select of ['camera-select', 'mic-select']) {
        expect(await testId(page, select).inputValue(), select).not.toBe('');
      }
      await testId(page, 'prejoin-headcount').fill(String(headcount));
    });
    expect(await page.locator('h1').textContent()).toBe(hall.name);
    await testId(page, 'join-button').click();
    await testId(page, 'large-view').waitFor();
    await testId(page, 'banner-connecting').waitFor({ state: 'detached' });
    // The host, or the other hall once its beeps made it the speaker programme.
    await largeView(page, 'host').or(largeView(page, 'programme')).waitFor();
    await untilDecoding(testId(page, 'large-video'));
    await untilDecoding(testId(page, 'self-video'));
    await tab.snap(`${label}-in-room`);
  }

  it('runs a conference from sign-in to its end, with two halls', { timeout: 150_000 }, async ({ task }) => {
    const started = Date.now();
    const a = province.hall(A_NAME);
    const b = province.hall(B_NAME);
    const open = async (width: number, height: number): Promise<TestPage> => {
      const tab = await openPage(chromium.browser, task.name, { viewport: { width, height } });
      tabs.push(tab);
      return tab;
    };

    // 1. The host signs in, schedules the conference inviting two halls, starts it, opens the console.
    const hostTab = await open(1280, 960);
    const { page: hostPage } = hostTab;
    await hostTab.visit(`${server.url}/`, 'login', () =>
      hostPage.getByRole('button', { name: 'Đăng nhập' }).waitFor(),
    );
    await hostPage.getByLabel('Tên đăng nhập').fill(host.username);
    await hostPage.getByLabel('Mật khẩu').fill(host.password);
    await hostPage.getByRole('button', { name: 'Đăng nhập' }).click();
    await hostPage.getByRole('heading', { name: 'Danh sách hội nghị' }).waitFor();
    await hostPage.getByText('Không có hội nghị nào phù hợp.').waitFor();
    await hostTab.snap('list');

    await hostPage.getByRole('link', { name: 'Tạo hội nghị' }).first().click();
    const search = hostPage.getByLabel('Tìm đơn vị hoặc điểm cầu');
    await search.waitFor();
    await hostPage.getByLabel('Tên hội nghị').fill(TITLE);
    await hostPage.getByLabel('Thời gian bắt đầu dự kiến').fill('2030-07-01T08:00');
    // One hall found by its name, typed without diacritics...
    await search.fill('tan phu');
    await hostPage.getByRole('checkbox', { name: A_NAME }).check();
    // ...and one commune's whole subtree (its single hall) through the unit's checkbox.
    await search.fill('An Lộc');
    await hostPage.getByRole('checkbox', { name: /^Phường An Lộc/ }).check();
    await hostPage.getByText(`Đã chọn 2/${PROVINCE_POINT_COUNT} điểm cầu`).waitFor();
    await hostTab.snap('create-form');
    await hostPage.getByRole('button', { name: 'Tạo hội nghị' }).click();

    await hostPage.getByRole('heading', { name: TITLE }).waitFor();
    const conferenceId = /#\/conferences\/([\w-]+)$/.exec(hostPage.url())?.[1];
    expect(conferenceId, 'the detail page address').toBeDefined();
    const invited = await hostPage.getByRole('rowheader').allTextContents();
    expect(invited.sort()).toEqual([A_NAME, B_NAME].sort());
    await hostTab.snap('detail-scheduled');
    await hostPage.getByRole('button', { name: 'Bắt đầu hội nghị' }).click();
    await dialogButton(hostPage, 'Bắt đầu hội nghị').click();
    const liveLink = hostPage.getByRole('link', { name: 'Mở bàn điều khiển trực tiếp' });
    await liveLink.waitFor();
    await hostTab.snap('detail-live');
    await liveLink.click();
    expect(hostPage.url()).toMatch(new RegExp(`#/conferences/${conferenceId}/live$`));
    await untilDecoding(testId(hostPage, 'host-preview'));
    await testId(hostPage, 'banner-connecting').waitFor({ state: 'detached' });

    // 2. Each hall opens its link in its own browser context and joins.
    const hallA = await open(960, 720);
    const hallB = await open(960, 720);
    const { page: aPage } = hallA;
    const { page: bPage } = hallB;
    await Promise.all([joinHall(hallA, a, 'hall-a', 45), joinHall(hallB, b, 'hall-b', 120)]);

    // 3. The host sees both halls, each tile's video presenting frames, with the reported headcounts.
    for (const [hall, headcount] of [
      [a, 45],
      [b, 120],
    ] as const) {
      const tile = await untilDecoding(testId(hostPage, `tile-video-${hall.pointId}`));
      expect(tile.after.width, `${hall.name}: tile picture width`).toBeGreaterThan(0);
      await testId(hostPage, `tile-headcount-${hall.pointId}`)
        .filter({ hasText: String(headcount) })
        .waitFor();
    }
    expect(await hostPage.locator('[data-testid^="tile-video-"]').count()).toBe(2);
    await snapTop(hostTab, 'live-two-tiles');

    // 4. The host listens rather than speaks, so that a hall hears only the programme, and
    //    spotlights A: B shows A large and hears it.
    await testId(hostPage, 'host-mic-toggle').click();
    await testId(hostPage, 'host-mic-toggle').filter({ hasText: 'Bật micro' }).waitFor();
    await testId(hostPage, `tile-spotlight-${a.pointId}`).click();
    await testId(hostPage, 'programme-name').filter({ hasText: A_NAME }).waitFor();
    await largeView(bPage, 'programme')
      .filter({ hasText: `Tiêu điểm: ${A_NAME}` })
      .waitFor();
    await untilDecoding(testId(bPage, 'large-video'));
    const heard = await untilSound(bPage, { audible: true });
    console.info(`B hears A: loudest RMS per remote audio element ${JSON.stringify(heard)}`);
    // A cannot watch itself: it shows the host, under the name the host's account goes by.
    await largeView(aPage, 'host').waitFor();
    expect
      .soft(await largeView(aPage, 'host').locator('figcaption').textContent(), 'host caption at A')
      .toBe(`Chủ trì: ${host.displayName}`);
    await hallA.snap('hall-a-on-programme');
    await hallB.snap('hall-b-receives-a');
    await snapTop(hostTab, 'spotlight-a');

    // The host mutes A: every element at B falls silent while A's picture keeps coming.
    await testId(hostPage, `tile-mute-${a.pointId}`).click();
    await testId(hostPage, `tile-badge-mutedByHost-${a.pointId}`).waitFor();
    await testId(aPage, 'banner-mutedByHost').waitFor();
    const silence = await untilSound(bPage, { audible: false });
    console.info(`B after A's mute: loudest RMS per remote audio element ${JSON.stringify(silence)}`);
    expect(await bPage.locator(REMOTE_AUDIO).count()).toBe(silence.length);
    await untilDecoding(testId(bPage, 'large-video'));
    expect(await largeView(bPage, 'programme').textContent()).toContain(A_NAME);
    await hallA.snap('hall-a-muted-by-host');
    await hallB.snap('hall-b-after-mute');
    await snapTop(hostTab, 'after-mute');

    // 5. The host mutes B too; B asks for the floor and is given it: it becomes the programme
    //    with its microphone live again, and A shows and hears it.
    await testId(hostPage, `tile-mute-${b.pointId}`).click();
    await testId(bPage, 'banner-mutedByHost').waitFor();
    // With every other microphone off B was the room's active speaker: muted, it no longer speaks.
    const bSpeaking = testId(hostPage, `tile-badge-speaking-${b.pointId}`);
    await bSpeaking.waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
    expect.soft(await bSpeaking.count(), 'speaking badge on B after the host muted it').toBe(0);
    await testId(bPage, 'raise-hand').click();
    await testId(bPage, 'banner-handRaised').waitFor();
    await testId(hostPage, `floor-entry-${b.pointId}`).waitFor();
    await snapTop(hostTab, 'hand-raised');
    await testId(hostPage, `floor-grant-${b.pointId}`).click();
    await testId(hostPage, 'programme-name').filter({ hasText: B_NAME }).waitFor();
    await testId(hostPage, `floor-entry-${b.pointId}`).waitFor({ state: 'detached' });
    await testId(hostPage, `tile-badge-mutedByHost-${b.pointId}`).waitFor({ state: 'detached' });
    await testId(bPage, 'banner-onProgramme').waitFor();
    await testId(bPage, 'banner-mutedByHost').waitFor({ state: 'detached' });
    expect(await testId(bPage, 'mic-toggle').textContent()).toBe('Tắt micro');
    await largeView(aPage, 'programme').filter({ hasText: B_NAME }).waitFor();
    await untilDecoding(testId(aPage, 'large-video'));
    const aHearsB = await untilSound(aPage, { audible: true });
    console.info(`A hears B: loudest RMS per remote audio element ${JSON.stringify(aHearsB)}`);
    await snapTop(hostTab, 'after-grant');
    await hallB.snap('hall-b-on-programme');
    await hallA.snap('hall-a-receives-b');

    // 6. The host ends the conference for everyone.
    await testId(hostPage, 'end-conference').click();
    await dialogButton(hostPage, 'Kết thúc hội nghị').click();
    await Promise.all([
      testId(aPage, 'closed-ended').waitFor(),
      testId(bPage, 'closed-ended').waitFor(),
      testId(hostPage, 'console-closed-ended').waitFor(),
    ]);
    await hallA.snap('hall-a-ended');
    await hallB.snap('hall-b-ended');
    await hostTab.snap('ended');

    for (const tab of [hostTab, hallA, hallB]) expect(tab.errors).toEqual([]);
    // The console's session check before sign-in is the one expected failure (401).
    expect(hostTab.consoleErrors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    expect([...hallA.consoleErrors, ...hallB.consoleErrors]).toEqual([]);
    console.info(`live conference scenario: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
});
