import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Console } from './harness';
import { ARTIFACTS, errorsOf, login as consoleLogin, openScreen, PASSWORD, startConsole } from './harness';

/** A 1×1 PNG, small enough for any limit; the server checks the bytes, so it must be a real one. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * The enterprise's phone pages in Debian's Chromium at 375 × 812: the QR entry page of 开化县,
 * the login, filing a demand with a photo, "my demands", the progress page; then rating a
 * replied case on 开化's five-level scale and appealing an answer. Every page must fit the
 * phone's width and log no error. Screenshots go to test-artifacts/e2e/m*.png.
 */
describe('the enterprise’s phone pages at 375 px', () => {
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

  const phone = async (): Promise<{ context: BrowserContext; page: Page; errors: string[] }> => {
    const context = await browser.newContext({
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    return { context, page, errors: errorsOf(page) };
  };

  /** The page is no wider than the phone: nothing to scroll sideways. */
  const fits = async (page: Page, name: string) => {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${name} overflows the 375 px screen by ${overflow} px`).toBeLessThanOrEqual(0);
  };

  const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });

  const mobileLogin = async (page: Page, username: string) => {
    await page.getByLabel(/用户名|Username/).fill(username);
    await page.getByLabel(/密码|Password/).fill(PASSWORD);
    await page.getByRole('button', { name: /登\s*录|Log in/ }).click();
  };

  /** The API as one demo user, straight over HTTP, to prepare cases in a given state. */
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

  /** A demand of kh.ent2's enterprise, filed through the API. */
  const fileAsEnterprise = async (title: string, content: string) => {
    const ent = await apiAs('kh.ent2');
    return ent.call<{ id: string; number: string }>('POST', '/api/v1/cases', { title, content, kind: 'help' });
  };

  it('opens the QR page, logs in, files a demand with a photo, lists it and shows its progress', async () => {
    const { context, page, errors } = await phone();

    await page.goto(`${base}/m/j/kh`);
    await page.getByTestId('entry-brand').getByText('企呼我应').waitFor();
    await page.getByText('浙江省衢州市开化县').first().waitFor();
    await page.getByTestId('qr-poster').locator('canvas').waitFor();
    expect(await page.getByTestId('qr-link').innerText()).toContain(`${base}/m/j/kh`);
    await page.getByRole('button', { name: /打印二维码/ }).waitFor();
    await fits(page, 'QR entry page');
    await shot(page, 'm01-qr-entry');

    await page.getByRole('button', { name: '我要提交诉求' }).click();
    await page.waitForURL(/\/m\/login\?next=%2Fm%2Fnew$/);
    await page.getByText('企业登录').waitFor();
    await fits(page, 'login');
    await shot(page, 'm02-login');
    await mobileLogin(page, 'kh.ent2');
    await page.waitForURL(/\/m\/new$/);

    const title = '园区道路夜间照明不足（手机端测试）';
    await page.getByLabel('诉求标题').fill(title);
    await page.getByLabel('具体情况').fill('园区东路一段路灯损坏已两周，夜间货车进出存在安全隐患，请协调维修。');
    await page.locator('.ant-radio-button-wrapper').filter({ hasText: '建议' }).tap();
    expect(await page.getByRole('radio', { name: '建议' }).isChecked()).toBe(true);
    await page.locator('input[type=file]').setInputFiles({ name: 'road.png', mimeType: 'image/png', buffer: PNG });
    await page.getByTestId('upload-row').getByText('road.png').waitFor();
    await fits(page, 'submit form');
    await shot(page, 'm03-submit');
    await page.getByRole('button', { name: /提交诉求/ }).click();

    const filed = page.getByTestId('filed-number');
    await filed.waitFor();
    const number = (await filed.innerText()).replace(/^诉求编号：/, '').trim();
    expect(number).toMatch(/^KH-\d{4}-\d{6}$/);
    await page.getByTestId('upload-row').getByLabel('已上传').waitFor();
    expect(await page.getByText('以下附件上传失败').count()).toBe(0);
    await fits(page, 'filed');
    await shot(page, 'm04-filed');

    await page.getByRole('button', { name: '返回我的诉求' }).click();
    await page.waitForURL(/\/m$/);
    const card = page.getByTestId('demand-card').filter({ hasText: number });
    await card.waitFor();
    expect(await card.innerText()).toContain(title);
    expect(await card.innerText()).toContain('待受理');
    await fits(page, 'my demands');
    await shot(page, 'm05-my-demands');

    await card.click();
    await page.getByTestId('case-number').getByText(number).waitFor();
    await page.getByText('您提交了诉求').waitFor();
    await page.getByTestId('attachment-row').getByText('road.png').waitFor();
    await fits(page, 'progress');
    await shot(page, 'm06-progress');

    // The same demand, with its photo, as the business office sees it.
    const hub = await apiAs('kh.hub');
    const list = await hub.call<{ items: { id: string; number: string }[] }>(
      'GET',
      `/api/v1/cases?q=${encodeURIComponent(number)}`,
    );
    const created = list.items.find((c) => c.number === number);
    expect(created).toBeDefined();
    const view = await hub.call<{ kind: string; channel: string }>('GET', `/api/v1/cases/${created!.id}`);
    expect(view.kind).toBe('suggestion');
    const files = await hub.call<{ name: string; mime: string }[]>('GET', `/api/v1/cases/${created!.id}/attachments`);
    expect(files).toMatchObject([{ name: 'road.png', mime: 'image/png' }]);

    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);

  it('rates a replied case on 开化’s five-level scale, warning first that a low score means redo', async () => {
    const demand = await fileAsEnterprise(
      '厂房屋面漏水维修协调（手机评价测试）',
      '新厂房屋面多处漏水，施工方推诿，请协调处理。',
    );
    const hub = await apiAs('kh.hub');
    const unit = await apiAs('kh.unit1');
    await hub.call('POST', `/api/v1/cases/${demand.id}/dispatch`, {
      leadUnitId: unit.user.unitId,
      complexity: 'simple',
    });
    await unit.call('POST', `/api/v1/cases/${demand.id}/sign`, {});
    await unit.call('POST', `/api/v1/cases/${demand.id}/reply`, {
      result: 'solved',
      text: '已约谈施工方，屋面防水已返工完毕并经企业现场确认。',
    });

    const { context, page, errors } = await phone();
    await page.goto(`${base}/m`);
    await page.waitForURL(/\/m\/login\?next=%2Fm$/);
    await mobileLogin(page, 'kh.ent2');
    const card = page.getByTestId('demand-card').filter({ hasText: demand.number });
    await card.waitFor();
    await page.locator('.ant-ribbon').filter({ hasText: '待评价' }).first().waitFor();
    await card.click();

    await page.getByTestId('rate-card').waitFor();
    await page.getByText('已约谈施工方，屋面防水已返工完毕并经企业现场确认。').first().waitFor();
    const options = await page.getByRole('radio').allInnerTexts();
    expect(options).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
    await page.getByRole('radio', { name: '不满意', exact: true }).click();
    await page.getByText('提交后将退回承办单位重新办理。').waitFor();
    await fits(page, 'rating');
    await shot(page, 'm07-rate-unsatisfied-warning');

    await page.getByRole('radio', { name: '满意', exact: true }).click();
    expect(await page.getByTestId('rate-consequence').count()).toBe(0);
    await page.getByLabel('评价意见（可选）').fill('处理及时，谢谢！');
    await page.getByRole('button', { name: '提交评价' }).click();
    await page.getByTestId('case-status').getByText('已评价').waitFor();
    await page.getByText('您已评价：满意').waitFor();
    await page.getByTestId('rated-next').getByText('营商办确认后将办结销号', { exact: false }).waitFor();
    expect(await page.getByTestId('rate-card').count()).toBe(0);
    await fits(page, 'rated');
    await shot(page, 'm08-rated');

    const after = await hub.call<{ status: string; lastScore: number }>('GET', `/api/v1/cases/${demand.id}`);
    expect(after).toMatchObject({ status: 'rated', lastScore: 4 });
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);

  it('appeals an answer: the case goes back to the hub’s screening', async () => {
    const demand = await fileAsEnterprise('高新技术企业认定咨询（手机申诉测试）', '想了解高新技术企业认定的条件。');
    const hub = await apiAs('kh.hub');
    await hub.call('POST', `/api/v1/cases/${demand.id}/answer`, { text: '请自行查阅省科技厅网站。' });

    const { context, page, errors } = await phone();
    await page.goto(`${base}/m/cases/${demand.id}`);
    await mobileLogin(page, 'kh.ent2');
    await page.getByTestId('appeal-card').waitFor();
    await page.getByTestId('answer-card').getByText('请自行查阅省科技厅网站。').waitFor();
    await page.getByRole('button', { name: '提交申诉' }).click();
    await page.getByText('请填写申诉理由').waitFor();
    await page.getByLabel('申诉理由').fill('答复未说明具体条件和申报时间，请给出明确答复。');
    await fits(page, 'appeal');
    await shot(page, 'm09-appeal');
    await page.getByRole('button', { name: '提交申诉' }).click();
    await page.getByTestId('case-status').getByText('研判中').waitFor();
    await page.getByText('您提出了申诉').waitFor();
    expect(await page.getByTestId('appeal-card').count()).toBe(0);
    await fits(page, 'appealed');
    await shot(page, 'm10-appealed');

    const events = await hub.call<{ type: string; payload: { reason?: string } }[]>(
      'GET',
      `/api/v1/cases/${demand.id}/events`,
    );
    expect(events.at(-1)).toMatchObject({
      type: 'appealed',
      payload: { reason: '答复未说明具体条件和申报时间，请给出明确答复。' },
    });
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);

  it('gives the business office its QR poster in the console, and says so for an unknown code', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(60_000);
    const errors = errorsOf(page);
    await consoleLogin(page, base, 'kh.hub');
    await openScreen(page, '企业扫码入口');
    await page.getByTestId('qr-poster').locator('canvas').waitFor();
    expect(await page.getByTestId('qr-link').innerText()).toBe(`${base}/m/j/kh`);
    await shot(page, 'm11-console-qr-poster');
    await page.close();
    expect(errors).toEqual([]);

    const { context, page: phonePage } = await phone();
    await phonePage.goto(`${base}/m/j/nowhere`);
    await phonePage.getByText('未找到该辖区，请确认二维码或链接是否正确').waitFor();
    await fits(phonePage, 'unknown jurisdiction');
    await context.close();
  }, 240_000);
});
