import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Console } from './harness';
import { ARTIFACTS, choose, errorsOf, login, openScreen, startConsole } from './harness';

/** Whether an element lies wholly inside the window, as the user sees it without scrolling. */
async function inView(page: Page, testId: string): Promise<boolean> {
  const box = await page.getByTestId(testId).boundingBox();
  const size = page.viewportSize();
  return Boolean(box && size && box.y >= 0 && box.y + box.height <= size.height && box.x + box.width <= size.width);
}

/**
 * The screening desk in Debian's Chromium on the demo data of 滕州市, at a laptop's 1366×768: the
 * hub sees the case and the decision side by side without scrolling, dispatches it, is told which
 * case went to which unit, and sees the next case from its top.
 */
describe('the screening desk in a real browser', { timeout: 240_000 }, () => {
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

  it('dispatches the case on screen and shows the next one from its top, naming the one dispatched', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.setDefaultTimeout(60_000);
    const errors = errorsOf(page);
    await login(page, base, 'tz.hub');
    await openScreen(page, '研判');

    const caseCard = page.getByTestId('screening-case');
    await caseCard.waitFor();
    await page.getByTestId('routing-suggestion').waitFor();
    // The queue, the case and the whole decision are on the first screen; the page itself does not scroll.
    expect(await inView(page, 'screening-queue')).toBe(true);
    expect(await inView(page, 'screening-decision')).toBe(true);
    expect(await inView(page, 'screen-dispatch')).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight + 1)).toBe(true);
    const first = (await caseCard.locator('.ant-card-head a').first().innerText()).trim();
    expect(first).toMatch(/^TZ-\d{4}-\d{6}$/);
    await page.screenshot({ path: `${ARTIFACTS}screening-desk-before.png` });

    // The hub read down the first case (its column scrolls on its own) before deciding.
    const column = page.getByTestId('screening-case-column');
    await column.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    expect(await column.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);

    const lead = page.getByLabel('牵头单位');
    const unitSelect = lead.locator(
      'xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]',
    );
    if ((await unitSelect.innerText()).trim() === '') await choose(page, lead);
    const unit = (await unitSelect.innerText()).trim();
    await page.getByTestId('screen-dispatch').click();

    const handled = page.getByTestId('screening-handled');
    await handled.getByText(`已交办 ${first} 至 ${unit}`).waitFor();
    const href = await handled.getByRole('link', { name: '查看该件' }).getAttribute('href');
    expect(href).toMatch(/^\/cases\/[0-9a-f-]{36}$/);

    // The next case, from its top, with its decision in view.
    await page.waitForFunction((number) => {
      const link = document.querySelector('[data-testid="screening-case"] .ant-card-head a');
      return link !== null && link.textContent?.trim() !== number;
    }, first);
    const next = (await caseCard.locator('.ant-card-head a').first().innerText()).trim();
    expect(next).not.toBe(first);
    await handled.getByText(`下一件：${next}`).waitFor();
    expect(await page.getByTestId('screening-case-column').evaluate((el) => el.scrollTop)).toBe(0);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect(await inView(page, 'screen-dispatch')).toBe(true);
    expect(await page.getByTestId(`queue-${first}`).count()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}screening-desk-after-dispatch.png` });

    // The dispatched case went where the desk said.
    await page.goto(`${base}${href}`);
    await page.getByText(unit).first().waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lets the hub of 涪城 choose the resolve limit within the seed’s 5–15 working days', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.setDefaultTimeout(60_000);
    const errors = errorsOf(page);
    await login(page, base, 'fc.hub');
    await openScreen(page, '研判');
    const caseCard = page.getByTestId('screening-case');
    await caseCard.waitFor();
    await page.getByTestId('routing-suggestion').waitFor();
    const number = (await caseCard.locator('.ant-card-head a').first().innerText()).trim();

    const decision = page.getByTestId('screening-decision');
    await decision.getByText('一般', { exact: true }).click();
    await decision.getByText('本辖区规定：5–15 个工作日（交办时选定，默认 15）').waitFor();
    const lead = page.getByLabel('牵头单位');
    const unitSelect = lead.locator(
      'xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]',
    );
    if ((await unitSelect.innerText()).trim() === '') await choose(page, lead);
    await choose(page, page.getByLabel('办结时限'), '10 个工作日');
    await page.screenshot({ path: `${ARTIFACTS}screening-desk-limit.png` });
    await page.getByTestId('screen-dispatch').click();

    const handled = page.getByTestId('screening-handled');
    await handled.getByText(new RegExp(`已交办 ${number} 至`)).waitFor();
    const href = await handled.getByRole('link', { name: '查看该件' }).getAttribute('href');
    await page.goto(`${base}${href}`);
    await page.getByTestId('clock-resolve').getByText('时限 10 个工作日').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });
});
