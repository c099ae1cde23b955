import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Console } from './harness';
import { ARTIFACTS, choose, dialogSettled, errorsOf, login as loginAt, openScreen, startConsole } from './harness';

/**
 * The administration screens in Debian's Chromium on the demo data of 开化县: the admin changes a
 * unit, disables a user, registers an enterprise while the USCC is checked as it is typed, and
 * keeps the routing catalogue; the hub reads the catalogue without editing it; the liaison keeps
 * the ledger of their own enterprises; the admin reads who was shown a whole contact mobile.
 */
describe('the administration screens in a real browser', { timeout: 180_000 }, () => {
  let konsole: Console;
  let browser: Browser;
  let base: string;
  const login = (page: Page, username: string) => loginAt(page, base, username);
  const open = async (username: string) => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(60_000);
    const errors = errorsOf(page);
    await login(page, username);
    return { page, errors };
  };
  beforeAll(async () => {
    konsole = await startConsole();
    ({ browser, base } = konsole);
  }, 240_000);
  afterAll(async () => {
    await konsole?.close();
  });

  it('lets the admin change a unit and disable a user', async () => {
    const { page, errors } = await open('kh.admin');
    await expect
      .poll(() => page.getByRole('link', { name: '单位管理', includeHidden: true }).count())
      .toBeGreaterThan(0);
    await page.goto(`${base}/admin/units`);
    const row = page.locator('tr.ant-table-row').filter({ hasText: '开化县市场监督管理局' });
    await row.getByRole('button', { name: /编辑/ }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByLabel('联系电话').fill('0570-1009999');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await page.locator('.ant-message-success').waitFor();
    await row.getByText('0570-1009999').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}adm-01-units.png`, fullPage: true });

    await page.goto(`${base}/admin/users`);
    // An enterprise contact is listed with the enterprise it speaks for.
    await page.getByLabel('搜索用户名或姓名').fill('kh.ent1');
    await page.getByLabel('搜索用户名或姓名').press('Enter');
    await page
      .locator('tr.ant-table-row')
      .filter({ hasText: 'kh.ent1' })
      .getByText('开化县硅源新材料有限公司')
      .waitFor();
    await page.getByLabel('搜索用户名或姓名').fill('kh.unit2');
    await page.getByLabel('搜索用户名或姓名').press('Enter');
    // The search has answered when the table holds kh.unit2 alone and no longer spins.
    const rows = page.locator('tr.ant-table-row');
    await expect
      .poll(async () => (await rows.allInnerTexts()).join('|'), { timeout: 60_000 })
      .toMatch(/^[^|]*kh\.unit2[^|]*$/);
    await page.locator('.ant-table .ant-spin-spinning').first().waitFor({ state: 'detached' });
    const user = rows.filter({ hasText: 'kh.unit2' });
    await user.getByText('170****1004').waitFor();
    await user.getByRole('button', { name: /停用 kh.unit2/ }).click();
    const confirm = page.locator('.ant-popover').getByRole('button', { name: /确\s*定/ });
    await confirm.waitFor();
    const answered = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes('/api/v1/users/'));
    await confirm.click();
    expect((await answered).status()).toBe(200);
    await user.getByText('已停用').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}adm-02-users.png`, fullPage: true });
    const refused = await page.request.post(`${base}/api/v1/auth/login`, {
      data: { username: 'kh.unit2', password: 'Qisu@2026' },
    });
    expect(refused.status()).toBe(401);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('checks the USCC as the admin types it and registers the enterprise', async () => {
    const existing = await konsole.handle.db
      .selectFrom('enterprises as e')
      .innerJoin('jurisdictions as j', 'j.id', 'e.jurisdiction_id')
      .select(['e.uscc', 'e.name'])
      .where('j.code', '=', 'kh')
      .orderBy('e.name')
      .executeTakeFirstOrThrow();
    const { page, errors } = await open('kh.admin');
    await page.goto(`${base}/admin/enterprises`);
    await page.locator('tr.ant-table-row').first().waitFor();
    await page.getByRole('button', { name: /登记企业/ }).click();
    const drawer = page.getByRole('dialog');
    const uscc = drawer.getByLabel('统一社会信用代码');
    const feedback = drawer.getByTestId('uscc-feedback');
    await uscc.fill('91330824MA2ABC');
    await feedback.getByText('应为 18 位（当前 14 位）', { exact: false }).waitFor();
    await uscc.fill('91330824MA2ABCDE1X');
    await feedback.getByText('校验位错误', { exact: false }).waitFor();
    await uscc.fill(existing.uscc);
    await feedback.getByText(`该企业已登记：${existing.name}`).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}adm-03-uscc-exists.png` });
    await uscc.fill('91330824MA2ABCDE1N');
    await feedback.getByText('代码有效').waitFor();
    await drawer.getByLabel('企业名称').fill('开化县浏览器测试新材料有限公司');
    await choose(page, drawer.getByLabel(/^助企联络员$/), '助企联络员');
    await drawer.getByRole('button', { name: /添加联系人/ }).click();
    await drawer.getByLabel('联系人姓名').fill('测试联系人');
    await drawer.getByLabel('联系人手机').fill('17100009999');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await page.locator('.ant-message-success').waitFor();
    // A key pressed while the drawer is still closing may land on the button that opened it.
    await drawer.waitFor({ state: 'hidden' });
    await page.getByLabel('搜索企业名称或统一社会信用代码').fill('浏览器测试');
    await page.getByLabel('搜索企业名称或统一社会信用代码').press('Enter');
    const row = page.locator('tr.ant-table-row').filter({ hasText: '开化县浏览器测试新材料有限公司' });
    await row.getByText('91330824MA2ABCDE1N').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}adm-04-enterprises.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lets the admin keep the routing catalogue and the hub only read it', async () => {
    const { page, errors } = await open('kh.admin');
    await page.goto(`${base}/admin/routing`);
    await page.locator('tr.ant-table-row').first().waitFor();
    await expect.poll(() => page.locator('tr.ant-table-row').count()).toBeGreaterThanOrEqual(5);

    const tester = page.locator('.ant-card').filter({ hasText: '试算交办建议' }).last();
    await tester.getByLabel('行政区划').click();
    await page.locator('.ant-select-dropdown:visible').getByTitle('马金镇（330824116）').click();
    await tester.getByRole('button', { name: /查看建议/ }).click();
    await tester.getByText('马金镇人民政府', { exact: true }).waitFor();

    await page.getByRole('button', { name: /新增规则/ }).click();
    const dialog = page.getByRole('dialog');
    const save = dialog.getByRole('button', { name: /保\s*存/ });
    await save.waitFor();
    await dialogSettled(page);
    await save.click();
    await dialog.getByText('诉求分类和行政区划至少选择一项').waitFor();
    // As a person does: narrow each list, click the option, and see it in the field before saving.
    await choose(page, dialog.getByLabel(/^诉求分类$/), '其他 / 科技创新与成果转化');
    await choose(page, dialog.getByLabel(/^牵头单位$/), '开化县经济和信息化局');
    await expect.poll(() => dialog.locator('.ant-form-item-explain-error').count()).toBe(0);
    await save.click();
    await page.locator('.ant-message-success').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    const added = page.locator('tr.ant-table-row').filter({ hasText: '科技创新与成果转化' });
    await added.getByText('开化县经济和信息化局', { exact: true }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}adm-05-routing.png`, fullPage: true });
    await added.getByRole('button', { name: /删\s*除/ }).click();
    await page
      .locator('.ant-popover')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    await page.locator('.ant-message-success').last().waitFor();
    await expect.poll(() => added.count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();

    const hub = await open('kh.hub');
    await hub.page.goto(`${base}/admin/routing`);
    await hub.page.getByText('只读：派单目录由管理员维护').waitFor();
    await hub.page.locator('tr.ant-table-row').first().waitFor();
    expect(await hub.page.getByRole('button', { name: /新增规则/ }).count()).toBe(0);
    expect(await hub.page.getByRole('button', { name: /删\s*除/ }).count()).toBe(0);
    expect(hub.errors).toEqual([]);
    await hub.page.close();
  });

  it('shows the liaison the ledger of their own enterprises and lets them update it', async () => {
    const assigned = await konsole.handle.db
      .selectFrom('enterprises as e')
      .innerJoin('users as u', 'u.id', 'e.liaison_user_id')
      .select('e.name')
      .where('u.username', '=', 'kh.liaison')
      .execute();
    const { page, errors } = await open('kh.liaison');
    await page.getByRole('link', { name: '企业台账' }).first().click();
    await page.getByText('由我联系服务的企业').waitFor();
    await page.locator('tr.ant-table-row').first().waitFor();
    await expect.poll(() => page.locator('tr.ant-table-row').count()).toBe(Math.min(assigned.length, 20));
    const first = assigned.map((a) => a.name).sort()[0]!;
    const row = page.locator('tr.ant-table-row').filter({ hasText: first });
    await row.getByRole('button', { name: new RegExp(`更新台账 ${first}`) }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByLabel('经营情况、困难与计划').fill('走访记录：企业计划扩产，需协调用电增容。');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await page.locator('.ant-message-success').waitFor();
    await row.locator('.ant-table-row-expand-icon').click();
    await page.getByText('走访记录：企业计划扩产，需协调用电增容。').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}adm-06-ledger.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('tells the liaison a code is taken outside their ledger without naming the enterprise', async () => {
    const outside = await konsole.handle.db
      .selectFrom('enterprises as e')
      .innerJoin('jurisdictions as j', 'j.id', 'e.jurisdiction_id')
      .select(['e.uscc', 'e.name'])
      .where('j.code', '=', 'kh')
      .where('e.liaison_user_id', 'is', null)
      .orderBy('e.name')
      .executeTakeFirstOrThrow();
    const { page, errors } = await open('kh.liaison');
    await page.getByRole('link', { name: '企业台账' }).first().click();
    await page.locator('tr.ant-table-row').first().waitFor();
    await page.getByRole('button', { name: /登记企业/ }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByLabel('统一社会信用代码').fill(outside.uscc);
    const feedback = drawer.getByTestId('uscc-feedback');
    await feedback.getByText('该代码已由不在您台账上的企业登记').waitFor();
    await expect.poll(() => feedback.textContent()).not.toContain(outside.name);
    await page.screenshot({ path: `${ARTIFACTS}adm-07-uscc-taken.png` });
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await drawer.locator('.ant-form-item-explain-error', { hasText: '该代码已由不在您台账上的企业登记' }).waitFor();
    await expect.poll(() => drawer.isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the admin who was shown a whole contact mobile, narrowed to one case', async () => {
    const target = await konsole.handle.db
      .selectFrom('cases as c')
      .innerJoin('jurisdictions as j', 'j.id', 'c.jurisdiction_id')
      .select(['c.id', 'c.number'])
      .where('j.code', '=', 'kh')
      .where('c.contact_mobile', 'is not', null)
      .orderBy('c.number')
      .executeTakeFirstOrThrow();
    const hub = await open('kh.hub');
    await hub.page.goto(`${base}/cases/${target.id}`);
    await hub.page
      .getByText(/17[01]0000\d{4}/)
      .first()
      .waitFor();
    expect(await hub.page.getByRole('link', { name: '个人信息查看记录', includeHidden: true }).count()).toBe(0);
    expect(hub.errors).toEqual([]);
    await hub.page.close();

    const { page, errors } = await open('kh.admin');
    await openScreen(page, '个人信息查看记录');
    const row = page.locator('tr.ant-table-row').filter({ hasText: target.number }).filter({ hasText: 'kh.hub' });
    await row.getByText('打开诉求详情').first().waitFor();
    await row.first().getByRole('button', { name: '只看此诉求' }).click();
    await page.getByText(`只看诉求 ${target.number}`).waitFor();
    await expect.poll(() => page.locator('tr.ant-table-row').count()).toBeGreaterThan(0);
    const numbers = await page.locator('tr.ant-table-row').allTextContents();
    expect(numbers.every((text) => text.includes(target.number) && !/1[3-9]\d{9}/.test(text))).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}adm-07-pii-views.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
