import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Console } from './harness';
import { ARTIFACTS, errorsOf, login as loginAt, startConsole } from './harness';

/**
 * The policy library in Debian's Chromium on the demo data of 开化县: the hub imports a .txt and
 * finds its passage by a question, with the question's words marked; the leader reads the
 * library without the means to change it.
 */
describe('the policy library in a real browser', { timeout: 180_000 }, () => {
  let konsole: Console;
  let browser: Browser;
  let base: string;
  const open = async (username: string) => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(60_000);
    const errors = errorsOf(page);
    await loginAt(page, base, username);
    return { page, errors };
  };

  beforeAll(async () => {
    konsole = await startConsole();
    ({ browser, base } = konsole);
  }, 240_000);
  afterAll(async () => {
    await konsole?.close();
  });

  it('lets the hub import a .txt and answer a question from it', async () => {
    const { page, errors } = await open('kh.hub');
    await page.getByRole('link', { name: '政策库', exact: true }).click();
    await page.locator('tr.ant-table-row').filter({ hasText: '开化县支持中小微企业纾困发展若干措施' }).waitFor();

    await page.getByRole('button', { name: /新增政策文件/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[type="file"]').setInputFiles({
      name: '茶产业扶持办法.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(
        [
          '开化县茶产业高质量发展扶持办法',
          '第一条 茶园提升。新建或改造标准化生态茶园50亩以上的，每亩补助800元。',
          '第二条 龙顶品牌。使用开化龙顶地理标志专用标志的茶叶企业，按包装印制费用的30%给予补助，每家每年最高5万元。',
        ].join('\n'),
        'utf8',
      ),
    });
    await dialog.getByText('已选择：茶产业扶持办法.txt').waitFor();
    await dialog.getByLabel('文号').fill('开政办发〔2026〕21号');
    await dialog.getByRole('button', { name: /入\s*库/ }).click();
    await page
      .locator('.ant-message-success')
      .getByText(/开化县茶产业高质量发展扶持办法/)
      .waitFor();
    const row = page.locator('tr.ant-table-row').filter({ hasText: '开化县茶产业高质量发展扶持办法' });
    await row.getByText('开政办发〔2026〕21号').waitFor();
    // The dialog gives focus back to the button that opened it once it has closed; a key pressed
    // before then would land on that button and open the dialog again.
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForFunction(() => document.activeElement?.textContent?.includes('新增政策文件') === true);

    await page.getByLabel('政策问答').fill('龙顶地理标志专用标志包装补助');
    await page.getByLabel('政策问答').press('Enter');
    const first = page.locator('[data-testid^="policy-result-"]').first();
    await first.locator('.ant-tag').getByText('第二条', { exact: true }).waitFor();
    expect((await first.locator('mark').allInnerTexts()).join('')).toContain('标志');
    expect(await first.innerText()).toContain('开化县茶产业高质量发展扶持办法');
    await page.screenshot({ path: `${ARTIFACTS}pol-01-search.png`, fullPage: true });

    await row.getByRole('button', { name: /查\s*看/ }).click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByText('第一条 茶园提升。', { exact: false }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the leader the library read-only', async () => {
    const { page, errors } = await open('kh.leader');
    await page.goto(`${base}/policies`);
    await page.locator('tr.ant-table-row').first().waitFor();
    await page.getByText('只读').waitFor();
    expect(await page.getByRole('button', { name: /新增政策文件/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /删\s*除/ }).count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
