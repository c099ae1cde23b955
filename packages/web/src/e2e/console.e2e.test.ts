import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Console } from './harness';
import { ARTIFACTS, choose, command, dialogSettled, errorsOf, login as loginAt, logout, startConsole } from './harness';

/**
 * The staff console beyond the basic loop: every demo role reaches each screen of its menu
 * without an error, the hub screens a case with the routing catalogue's suggestion, filters
 * and saves a worklist view and dispatches several cases at once, and the case page shows the
 * chain status.
 */
describe('the staff console’s screens in a real browser', () => {
  let konsole: Console;
  let browser: Browser;
  let base: string;
  const login = (page: Page, username: string) => loginAt(page, base, username);

  beforeAll(async () => {
    konsole = await startConsole();
    ({ browser, base } = konsole);
  }, 240_000);
  afterAll(async () => {
    await konsole?.close();
  });

  const ROLES = ['hub', 'unit1', 'unit2', 'leader', 'discipline', 'admin', 'liaison', 'ent1'];

  it.each(ROLES)(
    'lets kh.%s open every screen of its menu without an error',
    async (role) => {
      const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
      page.setDefaultTimeout(60_000);
      const errors = errorsOf(page);
      await login(page, `kh.${role}`);
      // The settings entry's list is rendered outside the header, closed until hovered.
      const links = await page
        .locator('.ant-menu-item a')
        .evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href') ?? '', text: a.textContent ?? '' })));
      expect(links.length).toBeGreaterThan(1);
      if (role === 'admin') expect(links.map((l) => l.href)).toContain('/admin/units');
      for (const link of links) {
        await page.goto(`${base}${link.href}`);
        await page.waitForLoadState('networkidle');
        // No screen of the menu may end in an error message or the not-found page.
        await expect.poll(() => page.locator('.ant-alert-error').count()).toBe(0);
        await expect.poll(() => page.getByText(/页面不存在|Page not found/).count()).toBe(0);
        const name = link.href.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'home';
        await page.screenshot({ path: `${ARTIFACTS}screen-kh-${role}-${name}.png` });
      }
      expect(errors).toEqual([]);
      await page.close();
    },
    180_000,
  );

  it('shows likely duplicates, similar solved cases, learned units and policy passages while screening', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.setDefaultTimeout(60_000);
    const errors = errorsOf(page);
    await login(page, 'kh.hub');
    /** Opens the screening desk on the one queued case the worklist finds for `q`. */
    const screen = async (q: string) => {
      await page.goto(`${base}/cases?status=submitted&q=${encodeURIComponent(q)}`);
      const link = page.locator('tr.ant-table-row a[href^="/cases/"]').first();
      const href = (await link.getAttribute('href')) ?? '';
      await page.goto(`${base}/screening?case=${href.split('/').pop()}`);
    };

    // The demo's enterprise 1 repeats a demand still being handled: a likely duplicate.
    await screen('再次反映');
    const open = page.getByTestId('similar-open');
    await open.getByText('疑似重复').first().waitFor();
    await open
      .getByText(/相似度 \d+%/)
      .first()
      .waitFor();
    await open.getByRole('button', { name: '合并到此件' }).first().click();
    await page.getByTestId('screen-merge').waitFor();
    const into = page.locator('.ant-form-item').filter({ hasText: '合并到' });
    await expect.poll(() => into.innerText()).toMatch(/KH-\d{4}-\d{6}/);
    await page.screenshot({ path: `${ARTIFACTS}12-hub-screening-duplicate.png`, fullPage: true });

    // Enterprise 2 reports a problem like one already closed: its resolution is offered.
    await screen('同类问题');
    // Past dispatches are shown under the lead unit of the dispatch form.
    await page
      .getByTestId('learned-suggestion')
      .getByText(/历史派单/)
      .waitFor();
    const solved = page.getByTestId('similar-solved');
    await solved
      .getByText(/办理结果/)
      .first()
      .waitFor();
    await solved.getByRole('button', { name: '参考此答复' }).first().click();
    await expect.poll(() => page.getByLabel('答复内容（将告知企业）').inputValue()).not.toBe('');
    // The policy library's best passages are offered for the answer, with their source.
    const policies = page.getByTestId('policy-passages');
    await policies.locator('[data-testid^="policy-passage-"]').first().waitFor();
    await policies.getByRole('button', { name: '用于答复' }).first().click();
    await expect.poll(() => page.getByLabel('答复内容（将告知企业）').inputValue()).toMatch(/根据《.+》/);
    await page.screenshot({ path: `${ARTIFACTS}13-hub-screening-similar.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('screens a case with the routing catalogue’s suggestion and moves to the next', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.setDefaultTimeout(60_000);
    const errors = errorsOf(page);
    await login(page, 'kh.hub');
    await page.locator('.ant-layout-header').getByRole('link', { name: '研判', exact: true }).click();
    const queue = page.locator('.ant-card').filter({ hasText: '待研判' }).first();
    await queue.locator('.ant-list-item').first().waitFor();
    const before = await queue.locator('.ant-card-extra').innerText();
    await page.getByTestId('routing-suggestion').waitFor();
    // The demo's category model suggests a category with its confidence and the words behind it.
    await page
      .getByTestId('category-suggestion')
      .getByText(/置信度 \d+%/)
      .waitFor();
    await page.getByTestId('category-suggestion').getByText(/依据/).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}11-hub-screening.png`, fullPage: true });
    const apply = page.getByTestId('routing-suggestion').getByRole('button', { name: '采用建议' }).first();
    if (await apply.count()) {
      await apply.click();
    } else {
      await choose(page, page.getByLabel('牵头单位'));
    }
    await page.getByLabel('简单').check();
    await page.getByTestId('screen-dispatch').click();
    await page
      .getByTestId('screening-handled')
      .getByText(/已交办 KH-\d{4}-\d{6} 至/)
      .waitFor();
    await expect.poll(() => queue.locator('.ant-card-extra').innerText()).not.toBe(before);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('filters the worklist, saves the view, and dispatches two cases at once', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.setDefaultTimeout(60_000);
    const errors = errorsOf(page);
    await login(page, 'kh.hub');
    await page.goto(`${base}/cases?status=submitted`);
    await page.getByText(/共 \d+ 条/).waitFor();
    await page.getByRole('button', { name: /更多筛选/ }).click();
    await page.getByLabel('渠道').waitFor();
    await page.getByTestId('save-view').click();
    await page.getByLabel('筛选名称').fill('待受理（浏览器测试）');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /提\s*交/ })
      .click();
    await page.locator('.ant-message-success').waitFor();
    await page.getByLabel('常用筛选').locator('..').getByText('待受理（浏览器测试）').waitFor();

    const boxes = page.locator(
      'tr.ant-table-row td.ant-table-selection-column label.ant-checkbox-wrapper:not(.ant-checkbox-wrapper-disabled)',
    );
    await boxes.first().waitFor();
    expect(await boxes.count()).toBeGreaterThanOrEqual(2);
    await boxes.nth(0).click();
    await boxes.nth(1).click();
    await page.getByTestId('bulk-dispatch').getByText(/（2）/).waitFor();
    await page.getByTestId('bulk-dispatch').click();
    const dialog = page.getByRole('dialog');
    await dialogSettled(page);
    await choose(page, dialog.getByLabel('牵头单位'));
    await dialog.getByLabel('一般').check();
    await page.screenshot({ path: `${ARTIFACTS}12-hub-bulk-dispatch.png` });
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await page.getByTestId('bulk-outcome').getByText('已交办 2 件').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}13-hub-bulk-dispatched.png` });
    await dialog.getByRole('button', { name: /返\s*回/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    // The selection starts afresh once the dispatched cases have left the queue.
    await page.getByTestId('bulk-dispatch').getByText(/（0）/).waitFor();
    expect(errors).toEqual([]);
    await logout(page);
    await page.close();
  }, 120_000);

  it('lets the lead unit file a solution plan with milestones and complete one', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.setDefaultTimeout(60_000);
    const errors = errorsOf(page);
    await login(page, 'kh.unit1');
    await page.goto(`${base}/cases?status=signed,contacted,feedback&sort=due`);
    await page.locator('.ant-table-tbody a').first().click();
    await command(page, 'plan', async () => {
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(/解决方案/).fill('分两步：先现场勘测，再协调供电公司增容。');
      await dialog.getByLabel('节点内容').fill('完成现场勘测');
      await dialog.getByLabel('完成时限').click();
      await dialog.getByLabel('完成时限').fill('2026-12-30 17:00:00');
      await dialog.getByLabel('完成时限').press('Enter');
    });
    await page
      .getByTestId('clock-plan')
      .getByText(/完成现场勘测/)
      .waitFor();
    await page.screenshot({ path: `${ARTIFACTS}15-unit-plan.png`, fullPage: true });
    await command(page, 'complete-milestone', async () => {
      const dialog = page.getByRole('dialog');
      await choose(page, dialog.getByLabel('完成的方案节点'), '完成现场勘测');
      await dialog.getByLabel('完成情况').fill('已完成现场勘测，形成勘测报告。');
    });
    await page.getByText('完成方案节点').first().waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('shows on the case page that the case’s chain is intact', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await login(page, 'kh.leader');
    await page.goto(`${base}/cases?status=closed`);
    await page.locator('.ant-table-tbody a').first().click();
    await page
      .getByTestId('chain-status')
      .getByText(/存证链完整/)
      .waitFor();
    await page.screenshot({ path: `${ARTIFACTS}14-case-chain-intact.png`, fullPage: true });
    await page.close();
  }, 60_000);
});
