import path from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.js';
import { startHlsFixture, type HlsFixture } from './hls-fixture.js';
import { openPage, type TestPage } from './pages.js';
import { startE2eServer, type E2eServer } from './server.js';

/** The parts of HTMLVideoElement read here (tests compile without the DOM library). */
interface VideoElement {
  currentTime: number;
  muted: boolean;
  videoWidth: number;
  videoHeight: number;
  src: string;
  getVideoPlaybackQuality(): { totalVideoFrames: number };
}

type Playback = Pick<VideoElement, 'currentTime' | 'muted' | 'videoWidth' | 'videoHeight' | 'src'> & {
  frames: number;
};

const sample = (page: Page): Promise<Playback> =>
  page.locator('video').evaluate((element) => {
    const video = element as unknown as VideoElement;
    return {
      currentTime: video.currentTime,
      frames: video.getVideoPlaybackQuality().totalVideoFrames,
      videoWidth: video.videoWidth,
      videoHeight: video.videoHeight,
      muted: video.muted,
      src: video.src,
    };
  });

/** Two seconds of playback: the clock must move and new frames must be decoded and shown. */
async function expectPlaying(page: Page): Promise<Playback> {
  const before = await sample(page);
  await page.waitForTimeout(2_000);
  const after = await sample(page);
  expect(after.currentTime - before.currentTime, 'seconds played in 2 s').toBeGreaterThan(1);
  expect(after.frames - before.frames, 'frames shown in 2 s of a 25 fps stream').toBeGreaterThanOrEqual(25);
  expect([after.videoWidth, after.videoHeight]).toEqual([640, 360]);
  return after;
}

const status = (page: Page, state: string) => page.locator(`.viewer-status[data-state="${state}"]`);
const text = async (page: Page, selector: string): Promise<string | null> =>
  page.locator(selector).first().textContent();

/** Waits for the page to reach `state` (data-state of the status line) and returns what it says. */
async function reaches(page: Page, state: string, timeout = 20_000): Promise<string | null> {
  await status(page, state).waitFor({ timeout });
  return status(page, state).textContent();
}

/** The browser's own complaints, less the expected 404s of probing a playlist that is not there yet. */
const unexpectedConsoleErrors = (tab: TestPage): string[] =>
  tab.consoleErrors.filter((message) => !/status of 404/.test(message));

describe('watch page (real server, built web client, Chromium, ffmpeg HLS)', () => {
  let server: E2eServer;
  let browser: Browser;
  const streams: HlsFixture[] = [];
  const tabs: TestPage[] = [];

  // The address a viewer is given (docs/conferences.md): the server answers it with watch.html.
  const watchUrl = (slug: string, token?: string): string =>
    `${server.url}/watch/${slug}${token ? `?t=${encodeURIComponent(token)}` : ''}`;
  const stream = async (slug: string): Promise<HlsFixture> => {
    const fixture = await startHlsFixture(path.join(server.hlsRoot, slug));
    streams.push(fixture);
    return fixture;
  };
  const open = async (testName: string, options?: BrowserContextOptions): Promise<TestPage> => {
    const tab = await openPage(browser, testName, options);
    tabs.push(tab);
    return tab;
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchChromium()]);
  });
  // Streams and pages of a finished test would take CPU from the next one.
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await Promise.all(tabs.map((t) => t.snap('failed')));
    await Promise.all(streams.splice(0).map((s) => s.stop()));
    await Promise.all(tabs.splice(0).map((t) => t.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('plays a live stream with hls.js, muted until the viewer unmutes, on a desktop and a phone', async ({
    task,
  }) => {
    const conference = await server.schedule({
      title: 'Chung kết Hội thi tuyên truyền',
      watchSlug: 'chung-ket',
    });
    await server.act(conference.id, 'start');
    await stream('chung-ket');

    const desktop = await open(task.name, { viewport: { width: 1280, height: 800 } });
    const { page } = desktop;
    await desktop.visit(watchUrl('chung-ket'), 'opened');
    // Debian's Chromium plays H.264/AAC through Media Source Extensions: hls.js's path.
    const mse = await page.evaluate(() =>
      (
        globalThis as unknown as { MediaSource: { isTypeSupported(type: string): boolean } }
      ).MediaSource.isTypeSupported('video/mp4; codecs="avc1.42E01E,mp4a.40.2"'),
    );
    expect(mse).toBe(true);
    expect(await reaches(page, 'playing')).toBe('Đang phát trực tiếp.');
    expect(await text(page, 'h1')).toBe('Chung kết Hội thi tuyên truyền');
    const playing = await expectPlaying(page);
    expect(playing.src, 'played through MSE').toMatch(/^blob:/);
    expect(playing.muted).toBe(true);
    await desktop.snap('playing-muted');

    await page.getByRole('button', { name: 'Bật tiếng' }).click();
    expect((await sample(page)).muted).toBe(false);
    expect(await page.getByRole('button', { name: 'Bật tiếng' }).count()).toBe(0);
    await page.getByRole('button', { name: 'English' }).click();
    expect(await reaches(page, 'playing')).toBe('Live now.');
    await expectPlaying(page);
    await desktop.snap('unmuted-english');

    const phone = await open(task.name, {
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    await phone.visit(watchUrl('chung-ket'), 'phone-opened');
    await reaches(phone.page, 'playing');
    await expectPlaying(phone.page);
    const box = await phone.page.locator('video').boundingBox();
    expect(box?.width, 'the video spans the phone screen').toBe(390);
    await phone.snap('phone-playing');

    for (const tab of [desktop, phone]) {
      expect(tab.errors).toEqual([]);
      expect(unexpectedConsoleErrors(tab)).toEqual([]);
    }
  });

  it('shows the schedule, waits for the signal once live, and starts playing by itself', async ({ task }) => {
    const conference = await server.schedule({ title: 'Hội nghị sơ kết', watchSlug: 'so-ket' });
    const tab = await open(task.name);
    const { page } = tab;
    await tab.visit(watchUrl('so-ket'), 'scheduled', () => status(page, 'scheduled').waitFor());
    expect(await text(page, '.viewer-status')).toMatch(/^Chưa bắt đầu\. Dự kiến phát lúc .*2030\.$/);
    expect(await page.locator('video').count()).toBe(0);

    await server.act(conference.id, 'start');
    expect(await reaches(page, 'waiting', 15_000)).toBe('Đang chờ tín hiệu phát trực tiếp…');
    await tab.snap('live-no-signal');

    await stream('so-ket');
    await reaches(page, 'playing');
    await expectPlaying(page);
    await tab.snap('playing');
    expect(tab.errors).toEqual([]);
    expect(unexpectedConsoleErrors(tab)).toEqual([]);
  });

  it('recovers by itself when the stream stops and restarts, and shows the end', async ({ task }) => {
    const conference = await server.schedule({ title: 'Giao lưu trực tuyến', watchSlug: 'giao-luu' });
    await server.act(conference.id, 'start');
    const first = await stream('giao-luu');
    const tab = await open(task.name);
    const { page } = tab;
    await tab.visit(watchUrl('giao-luu'), 'opened');
    await reaches(page, 'playing');
    await expectPlaying(page);
    await tab.snap('playing');

    await first.stop(); // the playlist gains EXT-X-ENDLIST
    await reaches(page, 'waiting', 15_000);
    await tab.snap('stream-stopped');

    const second = await stream('giao-luu');
    await reaches(page, 'playing');
    await expectPlaying(page);
    await tab.snap('playing-again');

    // Ending the conference ends its livestream: the page notices the stream stop and asks why.
    await server.act(conference.id, 'end');
    await second.stop();
    expect(await reaches(page, 'ended', 10_000)).toBe('Buổi phát trực tiếp đã kết thúc.');
    expect(await page.locator('video').count()).toBe(0);
    await tab.snap('ended');
    expect(tab.errors).toEqual([]);
    expect(unexpectedConsoleErrors(tab)).toEqual([]);
  });

  it('opens a token page only with its viewer token, and says so for unknown pages', async ({ task }) => {
    const conference = await server.schedule({
      title: 'Họp kín',
      watchSlug: 'hop-kin',
      watchAccess: 'token',
    });
    const { token } = (await server.act(conference.id, 'viewer-token')) as { token: string };
    const tab = await open(task.name);
    const { page } = tab;

    await tab.visit(watchUrl('hop-kin', token), 'with-token', () => status(page, 'scheduled').waitFor());
    expect(await text(page, 'h1')).toBe('Họp kín');
    await tab.visit(watchUrl('hop-kin', 'not-the-token'), 'wrong-token', () =>
      status(page, 'unauthorized').waitFor(),
    );
    expect(await text(page, '.viewer-status')).toBe(
      'Đường dẫn xem không hợp lệ hoặc đã được thay. Hãy xin đường dẫn mới từ ban tổ chức.',
    );
    await tab.visit(watchUrl('khong-co'), 'unknown-page', () => status(page, 'notFound').waitFor());
    // Static hosting without path rewriting: /watch.html?slug=... (and without a slug, a hint).
    await tab.visit(`${server.url}/watch.html?slug=hop-kin&t=${token}`, 'static-address', () =>
      status(page, 'scheduled').waitFor(),
    );
    await tab.visit(`${server.url}/watch.html`, 'no-slug', () => status(page, 'noSlug').waitFor());
    expect(tab.errors).toEqual([]);
  });
});
