import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@qisu/server';
import { buildApp, migrateToLatest, openDatabase, seedDemo, systemClock } from '@qisu/server';

/**
 * The whole loop through the console in Debian's Chromium: an enterprise files, the hub
 * dispatches, the unit signs and replies, the enterprise rates, the hub closes. Screenshots of
 * each step go to test-artifacts/e2e/.
 */
const PASSWORD = 'Qisu@2026';
const ARTIFACTS = fileURLToPath(new URL('../../../../test-artifacts/e2e/', import.meta.url));
const WEB_ROOT = fileURLToPath(new URL('../../dist/', import.meta.url));

describe('the console in a real browser', () => {
  let handle: Db;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let unit1Name: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    handle = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(handle.db);
    await seedDemo(handle, { password: PASSWORD });
    const unit = await handle.db
      .selectFrom('users as u')
      .innerJoin('units as n', 'n.id', 'u.unit_id')
      .select('n.name')
      .where('u.username', '=', 'kh.unit1')
      .executeTakeFirstOrThrow();
    unit1Name = unit.name;
    app = await buildApp({
      deps: { db: handle.db, clock: systemClock },
      engine: handle.engine,
      version: 'e2e',
      logLevel: 'silent',
      webRoot: WEB_ROOT,
    });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await handle?.close();
  });

  const errorsOf = (page: Page) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    return errors;
  };

  async function login(page: Page, username: string) {
    await page.goto(base);
    await page.getByLabel(/用户名|Username/).fill(username);
    await page.getByLabel(/密码|Password/).fill(PASSWORD);
    await page.getByRole('button', { name: /登\s*录|Log in/ }).click();
    await page.getByText(/欢迎|Welcome/).waitFor();
  }

  async function logout(page: Page) {
    await page.getByRole('button', { name: /退出登录|Log out/ }).click();
    await page.getByRole('button', { name: /登\s*录|Log in/ }).waitFor();
  }

  /** Opens a command's form, fills it, submits, and fails with the console's own message if it refuses. */
  async function command(page: Page, name: string, fill: () => Promise<void> = () => Promise.resolve()) {
    await page.getByTestId(`command-${name}`).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: /提\s*交|Submit/ }).waitFor();
    await fill();
    await dialog.getByRole('button', { name: /提\s*交|Submit/ }).click();
    const outcome = await Promise.race([
      dialog.waitFor({ state: 'hidden', timeout: 60_000 }).then(() => 'closed'),
      page
        .locator('.ant-message-error, .ant-form-item-explain-error')
        .first()
        .waitFor({ timeout: 60_000 })
        .then(() => 'error'),
    ]);
    if (outcome === 'error') {
      await page.screenshot({ path: `${ARTIFACTS}failed-${name}.png` });
      const text = await page.locator('.ant-message-error, .ant-form-item-explain-error').first().innerText();
      throw new Error(`${name} refused: ${text}`);
    }
  }

  const statusIs = (page: Page, text: string) =>
    page.locator('.ant-card-head').getByText(text, { exact: true }).first().waitFor();

  it('runs submit → dispatch → sign → reply → rate → closed as enterprise, hub, unit and enterprise again', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(60_000);
    const errors = errorsOf(page);

    await login(page, 'kh.ent1');
    await page.getByRole('link', { name: /提交诉求/ }).click();
    await page.getByLabel('标题').fill('新建厂房消防验收咨询（浏览器测试）');
    await page.getByLabel('诉求内容').fill('我公司新建厂房已竣工，想了解消防验收需要准备哪些材料、多久能办结。');
    await page.screenshot({ path: `${ARTIFACTS}01-enterprise-submit.png` });
    await page.getByRole('button', { name: /提\s*交/ }).click();
    await statusIs(page, '待受理');
    const caseUrl = page.url();
    expect(caseUrl).toMatch(/\/cases\/[0-9a-f-]{36}$/);
    await page.screenshot({ path: `${ARTIFACTS}02-enterprise-submitted.png` });
    await logout(page);

    await login(page, 'kh.hub');
    await page.goto(caseUrl);
    await command(page, 'dispatch', async () => {
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('牵头单位').fill(unit1Name.slice(0, 4));
      await page.locator('.ant-select-item-option').filter({ hasText: unit1Name }).first().click();
      await dialog.getByText('简单', { exact: true }).click();
      await page.screenshot({ path: `${ARTIFACTS}03-hub-dispatch.png` });
    });
    await statusIs(page, '已交办');
    await page.getByText('办结答复').first().waitFor();
    await page.screenshot({ path: `${ARTIFACTS}04-hub-dispatched.png`, fullPage: true });
    await logout(page);

    await login(page, 'kh.unit1');
    await page.goto(caseUrl);
    await page.getByTestId('command-sign').waitFor();
    await command(page, 'sign');
    await statusIs(page, '已签收');
    await command(page, 'reply', async () => {
      const dialog = page.getByRole('dialog');
      await dialog.getByText('已解决', { exact: true }).click();
      await dialog.getByLabel('答复内容').fill('已指导企业完成消防验收申报，验收意见书已出具。');
    });
    await statusIs(page, '已办结待评价');
    await page.screenshot({ path: `${ARTIFACTS}05-unit-replied.png`, fullPage: true });
    await logout(page);

    await login(page, 'kh.ent1');
    await page.goto(caseUrl);
    await command(page, 'rate', async () => {
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('满意度').fill('5');
      await dialog.getByLabel('评价意见').fill('办理及时，非常满意');
    });
    await statusIs(page, '已评价');
    await page.screenshot({ path: `${ARTIFACTS}06-enterprise-rated.png` });
    await logout(page);

    await login(page, 'kh.hub');
    await page.goto(caseUrl);
    await command(page, 'close');
    await statusIs(page, '已销号');
    await page.getByText('销号', { exact: true }).first().waitFor();
    await page.screenshot({ path: `${ARTIFACTS}07-hub-closed.png`, fullPage: true });
    await logout(page);

    // Another enterprise must not see it: the API answers 404 and the page says so.
    await login(page, 'kh.ent2');
    await page.goto(caseUrl);
    await page
      .getByRole('alert')
      .getByText(/诉求不存在/)
      .waitFor();
    await page.screenshot({ path: `${ARTIFACTS}08-other-enterprise-404.png` });
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
    await page.close();
  }, 240_000);

  it('switches to en-US, for the console and for the API’s messages', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(base);
    await page.getByTestId('language-switch').click();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await page.getByLabel('Username').fill('kh.hub');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').getByText('Wrong username or password').waitFor();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('Welcome').waitFor();
    await page.getByRole('link', { name: 'Cases' }).click();
    await page.getByText(/in all$/).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}09-en-us-worklist.png` });
    await page.close();
  }, 120_000);

  it('fits the enterprise’s filing page on a 375 px phone', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await login(page, 'kh.ent1');
    await page.goto(`${base}/cases/new`);
    await page.getByLabel('诉求内容').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}10-mobile-375-submit.png`, fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  }, 120_000);
});
