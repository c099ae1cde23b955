import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Console } from './harness';
import {
  ARTIFACTS,
  choose,
  command,
  errorsOf,
  logout,
  PASSWORD,
  startConsole,
  statusIs,
  login as loginAt,
} from './harness';

/**
 * The whole loop through the console in Debian's Chromium: an enterprise files, the hub
 * dispatches, the unit signs and replies, the enterprise rates, the hub closes. Screenshots of
 * each step go to test-artifacts/e2e/.
 */
describe('the console in a real browser', () => {
  let konsole: Console;
  let browser: Browser;
  let base: string;
  let unit1Name: string;
  const login = (page: Parameters<typeof loginAt>[0], username: string) => loginAt(page, base, username);

  beforeAll(async () => {
    konsole = await startConsole();
    ({ browser, base } = konsole);
    const unit = await konsole.handle.db
      .selectFrom('users as u')
      .innerJoin('units as n', 'n.id', 'u.unit_id')
      .select('n.name')
      .where('u.username', '=', 'kh.unit1')
      .executeTakeFirstOrThrow();
    unit1Name = unit.name;
  }, 240_000);

  afterAll(async () => {
    await konsole?.close();
  });

  it('runs submit → dispatch → sign → reply → rate → closed as enterprise, hub, unit and enterprise again', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(60_000);
    const errors = errorsOf(page);

    await login(page, 'kh.ent1');
    await page
      .locator('.ant-layout-header')
      .getByRole('link', { name: /提交诉求/ })
      .click();
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
      await choose(page, dialog.getByLabel('牵头单位'), unit1Name);
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
