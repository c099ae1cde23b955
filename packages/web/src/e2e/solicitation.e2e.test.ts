import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Console } from './harness';
import { ARTIFACTS, choose, errorsOf, login, openScreen, PASSWORD, startConsole } from './harness';

/**
 * Weekly solicitation in Debian's Chromium on the demo data of 滕州市 (seed 003): the liaison, on
 * the phone at an enterprise not yet asked this week, records a visit with two problems and reads
 * the case numbers they became; on the console it sends its town's 问题台账 to the hub, and the hub
 * sees it sent, with the figures the liaison saw.
 */
describe('weekly solicitation in a real browser', { timeout: 240_000 }, () => {
  let konsole: Console;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    konsole = await startConsole();
    ({ browser, base } = konsole);
  }, 240_000);
  afterAll(async () => {
    await konsole?.close();
  });

  it('lets the liaison record a round on the phone and send the town’s ledger, and the hub read it', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    phone.setDefaultTimeout(60_000);
    const phoneErrors = errorsOf(phone);
    await phone.goto(`${base}/m/login`);
    await phone.getByLabel(/用户名/).fill('tz.liaison');
    await phone.getByLabel(/密码/).fill(PASSWORD);
    await phone.getByRole('button', { name: /登\s*录$/ }).click();
    await phone.getByText('每周征询', { exact: true }).click();
    await phone.waitForURL(/\/m\/solicit$/);
    // The week's progress reads before anything is recorded.
    const progress = phone.getByText(/本周（.+）已征询 \d+ \/ \d+ 家/);
    await progress.waitFor();
    const [, before, ledger] = /已征询 (\d+) \/ (\d+) 家/.exec(await progress.innerText()) ?? [];
    // The enterprise is one of the liaison's ledger not asked yet this week.
    const form = phone.getByTestId('solicitation-form');
    await choose(phone, form.getByLabel('企业'), '滕州市滕达物流有限公司');
    await form.getByText('电话征询', { exact: true }).click();
    await phone.getByLabel('征询情况').fill('电话联系物流公司负责人，了解冷链仓储建设进展');
    for (const [i, [title, content]] of [
      ['冷链仓库用地指标', '企业计划新建5000平方米冷链仓库，希望了解用地指标和规划审批流程。'],
      ['货车夜间通行证办理', '城区夜间配送需办理货车通行证，希望简化办理手续。'],
    ].entries()) {
      await phone.getByRole('button', { name: /添加问题/ }).click();
      await phone.getByLabel(`问题标题 ${i + 1}`).fill(title!);
      await phone.getByLabel(`问题描述 ${i + 1}`).fill(content!);
    }
    await phone.getByRole('button', { name: /提交登记/ }).click();
    await phone.getByText('已登记征询，生成诉求 2 件，编号如下，点开可查看办理进度').waitFor();
    const numbers = phone.locator('.ant-result a');
    await expect.poll(() => numbers.count()).toBe(2);
    expect(await numbers.first().innerText()).toMatch(/^TZ-\d{4}-\d{6} 冷链仓库用地指标$/);
    await phone.getByText(`已征询 ${Number(before) + 1} / ${ledger} 家`).waitFor();
    await phone.screenshot({ path: `${ARTIFACTS}sol-01-phone.png`, fullPage: true });
    // The case a problem became opens as any demand does.
    await numbers.first().click();
    await phone.getByText('冷链仓库用地指标').first().waitFor();
    expect(phoneErrors).toEqual([]);
    await phone.close();

    const liaison = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    liaison.setDefaultTimeout(60_000);
    const errors = errorsOf(liaison);
    await login(liaison, base, 'tz.liaison');
    await openScreen(liaison, '每周征询');
    await liaison.getByRole('tab', { name: /征询记录/ }).click();
    await liaison
      .locator('tr.ant-table-row')
      .filter({ hasText: '滕州市滕达物流有限公司' })
      .getByText('电话征询')
      .waitFor();
    await liaison.getByRole('tab', { name: /问题台账报送/ }).click();
    const town = liaison.locator('tr.ant-table-row').filter({ hasText: '荆河街道办事处' });
    await town.getByText('未报送').waitFor();
    await liaison.getByRole('button', { name: /报送 \d{4}-W\d{2} 问题台账/ }).click();
    await liaison
      .locator('.ant-popover')
      .getByRole('button', { name: /提\s*交/ })
      .click();
    await liaison.locator('.ant-message-success').getByText('已报送推进中心').waitFor();
    await town.getByText(/已报送/).waitFor();
    await liaison.screenshot({ path: `${ARTIFACTS}sol-02-sent.png` });
    expect(errors).toEqual([]);
    await liaison.close();

    await konsole.deliver();
    const hub = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    hub.setDefaultTimeout(60_000);
    const hubErrors = errorsOf(hub);
    await login(hub, base, 'tz.hub');
    // The hub is told in its bell, and the notice opens the weekly ledgers.
    await hub.getByRole('button', { name: /通知/ }).click();
    await hub
      .getByText(/荆河街道办事处（\d{4}-W\d{2}）问题台账已报送/)
      .first()
      .click();
    await hub.waitForURL(/\/solicitations\?tab=ledgers$/);
    const row = hub.locator('tr.ant-table-row').filter({ hasText: '荆河街道办事处' });
    await row.getByText(/已报送 .*（助企联络员）/).waitFor();
    const cells = await row.locator('td').allInnerTexts();
    // Rounds, enterprises and problems of the week: at least the phone's round and its two problems.
    expect(Number(cells[4])).toBeGreaterThanOrEqual(2);
    await hub.screenshot({ path: `${ARTIFACTS}sol-03-hub.png` });
    expect(hubErrors).toEqual([]);
    await hub.close();
  });

  it('lets a solicited enterprise answer the questionnaire on the phone, and the hub read the summary', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    phone.setDefaultTimeout(60_000);
    const phoneErrors = errorsOf(phone);
    await phone.goto(`${base}/m/login`);
    await phone.getByLabel(/用户名/).fill('tz.ent1');
    await phone.getByLabel(/密码/).fill(PASSWORD);
    await phone.getByRole('button', { name: /登\s*录$/ }).click();
    await phone.getByText('满意度问卷待填写：本周问题征询企业满意度评价问卷').waitFor();
    await phone.getByRole('button', { name: /去填写/ }).click();
    const form = phone.getByTestId('questionnaire-form');
    await form.waitFor();
    // Sending without a level names the question left out.
    await phone.getByRole('button', { name: /提交问卷/ }).click();
    await form.getByText('请选择满意程度').first().waitFor();
    const groups = form.getByRole('radiogroup');
    await groups.nth(0).getByText('非常满意').click();
    await groups.nth(1).getByText('比较满意').click();
    await groups.nth(2).getByText('不满意').click();
    await form.getByLabel('意见建议').fill('希望出口退税审核再快一些');
    await phone.screenshot({ path: `${ARTIFACTS}sol-04-questionnaire.png`, fullPage: true });
    await phone.getByRole('button', { name: /提交问卷/ }).click();
    await phone.getByText('感谢您的评价！').waitFor();
    await phone.getByText('希望出口退税审核再快一些').waitFor();
    expect(phoneErrors).toEqual([]);
    await phone.close();

    const hub = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    hub.setDefaultTimeout(60_000);
    const errors = errorsOf(hub);
    await login(hub, base, 'tz.hub');
    await hub.goto(`${base}/solicitations`);
    await hub.getByRole('link', { name: /满意度问卷/ }).click();
    const row = hub.locator('tr.ant-table-row').filter({ hasText: '本周问题征询企业满意度评价问卷' });
    await row.getByRole('button', { name: /问卷汇总/ }).click();
    const drawer = hub.getByRole('dialog');
    await drawer.getByText(/^1 \/ \d+（\d+%）$/).waitFor();
    await drawer.getByText('希望出口退税审核再快一些').waitFor();
    // The third question was answered 不满意 by the only enterprise that answered.
    await drawer.locator('.ant-card').nth(2).getByText('满意率 0%').waitFor();
    // The drawer has slid fully in (its right edge on the window's) before the picture is taken.
    await expect
      .poll(async () => {
        const box = await drawer.boundingBox();
        return box ? Math.round(box.x + box.width) : null;
      })
      .toBe(1366);
    await hub.screenshot({ path: `${ARTIFACTS}sol-05-summary.png` });
    expect(errors).toEqual([]);
    await hub.close();
  });
});
