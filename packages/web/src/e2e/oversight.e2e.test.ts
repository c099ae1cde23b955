import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Console } from './harness';
import { ARTIFACTS, errorsOf, login as loginAt, startConsole } from './harness';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

interface ManifestEntry {
  file: string;
  imports?: string[];
}

/** The files a manifest entry loads before it runs: itself and its static imports, transitively. */
function staticClosure(manifest: Record<string, ManifestEntry>, key: string, seen = new Set<string>()): Set<string> {
  const entry = manifest[key];
  if (!entry || seen.has(entry.file)) return seen;
  seen.add(entry.file);
  for (const next of entry.imports ?? []) staticClosure(manifest, next, seen);
  return seen;
}

/**
 * The leader's dashboard and the discipline commission's screen on the demo data: the charts
 * draw on a canvas, a supervision goes through and shows in the records, and ECharts stays out
 * of what the first screen loads.
 */
describe('the oversight screens in a real browser', () => {
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

  it('keeps ECharts out of the first screen and in the dashboard’s chunk', () => {
    const manifest = JSON.parse(readFileSync(`${DIST}.vite/manifest.json`, 'utf8')) as Record<string, ManifestEntry>;
    const hasECharts = (files: Set<string>) =>
      [...files].some((f) => readFileSync(`${DIST}${f}`, 'utf8').includes('_echarts_instance_'));
    const first = staticClosure(manifest, 'index.html');
    for (const page of ['src/routes/HomePage.tsx', 'src/routes/LoginPage.tsx', 'src/routes/CasesPage.tsx']) {
      staticClosure(manifest, page, first);
    }
    expect(first.size).toBeGreaterThan(1);
    expect(hasECharts(first)).toBe(false);
    expect(hasECharts(staticClosure(manifest, 'src/routes/oversight/LeaderPage.tsx'))).toBe(true);
    expect(hasECharts(staticClosure(manifest, 'src/routes/oversight/DisciplinePage.tsx'))).toBe(false);
  });

  it('shows a leader the period’s figures and charts, and records a supervision', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(60_000);
    const errors = errorsOf(page);
    await login(page, 'kh.leader');
    await page.getByRole('link', { name: '领导驾驶舱', exact: true }).click();
    await page.getByTestId('kpi-open').waitFor();
    await page.locator('.ant-segmented-item').filter({ hasText: '本季度' }).click();
    await page.waitForURL(/period=thisQuarter/);
    await page.waitForLoadState('networkidle');
    await expect.poll(() => page.locator('canvas').count()).toBeGreaterThanOrEqual(3);
    await expect.poll(() => page.locator('.ant-alert-error').count()).toBe(0);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `${ARTIFACTS}ovs-leader-dashboard.png`, fullPage: true });

    const overdue = page.locator('.ant-card').filter({ hasText: '超时诉求' }).last();
    const row = overdue.locator('tr.ant-table-row').first();
    await row.waitFor();
    const number = await row.locator('a').first().innerText();
    await row.getByRole('button', { name: /督\s*办/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await dialog.getByText('请填写要求').waitFor();
    await dialog.getByLabel('督办要求').fill('领导督办：三个工作日内向企业反馈办理进展。');
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await page.locator('.ant-message-success').waitFor();
    const records = page.locator('.ant-card').filter({ hasText: '督办记录' }).last();
    await records.getByText('领导督办：三个工作日内向企业反馈办理进展。').first().waitFor();
    await expect.poll(() => records.locator('tr.ant-table-row').first().innerText()).toContain(number);

    await page.getByTestId('language-switch').click();
    await page.getByText('Leader dashboard').waitFor();
    await expect.poll(() => page.locator('canvas').count()).toBeGreaterThanOrEqual(3);
    await page.waitForTimeout(1500); // the charts redraw their new texts with an animation
    await page.screenshot({ path: `${ARTIFACTS}ovs-leader-dashboard-en.png`, fullPage: true });
    await page.getByTestId('language-switch').click();
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('shows the discipline commission its cases and opens a supervision record (倒查)', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(60_000);
    const errors = errorsOf(page);
    await login(page, 'kh.discipline');
    await page.getByRole('link', { name: '纪检监督', exact: true }).click();
    await page.waitForURL(/\/discipline$/);
    const row = page.getByRole('tabpanel').locator('tr.ant-table-row').first();
    await row.waitFor();
    await page.screenshot({ path: `${ARTIFACTS}ovs-discipline-unsatisfied.png`, fullPage: true });
    await row.getByRole('button', { name: /倒\s*查/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('倒查要求').fill('倒查不满意原因，请承办单位说明办理过程。');
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await page.locator('.ant-message-success').waitFor();
    await row.getByText('已倒查').waitFor();

    await page.getByRole('tab', { name: '红牌诉求' }).click();
    await page.waitForLoadState('networkidle');
    await page.getByRole('tab', { name: '督办记录' }).click();
    await page.getByRole('tabpanel').getByText('倒查不满意原因，请承办单位说明办理过程。').first().waitFor();
    await expect.poll(() => page.locator('.ant-alert-error').count()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}ovs-discipline-records.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});
