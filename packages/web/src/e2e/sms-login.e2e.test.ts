import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Console } from './harness';
import { ARTIFACTS, errorsOf, startConsole } from './harness';

/** 开化县's first demo enterprise's contact (profiles/demo/kh.yaml), whose account is `kh.ent1`. */
const MOBILE = '17000002001';
const MASKED = '170****2001';

/**
 * The enterprise's login by SMS code on the phone, in Debian's Chromium at 375 × 812, against a
 * server whose SMS goes through the development provider (as `npm start` has it by default):
 * the code is read where that provider writes it, the outbox log. A wrong code is refused in
 * Chinese and leaves the user on the login page; the right one signs `kh.ent1` in and lands on
 * the enterprise's home, "我的诉求". Screenshots go to test-artifacts/e2e/m-sms-*.png.
 */
describe('the enterprise’s login by SMS code at 375 px', () => {
  let konsole: Console;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    konsole = await startConsole({ smsLogin: true });
    ({ browser, base } = konsole);
  }, 240_000);

  afterAll(async () => {
    await konsole?.close();
  });

  const phone = async (): Promise<{ context: BrowserContext; page: Page; errors: string[] }> => {
    const context = await browser.newContext({
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    return { context, page, errors: errorsOf(page) };
  };

  const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });

  /** The code the development provider wrote for the mobile, waiting for the line (it is sent after the answer). */
  const codeFromOutbox = async (): Promise<string> => {
    for (let attempt = 0; attempt < 100; attempt++) {
      const text = await readFile(konsole.outboxLog, 'utf8').catch(() => '');
      const codes = text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { topic?: string; to?: string; code?: string })
        .filter((line) => line.topic === 'auth.sms_code' && line.to === MASKED && line.code);
      const last = codes.at(-1)?.code;
      if (last) return last;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no login code for ${MASKED} in ${konsole.outboxLog}`);
  };

  it('refuses a wrong code in Chinese, then signs the contact in with the code from the outbox log', async () => {
    const { context, page, errors } = await phone();
    await page.goto(`${base}/m/login?next=%2Fm`);
    await page.getByRole('tab', { name: '短信验证码登录' }).click();
    await page.getByRole('textbox', { name: '手机号', exact: true }).fill(MOBILE);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByText(/验证码已发送，5 分钟内有效/).waitFor();
    await page.getByRole('button', { name: /秒后重新获取/ }).waitFor();
    const code = await codeFromOutbox();
    expect(code).toMatch(/^\d{6}$/);
    await shot(page, 'm-sms-1-code-sent');

    // A wrong code: the server's refusal, in Chinese, and still the login page.
    const wrong = code === '000000' ? '000001' : '000000';
    await page.getByRole('textbox', { name: '验证码', exact: true }).fill(wrong);
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/sms-login'));
    await page.getByRole('button', { name: /^登\s*录$/ }).click();
    expect((await refused).status()).toBe(401);
    await page.getByRole('alert').getByText('验证码错误或已失效，请重新获取').waitFor();
    expect(new URL(page.url()).pathname).toBe('/m/login');
    await shot(page, 'm-sms-2-wrong-code');

    // The right code: signed in as the enterprise's contact, on the enterprise's home. The button is
    // found by the end of its name: antd may still hold the leaving "loading" icon of the last try.
    await page.getByRole('textbox', { name: '验证码', exact: true }).fill(code);
    const accepted = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/sms-login'));
    await page.getByRole('button', { name: /登\s*录$/ }).click();
    const answer = await accepted;
    expect(answer.status()).toBe(200);
    const { user } = (await answer.json()) as { user: { username: string; roles: string[]; enterpriseId?: string } };
    expect(user).toMatchObject({ username: 'kh.ent1', roles: ['enterprise'], enterpriseId: expect.any(String) });
    await page.waitForURL(/\/m$/);
    await page.getByRole('heading', { name: '我的诉求' }).waitFor();
    await page.getByRole('button', { name: '我要提交诉求' }).waitFor();
    await page.getByRole('button', { name: /退\s*出/ }).waitFor();
    // The enterprise's own demands, or the word that it has none yet: the list has loaded.
    await page.getByTestId('demand-card').first().or(page.getByText('您还没有提交过诉求')).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, 'm-sms-3-home');

    // The only error the page logged is the browser's note of the refused code's 401.
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    await context.close();
  });
});
