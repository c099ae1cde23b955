import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Console } from './harness';
import { ARTIFACTS, errorsOf, login as loginAt, logout, openScreen, startConsole } from './harness';

/**
 * The configuration screens in Debian's Chromium: an admin reads the profile, saves an invalid
 * one and sees the problem on its line, saves a valid one as a new version; sets a local day
 * off and sees the due-date calculator use it; the hub reads both screens without editing.
 */
describe('the configuration screens in a real browser', () => {
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

  const pickDay = async (page: Page, date: string) => {
    const input = page.getByLabel(/^(日期|Date)$/);
    await input.click();
    await input.fill(date);
    await input.press('Enter');
    await page.locator('.ant-descriptions-item-content').getByText(date).first().waitFor();
  };

  it('lets the admin read the profile, see a server error on its line, and store a new version', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.setDefaultTimeout(60_000);
    const errors = errorsOf(page);

    await login(page, 'kh.admin');
    await openScreen(page, '规则配置');
    await page.getByText('辖区规则配置 · 开化县').waitFor();
    // Each rule shows its seed clause.
    await page.getByRole('cell', { name: /二（二）1（1）：对非营商环境问题/ }).waitFor();
    await page.getByText('3 分及以上计为满意').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}cfg-01-profile-rules.png`, fullPage: true });

    await page.getByRole('tab', { name: '编辑' }).click();
    const editor = page.getByLabel('规则配置（YAML）');
    const original = await editor.inputValue();
    const lines = original.split('\n');
    const target = lines.findIndex(
      (l, i) => /^\s+duration: 1wd$/.test(l) && /milestone: screening/.test(lines[i - 1] ?? ''),
    );
    expect(target).toBeGreaterThan(0);
    lines[target] = lines[target]!.replace('1wd', '1 day');
    await editor.fill(lines.join('\n'));
    await page.getByRole('button', { name: '保存为新版本' }).click();
    const problem = page.getByTestId('profile-problems').getByRole('button').first();
    await problem.waitFor();
    expect(await problem.innerText()).toContain(`第 ${target + 1} 行`);
    expect(await problem.innerText()).toContain('clocks.0.duration');
    await problem.click();
    const caretLine = await editor.evaluate(
      (el: HTMLTextAreaElement) => el.value.slice(0, el.selectionStart).split('\n').length,
    );
    expect(caretLine).toBe(target + 1);
    await page.screenshot({ path: `${ARTIFACTS}cfg-02-profile-error-in-place.png`, fullPage: true });

    lines[target] = lines[target].replace('1 day', '2wd');
    await editor.fill(lines.join('\n'));
    await page.getByLabel('修改说明').fill('研判时限改为 2 个工作日（浏览器测试）');
    await page.getByRole('button', { name: /^校\s*验$/ }).click();
    await page.getByText('校验通过，可以保存').waitFor();
    await page.getByRole('button', { name: '保存为新版本' }).click();
    await page.getByText('已保存为第 2 版').waitFor();
    await page.getByRole('tab', { name: '历史版本' }).click();
    await page.getByRole('cell', { name: '研判时限改为 2 个工作日（浏览器测试）' }).waitFor();
    await page.getByRole('cell', { name: '系统（预置）' }).waitFor();
    await page.getByRole('button', { name: '查看 1' }).click();
    await page.getByText('第 1 版规则').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}cfg-03-profile-version-1.png` });
    await page.keyboard.press('Escape');
    await page.getByRole('tab', { name: '当前规则' }).click();
    await page.getByRole('row').filter({ hasText: '研判交办' }).getByText('2 个工作日').waitFor();
    // The browser logs the deliberate 400 of the invalid save; nothing else may appear.
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
    expect(errors.length).toBe(1);
    await page.close();
  }, 240_000);

  it('lets the admin set and remove a local day off that the due-date calculator follows', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 1000 } });
    page.setDefaultTimeout(60_000);
    const errors = errorsOf(page);

    await login(page, 'kh.admin');
    await openScreen(page, '工作日历');
    await page.getByText('图例').waitFor();

    await pickDay(page, '2026-10-01');
    await page.locator('.ant-descriptions').getByText('国庆节').waitFor();
    await page.locator('.ant-descriptions').getByText('法定节假日').waitFor();

    // Wed 18 Nov 2026 becomes a local day off.
    await pickDay(page, '2026-11-18');
    await page.getByRole('radio', { name: '休息' }).check();
    await page.getByLabel('原因').fill('本地活动（浏览器测试）');
    await page.getByRole('button', { name: '保存调整' }).click();
    await page.getByText('已保存本地调整').waitFor();
    await page.locator('.ant-descriptions').getByText('本地调整·休息').waitFor();
    await page.locator('.ant-picker-calendar').getByText('本地活动（浏览器测试）').waitFor();

    const from = page.getByLabel('受理时间（北京时间）');
    await from.click();
    await from.fill('2026-11-17 10:00');
    await from.press('Enter');
    await page.getByRole('combobox', { name: '时限' }).fill('1wd');
    await page.getByTestId('due-compute').click();
    await expect.poll(() => page.getByTestId('due-at').innerText()).toContain('2026-11-19 17:30');
    await page.screenshot({ path: `${ARTIFACTS}cfg-04-calendar-override.png`, fullPage: true });

    await page.getByRole('button', { name: '删除调整' }).click();
    await page.getByRole('button', { name: /^(确\s*定|OK)$/ }).click();
    await page.getByText('已删除本地调整').waitFor();
    await page.locator('.ant-descriptions').getByText('工作日', { exact: true }).waitFor();
    await page.getByTestId('due-compute').click();
    await expect.poll(() => page.getByTestId('due-at').innerText()).toContain('2026-11-18 17:30');

    // A year without a published schedule is marked provisional.
    await pickDay(page, '2027-02-09');
    await page.getByText(/2027 年放假安排尚未导入/).waitFor();
    await page.locator('.ant-descriptions').getByText('暂定', { exact: true }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}cfg-05-calendar-provisional.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);

  it('shows the hub both screens read-only, in English too', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.setDefaultTimeout(60_000);
    const errors = errorsOf(page);

    await login(page, 'kh.hub');
    await page.getByTestId('language-switch').click();
    await openScreen(page, 'Profile');
    await page.getByText('Scores of 3 and above count as satisfied').waitFor();
    await page.getByRole('tab', { name: 'Versions' }).waitFor();
    expect(await page.getByRole('tab', { name: 'Edit' }).count()).toBe(0);

    await openScreen(page, 'Calendar');
    await page.getByText('Legend').waitFor();
    await page.getByText('Only administrators can change the calendar.').waitFor();
    expect(await page.getByRole('button', { name: 'Import holiday notice' }).count()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}cfg-06-calendar-hub-en.png`, fullPage: true });
    await logout(page);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
