// Two-factor sign-in through the console: an admin sets it up at its first sign-in, then signs in with a code.
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../../server/src/auth/totp.js';
import { launchChromium } from './browser.js';
import { openPage, type TestPage } from './pages.js';
import { startE2eServer, type E2eServer } from './server.js';

describe('two-factor sign-in in the console (real server, built web client, Chromium)', () => {
  let server: E2eServer;
  let browser: Browser;
  const tabs: TestPage[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startE2eServer(), launchChromium()]);
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await Promise.all(tabs.map((t) => t.snap('failed')));
    await Promise.all(tabs.splice(0).map((t) => t.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('has an admin set up its second factor after the password, then asks for the code', async ({ task }) => {
    const admin = { username: 'quantri.tinh', password: 'mat-khau-quan-tri-2030' };
    await server.api.app.services.accounts.create({ ...admin, displayName: 'Quản trị tỉnh', role: 'admin' });
    const tab = await openPage(browser, task.name, { viewport: { width: 1280, height: 960 } });
    tabs.push(tab);
    const { page } = tab;
    const signIn = async () => {
      await page.getByLabel('Tên đăng nhập').fill(admin.username);
      await page.getByLabel('Mật khẩu').fill(admin.password);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
    };

    await tab.visit(`${server.url}/`, 'login', () =>
      page.getByRole('button', { name: 'Đăng nhập' }).waitFor(),
    );
    await signIn();
    await page.getByRole('heading', { name: 'Bật xác thực hai lớp' }).waitFor();
    await page.getByRole('img', { name: 'Mã QR để thêm tài khoản vào ứng dụng xác thực' }).waitFor();
    const secret = (await page.locator('.totp-secret').textContent()) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await tab.snap('enrol');
    await page.getByLabel('Mã 6 số từ ứng dụng').fill(totpCode(secret));
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.getByRole('heading', { name: 'Mã khôi phục' }).waitFor();
    expect(await page.locator('.recovery-codes li').count()).toBe(10);
    await tab.snap('recovery-codes');
    await page.getByRole('button', { name: 'Tôi đã cất các mã khôi phục' }).click();
    await page.getByRole('heading', { name: 'Danh sách hội nghị' }).waitFor();

    await page.getByRole('link', { name: 'Bảo mật' }).click();
    await page.getByRole('heading', { name: 'Bảo mật tài khoản' }).waitFor();
    await page.getByTestId('session-current').getByText('Phiên này').waitFor();
    await tab.snap('security');

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
    await signIn();
    // The code of the next time step: the one that confirmed the setup has been used.
    await page.getByLabel('Mã 6 số từ ứng dụng').fill(totpCode(secret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { name: 'Danh sách hội nghị' }).waitFor();
  });
});
