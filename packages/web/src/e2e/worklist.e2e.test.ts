import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Console } from './harness';
import { ARTIFACTS, choose, errorsOf, login as loginAt, PASSWORD, startConsole } from './harness';

interface ListItem {
  id: string;
  number: string;
  dueAt: string | null;
  overdue: boolean;
  supervised: boolean;
}

/**
 * A working day's lists: a unit's inbox with its deadlines, tabs and counts, due-first; the
 * worklist's search by enterprise name and USCC and the header's search by number; the hub's
 * home queues; and the hub logging a phone call for an enterprise found by name.
 *
 * The demo data is filed weeks before today, so most of its open cases are past their limits
 * on the server's own clock; one case dispatched here has its limit ahead.
 */
describe('the lists of a working day in a real browser', () => {
  let konsole: Console;
  let browser: Browser;
  let base: string;
  const login = (page: Page, username: string) => loginAt(page, base, username);

  const apiAs = async (username: string) => {
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    const { token, user } = (await res.json()) as { token: string; user: { unitId?: string } };
    const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const r = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const data = (await r.json()) as T;
      if (!r.ok) throw new Error(`${method} ${path} as ${username}: ${r.status} ${JSON.stringify(data)}`);
      return data;
    };
    return { user, call };
  };

  const page1366 = async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.setDefaultTimeout(60_000);
    return { page, errors: errorsOf(page) };
  };

  /** The case numbers of the table's rows, top to bottom. */
  const rowNumbers = (page: Page) => page.locator('tr.ant-table-row td:first-child a[href^="/cases/"]').allInnerTexts();

  let fresh: { id: string; number: string };
  let enterprise: { name: string; uscc: string };

  beforeAll(async () => {
    konsole = await startConsole();
    ({ browser, base } = konsole);
    const hub = await apiAs('kh.hub');
    const unit = await apiAs('kh.unit1');
    const ledger = await hub.call<{ items: { id: string; name: string; uscc: string }[] }>(
      'GET',
      '/api/v1/enterprises?pageSize=50',
    );
    const chosen = ledger.items.at(-1)!;
    enterprise = chosen;
    fresh = await hub.call('POST', '/api/v1/cases', {
      title: '新购设备申请技改补贴（清单测试）',
      content: '我公司今年新购两条生产线，想了解技术改造补贴的申报条件。',
      channel: 'hotline12345',
      enterpriseId: chosen.id,
    });
    await hub.call('POST', `/api/v1/cases/${fresh.id}/dispatch`, {
      leadUnitId: unit.user.unitId,
      complexity: 'general',
    });
  }, 240_000);
  afterAll(async () => {
    await konsole?.close();
  });

  it('shows a unit its inbox due-first with countdowns, overdue marks, 督办 and tab counts', async () => {
    const { page, errors } = await page1366();
    const unit = await apiAs('kh.unit1');
    const counts = await unit.call<{ overdue: number; byStatus: Record<string, number> }>(
      'GET',
      '/api/v1/cases/counts',
    );
    expect(counts.overdue).toBeGreaterThan(0);

    await login(page, 'kh.unit1');
    // Home: the unit's queues and its most urgent cases, overdue first.
    await page.getByTestId('queue-overdue').getByText(String(counts.overdue)).waitFor();
    const urgent = page.getByTestId('urgent-cases').getByTestId('due-cell');
    await urgent.first().waitFor();
    expect(await urgent.first().innerText()).toMatch(/^已超期/);
    await page.screenshot({ path: `${ARTIFACTS}wl-05-unit-home.png`, fullPage: true });
    await page.locator('.ant-layout-header').getByRole('link', { name: '诉求工单' }).click();
    await page.getByTestId('tab-count-overdue').getByText(String(counts.overdue)).waitFor();
    // The inbox opens due-first on the unit's own states, without a hub-only tab.
    await page.locator('tr.ant-table-row').first().waitFor();
    const tabs = (await page.locator('.ant-tabs-tab').allInnerTexts()).map((x) => x.replace(/\s+/g, ''));
    expect(tabs.map((x) => x.replace(/\d+$/, ''))).toEqual([
      '待签收',
      '办理中',
      '重办',
      '已办结',
      '已超期',
      '临期',
      '全部',
    ]);
    expect(await page.locator('.ant-tabs-tab-active').innerText()).toMatch(/全部/);
    const toSign = counts.byStatus['dispatched'] ?? 0;
    expect(await page.getByTestId('tab-count-dispatched').innerText()).toBe(String(toSign));

    const sorted = await unit.call<{ items: ListItem[] }>(
      'GET',
      '/api/v1/cases?sort=due&pageSize=20&status=dispatched,signed,contacted,feedback,redo,replied,rated,review,closed',
    );
    expect(await rowNumbers(page)).toEqual(sorted.items.map((i) => i.number));
    const dues = sorted.items.map((i) => i.dueAt).filter((d): d is string => d !== null);
    expect(dues).toEqual([...dues].sort());
    const firstCell = page.locator('tr.ant-table-row').first().getByTestId('due-cell');
    expect(await firstCell.innerText()).toMatch(/^已超期 \d+ 天/);
    expect(['overdue', 'other']).toContain(await firstCell.getAttribute('data-tone'));
    // An overdue limit of the unit's own is red; the fresh dispatch counts down.
    expect(await page.locator('[data-testid="due-cell"][data-tone="overdue"]').count()).toBeGreaterThan(0);
    const freshRow = page.locator('tr.ant-table-row').filter({ hasText: fresh.number });
    expect(await freshRow.getByTestId('due-cell').innerText()).toMatch(/^剩 (\d+ 天|\d+ 小时)/);
    expect(await freshRow.getByTestId('due-cell').innerText()).toContain('办结答复');
    expect(await freshRow.innerText()).toContain(enterprise.name);
    if (sorted.items.some((i) => i.supervised)) {
      expect(await page.getByTestId('supervised-tag').count()).toBeGreaterThan(0);
    }
    await page.screenshot({ path: `${ARTIFACTS}wl-01-unit-inbox.png` });

    await page.getByTestId('tab-overdue').click();
    await page.waitForURL(/clock=overdue/);
    await expect.poll(() => page.locator('tr.ant-table-row').count()).toBe(Math.min(20, counts.overdue));
    const tones = await page.getByTestId('due-cell').evaluateAll((cells) => cells.map((c) => c.textContent ?? ''));
    expect(tones.every((text) => text.startsWith('已超期'))).toBe(true);

    await page.getByTestId('tab-dispatched').click();
    await page.waitForURL(/status=dispatched(&|$)/);
    await expect.poll(() => page.locator('tr.ant-table-row').count()).toBe(toSign);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('finds a case by enterprise name and by USCC, and opens one by its number from the header', async () => {
    const { page, errors } = await page1366();
    await login(page, 'kh.hub');
    // At 1366 × 768 every entry of the hub's menu is in view beside the search, none folded into "…".
    const menu = page.getByTestId('main-menu');
    const entries = menu.locator(':scope > li.ant-menu-item');
    await expect
      .poll(() => entries.evaluateAll((li) => li.filter((e) => e.getAttribute('aria-hidden') !== 'true').length))
      .toBe(8);
    expect((await entries.allInnerTexts()).map((text) => text.trim())).toEqual([
      '首页',
      '诉求工单',
      '提交诉求',
      '研判',
      '政策库',
      '领导驾驶舱',
      '热点预警',
      '企业台账',
    ]);
    expect(await menu.locator(':scope > li.ant-menu-overflow-item-rest').isVisible()).toBe(false);
    await page.screenshot({ path: `${ARTIFACTS}wl-02-hub-home.png`, fullPage: true });
    // The hub's home counts its queues; overdue opens the list due-first.
    await page.getByTestId('queue-overdue').click();
    await page.waitForURL(/clock=overdue&sort=due/);
    await page.locator('tr.ant-table-row').first().waitFor();

    const search = page.getByTestId('worklist-search').locator('input');
    const hub = await apiAs('kh.hub');
    const all = await hub.call<{ total: number }>('GET', '/api/v1/cases?pageSize=1');
    for (const text of [enterprise.name, enterprise.uscc]) {
      const found = await hub.call<{ items: ListItem[]; total: number }>(
        'GET',
        `/api/v1/cases?q=${encodeURIComponent(text)}`,
      );
      await page.goto(`${base}/cases`);
      await search.fill(text);
      await search.press('Enter');
      await page.waitForURL((url) => url.searchParams.get('q') === text);
      await page.locator('tr.ant-table-row').filter({ hasText: fresh.number }).waitFor();
      const numbers = page.locator('tr.ant-table-row td:nth-child(2) a[href^="/cases/"]');
      await expect.poll(() => numbers.allInnerTexts()).toEqual(found.items.map((i) => i.number));
      // The search narrows the list to the enterprise's cases.
      expect(found.total).toBeLessThan(all.total);
    }
    await page.goto(`${base}/cases`);
    await page.locator('tr.ant-table-row').first().waitFor();
    await page.getByTestId('tab-count-all').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}wl-03-hub-worklist-tabs.png` });

    const header = page.getByTestId('header-search').locator('input');
    await header.fill(fresh.number.toLowerCase());
    await header.press('Enter');
    await page.waitForURL(`${base}/cases/${fresh.id}`);
    await page.getByText(fresh.number).first().waitFor();
    // Anything else searches the worklist.
    await header.fill('技改补贴');
    await header.press('Enter');
    await page.waitForURL(/\/cases\?q=/);
    await page.locator('tr.ant-table-row').filter({ hasText: fresh.number }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('lets the hub log a phone call for an enterprise found by name', async () => {
    const { page, errors } = await page1366();
    await login(page, 'kh.hub');
    await page.locator('.ant-layout-header').getByRole('link', { name: '提交诉求' }).click();
    await page.getByText('登记诉求').waitFor();
    // The hub logs calls: the channel starts at 电话.
    const channel = page.getByLabel('受理渠道');
    const select = channel.locator(
      'xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]',
    );
    expect(await select.innerText()).toContain('电话');
    // Part of the name, as a caller says it.
    const part = enterprise.name.slice(3, 8);
    await choose(page, page.getByLabel('企业', { exact: true }), part);
    await page.locator('#contactName').fill('王经理');
    await page.getByLabel('联系电话').fill('13905701234');
    await page.getByLabel('标题').fill('厂区门前道路破损影响货车通行（电话登记）');
    await page.getByLabel('诉求内容').fill('企业来电反映厂区门前道路多处破损，雨天积水，货车进出困难，希望尽快修复。');
    await page.getByLabel('地点').fill('开化县华埠镇工业园区');
    await page.screenshot({ path: `${ARTIFACTS}wl-04-hub-new-case.png`, fullPage: true });
    await page.getByRole('button', { name: /提\s*交/ }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').at(-1)!;
    const hub = await apiAs('kh.hub');
    const view = await hub.call<{
      enterprise: { name: string };
      channel: string;
      contactName: string;
      location: string;
    }>('GET', `/api/v1/cases/${id}`);
    expect(view).toMatchObject({ channel: 'phone', contactName: '王经理', location: '开化县华埠镇工业园区' });
    expect(view.enterprise.name).toContain(part);
    await page.getByText(`${view.enterprise.name}（`).waitFor();

    // The list names its channel and enterprise.
    await page.goto(`${base}/cases?q=${encodeURIComponent('厂区门前道路破损')}`);
    const row = page.locator('tr.ant-table-row').first();
    await row.waitFor();
    expect(await row.innerText()).toContain('电话');
    expect(await row.innerText()).toContain(view.enterprise.name);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('lets the hub register the caller’s enterprise from the form, its USCC checked as typed', async () => {
    const { page, errors } = await page1366();
    await login(page, 'kh.hub');
    await page.goto(`${base}/cases/new`);
    await page.getByTestId('new-enterprise').click();
    const drawer = page.locator('.ant-drawer');
    const uscc = drawer.getByLabel('统一社会信用代码');
    await uscc.fill('91330824MA2ABCDE1X');
    await drawer
      .getByTestId('uscc-feedback')
      .getByText(/代码无效/)
      .waitFor();
    await uscc.fill('91330824MA2ABCDE1N');
    await drawer.getByTestId('uscc-feedback').getByText('代码有效').waitFor();
    await drawer.getByLabel('企业名称').fill('开化县来电登记测试有限公司');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await drawer.waitFor({ state: 'hidden' });
    const picked = page
      .locator('#new-case-enterprise')
      .locator('xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
    await expect.poll(() => picked.innerText()).toContain('开化县来电登记测试有限公司');
    await page.getByLabel('标题').fill('新注册企业咨询开办补贴');
    await page.getByLabel('诉求内容').fill('企业刚完成注册，来电咨询新开办企业有哪些补贴政策。');
    await page.getByRole('button', { name: /提\s*交/ }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await page.getByText('开化县来电登记测试有限公司（91330824MA2ABCDE1N）').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('shows the leader and the discipline commission each case’s time limit in their lists', async () => {
    const { page, errors } = await page1366();
    await login(page, 'kh.leader');
    await page.goto(`${base}/leader`);
    const overdue = page.locator('.ant-card').filter({ hasText: '超时诉求' }).last();
    await overdue.getByTestId('due-cell').first().waitFor();
    expect(await overdue.getByTestId('due-cell').first().innerText()).toMatch(/^已超期/);
    await overdue.getByTestId('export-xlsx').waitFor();
    await overdue.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}wl-06-leader-overdue.png` });
    await page.getByRole('button', { name: /退出登录/ }).click();

    await login(page, 'kh.discipline');
    await page.goto(`${base}/discipline`);
    await page.locator('tr.ant-table-row').first().waitFor();
    await page.screenshot({ path: `${ARTIFACTS}wl-07-discipline.png` });
    // The unsatisfied list exports its own cases: as many rows as the list counts.
    const discipline = await apiAs('kh.discipline');
    const listed = await discipline.call<{ total: number }>('GET', '/api/v1/oversight/unsatisfied?pageSize=1');
    expect(listed.total).toBeGreaterThan(0);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('tabpanel').getByTestId('export-xlsx').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    expect(book.worksheets[0]!.rowCount - 2).toBe(listed.total);

    // The same inbox in English.
    await page.getByRole('button', { name: /退出登录/ }).click();
    await login(page, 'kh.unit1');
    await page.getByTestId('language-switch').click();
    await page.goto(`${base}/cases`);
    await page
      .getByTestId('due-cell')
      .first()
      .getByText(/^Overdue \d+d/)
      .waitFor();
    await page.screenshot({ path: `${ARTIFACTS}wl-08-unit-inbox-en.png` });
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});
