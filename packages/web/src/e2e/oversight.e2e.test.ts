import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Console } from './harness';
import { ARTIFACTS, errorsOf, login as loginAt, startConsole } from './harness';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
/** The margins Chromium's print dialog gives an A4 page by default, about a centimetre. */
const MARGINS = { top: '10mm', right: '10mm', bottom: '10mm', left: '10mm' };

/** The right edge of a box on the page. */
const edgeOf = (box: { x: number; width: number } | null) => (box ? box.x + box.width : Infinity);

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

/** Something drawn on a chart's canvas, in CSS pixels from the chart's top left corner. */
interface Mark {
  x: number;
  y: number;
  width: number;
  height: number;
}

type Rgb = readonly [number, number, number];
/** The colours of oversight-charts.ts' CHART_COLOURS, as the canvas draws them. */
const FILED: Rgb = [0x16, 0x77, 0xff];
const OVERDUE: Rgb = [0xfa, 0x54, 0x1c];

/**
 * What a person sees of one colour on a chart: its (mostly) opaque pixels of that colour, in runs of
 * adjacent columns (`'x'`: standing bars, left to right) or rows (`'y'`: lying bars, top to
 * bottom), each with its extent. The legend's swatch is a run too.
 */
async function marksOf(chart: Locator, rgb: Rgb, runs: 'x' | 'y'): Promise<Mark[]> {
  return chart.evaluate(
    (element, { rgb, runs }) => {
      const canvas = element.querySelector('canvas')!;
      const { width, height } = canvas;
      const scale = width / canvas.getBoundingClientRect().width;
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
      // Mostly opaque: an antialiased edge counts, a translucent area under a line does not.
      const isColour = (x: number, y: number) => {
        const i = (y * width + x) * 4;
        return (
          (pixels[i + 3] ?? 0) >= 128 && [0, 1, 2].every((c) => Math.abs((pixels[i + c] ?? -9) - (rgb[c] ?? 0)) <= 2)
        );
      };
      const [lines, span] = runs === 'x' ? [width, height] : [height, width];
      const found: { start: number; end: number; low: number; high: number }[] = [];
      let open: (typeof found)[number] | null = null;
      for (let a = 0; a < lines; a++) {
        let low = Infinity;
        let high = -1;
        for (let b = 0; b < span; b++) {
          if (runs === 'x' ? isColour(a, b) : isColour(b, a)) {
            low = Math.min(low, b);
            high = b;
          }
        }
        if (high < 0) {
          if (open) found.push(open);
          open = null;
        } else if (open) {
          open = { start: open.start, end: a, low: Math.min(open.low, low), high: Math.max(open.high, high) };
        } else open = { start: a, end: a, low, high };
      }
      if (open) found.push(open);
      return found.map(({ start, end, low, high }) => {
        const [x0, x1, y0, y1] = runs === 'x' ? [start, end, low, high] : [low, high, start, end];
        return { x: x0 / scale, y: y0 / scale, width: (x1 - x0 + 1) / scale, height: (y1 - y0 + 1) / scale };
      });
    },
    { rgb, runs },
  );
}

/** The highest point drawn in a colour on a chart (a line's peak): the middle of its topmost row. */
async function peakOf(chart: Locator, rgb: Rgb): Promise<Mark> {
  return chart.evaluate((element, rgb) => {
    const canvas = element.querySelector('canvas')!;
    const { width, height } = canvas;
    const scale = width / canvas.getBoundingClientRect().width;
    const pixels = canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
    for (let y = 0; y < height; y++) {
      const xs: number[] = [];
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        const same = [0, 1, 2].every((c) => Math.abs((pixels[i + c] ?? -9) - (rgb[c] ?? 0)) <= 2);
        if (same && (pixels[i + 3] ?? 0) >= 128) xs.push(x);
      }
      if (xs.length === 0) continue;
      // The first run of the row: of two days as high, the earlier.
      let end = 0;
      while (end + 1 < xs.length && xs[end + 1]! - xs[end]! <= 1) end++;
      return { x: xs[0]! / scale, y: y / scale, width: (end + 1) / scale, height: 0 };
    }
    throw new Error('nothing of that colour on the chart');
  }, rgb);
}

/** The marks once the chart's opening animation is over: the same twice in a row. */
async function settledMarks(page: Page, chart: Locator, rgb: Rgb, runs: 'x' | 'y'): Promise<Mark[]> {
  let last = '';
  for (let i = 0; i < 30; i++) {
    const marks = await marksOf(chart, rgb, runs);
    const now = JSON.stringify(marks);
    if (marks.length > 0 && now === last) return marks;
    last = now;
    await page.waitForTimeout(300);
  }
  throw new Error(`nothing of rgb(${rgb.join(',')}) settles on the chart`);
}

/** A point of a mark on the page: its middle, or `dy` pixels below its top. */
async function pointOf(chart: Locator, mark: Mark, dy?: number): Promise<{ x: number; y: number }> {
  const box = (await chart.boundingBox())!;
  return { x: box.x + mark.x + mark.width / 2, y: box.y + mark.y + (dy ?? mark.height / 2) };
}

/** Rests the mouse on a point of a chart and reads the tooltip ECharts shows there. */
async function tooltipAt(page: Page, chart: Locator, point: { x: number; y: number }): Promise<string[]> {
  await page.mouse.move(point.x - 20, point.y);
  await page.mouse.move(point.x, point.y, { steps: 4 });
  // ECharts puts its tooltip beside the canvas, inside the chart's element.
  const tooltip = chart.locator(':scope > div').last();
  await tooltip.waitFor({ state: 'visible' });
  await expect.poll(() => tooltip.innerText()).not.toBe('');
  await page.waitForTimeout(300); // the tooltip glides to the new place and text
  return (await tooltip.innerText())
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** The number a tooltip gives a series: after its name, on the same line or (floated right) the next. */
function valueOf(lines: string[], series: string): number {
  const at = lines.findIndex((l) => l.startsWith(series));
  const rest = lines[at]?.slice(series.length).trim() || lines[at + 1];
  if (at < 0 || !rest || !/^\d+$/.test(rest)) throw new Error(`no ${series} in the tooltip: ${lines.join(' | ')}`);
  return Number(rest);
}

/** The number of the worklist's "共 N 条" (null while it shows none), to poll until it has loaded. */
async function listTotal(page: Page): Promise<number | null> {
  const texts = await page.locator('.ant-pagination-total-text').allInnerTexts();
  const n = /^共 (\d+) 条$/.exec(texts[0] ?? '');
  return n ? Number(n[1]) : null;
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

  /** Logs in, opens the dashboard from the menu and returns the period it shows (its first and last day). */
  const openDashboard = async (page: Page, username: string) => {
    await login(page, username);
    await page.getByRole('link', { name: '领导驾驶舱', exact: true }).click();
    await page.getByTestId('kpi-open').waitFor();
    const period = await page.getByText(/^\d{4}-\d{2}-\d{2} — \d{4}-\d{2}-\d{2} · /).innerText();
    const [from, to] = period.match(/\d{4}-\d{2}-\d{2}/g) ?? [];
    if (!from || !to) throw new Error(`no period on the dashboard: ${period}`);
    return { from, to };
  };

  it('opens from a category’s bar and from a day’s point the worklist of the cases each counts', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.setDefaultTimeout(30_000);
    const errors = errorsOf(page);
    const period = await openDashboard(page, 'kh.hub');

    // 诉求分类: the first bar a list stands behind (the uncategorised bar has none).
    let chart = page.getByRole('img', { name: '诉求分类', exact: true });
    await chart.scrollIntoViewIfNeeded();
    let picked: { point: { x: number; y: number }; name: string; count: number } | null = null;
    for (const bar of await settledMarks(page, chart, FILED, 'x')) {
      const point = await pointOf(chart, bar);
      const tip = await tooltipAt(page, chart, point);
      if (tip[0] !== '未分类') {
        picked = { point, name: tip[0]!, count: valueOf(tip, '期间受理') };
        break;
      }
    }
    if (!picked) throw new Error('the category chart has no bar but the uncategorised');
    expect(picked.count).toBeGreaterThan(0);
    await page.screenshot({ path: `${ARTIFACTS}ovs-chart-category.png` });
    await page.mouse.click(picked.point.x, picked.point.y);
    await page.waitForURL(/\/cases\?/);
    let query = new URL(page.url()).searchParams;
    expect(query.get('categoryId')).toMatch(/\S/);
    expect([query.get('from'), query.get('to')]).toEqual([period.from, period.to]);
    await expect.poll(() => listTotal(page), { timeout: 15_000 }).toBe(picked.count);
    // The filter the list opened with names the same category.
    await page.locator('.ant-select').filter({ hasText: picked.name }).first().waitFor();
    await page.screenshot({ path: `${ARTIFACTS}ovs-chart-category-cases.png`, fullPage: true });

    // 每日受理量: the day with most cases, the highest point of the line (the top of its symbol's ring).
    await page.goBack();
    chart = page.getByRole('img', { name: '每日受理量', exact: true });
    await chart.scrollIntoViewIfNeeded();
    await settledMarks(page, chart, FILED, 'y');
    const peak = await pointOf(chart, await peakOf(chart, FILED), 3);
    // The highest point touches the top of the plot, past which the tooltip goes: read it lower down.
    const day = await tooltipAt(page, chart, { x: peak.x, y: peak.y + 20 });
    const date = `${period.from.slice(0, 4)}-${day[0]}`;
    const filed = valueOf(day, '期间受理');
    expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(filed).toBeGreaterThan(0);
    await page.screenshot({ path: `${ARTIFACTS}ovs-chart-day.png` });
    await page.mouse.click(peak.x, peak.y);
    await page.waitForURL(/\/cases\?/);
    query = new URL(page.url()).searchParams;
    expect([query.get('from'), query.get('to')]).toEqual([date, date]);
    await expect.poll(() => listTotal(page), { timeout: 15_000 }).toBe(filed);
    await page.screenshot({ path: `${ARTIFACTS}ovs-chart-day-cases.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  // A unit's bar counts its open cases whose time limit *of that unit* is breached; the list it
  // opens (unitId + clock=overdue) counts the same, not the hub's late revisits on those cases.
  it('opens from a unit’s overdue bar the worklist of as many overdue cases as the bar says', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.setDefaultTimeout(30_000);
    await openDashboard(page, 'kh.hub');
    // 单位超时与亮牌: the longest overdue bar (the legend's swatch does not start at the axis).
    const chart = page.getByRole('img', { name: '单位超时与亮牌', exact: true });
    await chart.scrollIntoViewIfNeeded();
    const marks = await settledMarks(page, chart, OVERDUE, 'y');
    const axis = Math.min(...marks.map((m) => m.x));
    const longest = marks.filter((m) => m.x - axis < 2).sort((a, b) => b.width - a.width)[0]!;
    const point = await pointOf(chart, longest);
    const tip = await tooltipAt(page, chart, point);
    const overdue = valueOf(tip, '超时未办');
    expect(overdue).toBeGreaterThan(0);
    await page.screenshot({ path: `${ARTIFACTS}ovs-chart-unit.png` });
    await page.mouse.click(point.x, point.y);
    await page.waitForURL(/\/cases\?/);
    const query = new URL(page.url()).searchParams;
    expect(query.get('unitId')).toMatch(/\S/);
    expect(query.get('clock')).toBe('overdue');
    await page.locator('.ant-select').filter({ hasText: tip[0]! }).first().waitFor();
    await page.locator('tr.ant-table-row').first().waitFor();
    await page.screenshot({ path: `${ARTIFACTS}ovs-chart-unit-cases.png`, fullPage: true });
    const total = await listTotal(page);
    await page.close();
    expect(total).toBe(overdue);
  }, 180_000);

  it('prints the whole KPI table and the kept notices’ file names', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.setDefaultTimeout(30_000);
    const errors = errorsOf(page);
    await openDashboard(page, 'kh.leader');
    // A quarter: every unit that handled a case has its row, and the table its total.
    await page.locator('.ant-segmented-item').filter({ hasText: '本季度' }).click();
    await page.waitForURL(/period=thisQuarter/);
    const notices = page.getByTestId('notice-documents');
    await notices.getByRole('button', { name: /生成并保存.*通报/ }).click();
    await page.locator('.ant-message-success').waitFor();
    const file = notices
      .locator('tr.ant-table-row')
      .first()
      .getByText(/\.docx$/);
    await file.waitFor();
    const kpi = page.getByTestId('kpi-table');
    await kpi.locator('tr.ant-table-row').first().waitFor();
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(1500); // the charts' opening animation
    // What the 打印 button gives on this screen: A4 with the print dialog's margins.
    for (const landscape of [false, true]) {
      const name = landscape ? 'landscape' : 'portrait';
      await page.pdf({ path: `${ARTIFACTS}ovs-leader-print-${name}.pdf`, format: 'A4', landscape, margin: MARGINS });
    }

    // The page laid out at the width of A4 less its margins, as the printer lays it out.
    await page.emulateMedia({ media: 'print' });
    for (const [name, width] of [
      ['portrait', 718],
      ['landscape', 1047],
    ] as const) {
      await page.setViewportSize({ width, height: 1000 });
      const headers = kpi.locator('thead th');
      await expect.poll(async () => (await headers.first().boundingBox())?.x).toBeGreaterThanOrEqual(0);
      await expect.poll(async () => edgeOf(await headers.last().boundingBox())).toBeLessThanOrEqual(width);
      await expect
        .poll(async () => edgeOf(await kpi.locator('tfoot td').last().boundingBox()))
        .toBeLessThanOrEqual(width);
      expect(await file.isVisible()).toBe(true);
      expect((await file.boundingBox())!.width).toBeGreaterThan(0);
      expect(await page.getByRole('button', { name: /打\s*印/ }).isVisible()).toBe(false);
      await page.screenshot({ path: `${ARTIFACTS}ovs-leader-print-${name}.png`, fullPage: true });
    }
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
