import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Console } from './harness';
import { ARTIFACTS, choose, command, errorsOf, login as loginAt, PASSWORD, startConsole, statusIs } from './harness';

/**
 * The case page as people read it, in Debian's Chromium on 滕州's demo data (4-level scale,
 * 不满意 = 1): the written record shows what the hub, the unit and the enterprise wrote; a case
 * link opened in another tab of the same browser is signed in already (and a logout in one tab
 * ends the other's session); the case prints as a work order on one A4 sheet; and on the phone
 * an unsatisfied rating needs a reason and says that a redo starts. Screenshots go to
 * test-artifacts/e2e/case-*.png.
 */
describe('the case page, its work order, the session across tabs and the phone rating', () => {
  let konsole: Console;
  let browser: Browser;
  let base: string;
  let unit1Name: string;

  beforeAll(async () => {
    konsole = await startConsole();
    ({ browser, base } = konsole);
    const unit = await konsole.handle.db
      .selectFrom('users as u')
      .innerJoin('units as n', 'n.id', 'u.unit_id')
      .select('n.name')
      .where('u.username', '=', 'tz.unit1')
      .executeTakeFirstOrThrow();
    unit1Name = unit.name;
  }, 240_000);

  afterAll(async () => {
    await konsole?.close();
  });

  /** The API as one demo user, straight over HTTP, to bring a case to a given state. */
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

  const file = async (title: string, content: string) =>
    (await apiAs('tz.ent1')).call<{ id: string; number: string }>('POST', '/api/v1/cases', { title, content });

  /** The text of the record's entry of one event type (the last one), each label joined to its value. */
  const entry = async (page: Page, type: string) =>
    (await page.getByTestId('case-timeline').getByTestId(`event-${type}`).last().innerText()).replace(/：\n/g, '：');

  it('shows the dispatch note, the reply text, and the rating’s label with its comment; prints a work order', async () => {
    const demand = await file(
      '厂区门前道路破损影响货车通行（浏览器测试）',
      '厂区门口约 200 米道路严重破损，雨天积水，\n重载货车多次陷车。',
    );
    const dispatchNote = '请牵头单位于 2 个工作日内联系企业并现场查看，\n协办单位配合做好交通疏导。';
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    const errors = errorsOf(page);

    await loginAt(page, base, 'tz.hub');
    await page.goto(`${base}/cases/${demand.id}`);
    await command(page, 'dispatch', async () => {
      const dialog = page.getByRole('dialog');
      await choose(page, dialog.getByLabel('牵头单位'), unit1Name);
      await dialog.getByLabel('交办意见').fill(dispatchNote);
    });
    await statusIs(page, '已交办');

    const unit = await apiAs('tz.unit1');
    await unit.call('POST', `/api/v1/cases/${demand.id}/sign`, {});
    await unit.call('POST', `/api/v1/cases/${demand.id}/reply`, {
      result: 'partly',
      text: '已对破损路面临时修补，积水需待下月雨污管网改造一并解决。',
    });
    const ent = await apiAs('tz.ent1');
    await ent.call('POST', `/api/v1/cases/${demand.id}/rate`, {
      score: 1,
      comment: '只做了临时修补，下雨仍然积水。',
    });

    await page.reload();
    await statusIs(page, '重办中');
    const dispatched = await entry(page, 'dispatched');
    // The note as written, its line break kept, with who dispatched and to whom.
    expect(dispatched).toContain('交办意见：请牵头单位于 2 个工作日内联系企业并现场查看，\n协办单位配合做好交通疏导。');
    expect(dispatched).toContain(`牵头单位：${unit1Name}`);
    expect(dispatched).toMatch(/营商办专员（.+）/);
    const replied = await entry(page, 'replied');
    expect(replied).toContain('办理结果：部分解决');
    expect(replied).toContain('答复内容：已对破损路面临时修补，积水需待下月雨污管网改造一并解决。');
    const rated = await entry(page, 'rated');
    expect(rated).toContain('评价结果：不满意');
    expect(rated).toContain('评价意见：只做了临时修补，下雨仍然积水。');
    expect(rated).toContain('退回承办单位重新办理（第 2 轮）');
    expect(rated).not.toMatch(/评分|score/i);

    // Hashes only on demand.
    const timeline = page.getByTestId('case-timeline');
    expect(await timeline.getByText(/^#\d+ 校验值/).count()).toBe(0);
    await page.getByRole('switch', { name: '显示校验值' }).click();
    expect(await timeline.getByText(/^#\d+ 校验值/).count()).toBeGreaterThan(3);
    await page.getByRole('switch', { name: '显示校验值' }).click();
    await page.screenshot({ path: `${ARTIFACTS}case-timeline.png`, fullPage: true });

    // The work order: without the console's menu, with the note and the lines to sign.
    await page.getByRole('button', { name: /打印交办单/ }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}\/print$/);
    const sheet = page.getByTestId('work-order');
    await sheet.getByText(demand.number).waitFor();
    expect(await page.locator('.ant-layout-header').count()).toBe(0);
    expect(await sheet.innerText()).toContain('滕州市企业诉求交办单');
    expect(await page.getByTestId('work-order-note').innerText()).toBe(dispatchNote);
    for (const text of ['统一社会信用代码', '牵头单位', unit1Name, '办理时限', '经办人', '承办单位负责人', '日期'])
      expect(await sheet.innerText()).toContain(text);
    expect(await page.getByTestId('work-order-limits').innerText()).toMatch(/重办.*\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await page.screenshot({ path: `${ARTIFACTS}case-print.png`, fullPage: true });
    // The sheet as the printer gets it: A4's width at 96 dpi, print styles.
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: /^打\s*印$/ }).isVisible()).toBe(false);
    await page.screenshot({ path: `${ARTIFACTS}case-print-media.png`, fullPage: true });
    // One A4 sheet: 595 × 842 points.
    const printed = await page.pdf({ preferCSSPageSize: true, path: `${ARTIFACTS}case-print.pdf` });
    const pdf = printed.toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page\b/g)?.length).toBe(1);
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf);
    expect(Math.round(Number(box?.[1]))).toBe(595);
    expect(Math.round(Number(box?.[2]))).toBe(842);
    await page.emulateMedia({ media: 'screen' });

    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);

  it('shows a supervision to its unit as a banner and records the unit’s answer in the record', async () => {
    const demand = await file(
      '园区道路照明长期损坏（督办测试）',
      '园区主干道路灯损坏三个月，夜间货车通行存在安全隐患。',
    );
    const hub = await apiAs('tz.hub');
    const unit = await apiAs('tz.unit1');
    await hub.call('POST', `/api/v1/cases/${demand.id}/dispatch`, { leadUnitId: unit.user.unitId });
    await unit.call('POST', `/api/v1/cases/${demand.id}/sign`, {});
    const leader = await apiAs('tz.leader');
    const instruction = '请于本周五前完成路灯修复并向企业反馈，逾期将通报。';
    const due = new Date(Date.now() + 3 * 24 * 3_600_000).toISOString();
    await leader.call('POST', `/api/v1/cases/${demand.id}/supervise`, { by: 'leader', instruction, dueAt: due });

    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    const errors = errorsOf(page);
    await loginAt(page, base, 'tz.unit1');
    await page.goto(`${base}/cases/${demand.id}`);
    const banner = page.getByTestId('supervision-banner');
    await banner.waitFor();
    expect(await banner.innerText()).toContain('领导督办');
    expect(await banner.innerText()).toContain(instruction);
    expect(await entry(page, 'supervised')).toContain(instruction);
    await page.screenshot({ path: `${ARTIFACTS}case-supervision-banner.png`, fullPage: true });

    await banner.getByRole('button', { name: /答复督办/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: /提\s*交/ }).waitFor();
    const response = '已联系供电所，更换损坏灯具 12 盏，周四前全部修复。';
    await dialog.getByLabel(/督办答复/).fill(response);
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('case-timeline').getByTestId('event-supervision_responded').waitFor();
    expect(await entry(page, 'supervision_responded')).toContain(response);
    expect(await page.getByTestId('supervision-banner').count()).toBe(0);
    const view = await hub.call<{ supervisions: { response: string | null }[] }>('GET', `/api/v1/cases/${demand.id}`);
    expect(view.supervisions[0]?.response).toBe(response);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);

  it('opens a case link in a new tab signed in, and a logout in one tab ends the other’s session', async () => {
    const demand = await file('新开标签页查看诉求（浏览器测试）', '同一浏览器中新开标签页应无需重新登录。');
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const first = await context.newPage();
    first.setDefaultTimeout(60_000);
    await loginAt(first, base, 'tz.hub');

    const second = await context.newPage();
    second.setDefaultTimeout(60_000);
    const errors = errorsOf(second);
    await second.goto(`${base}/cases/${demand.id}`);
    await second.locator('.ant-card-head').getByText(demand.number).waitFor();
    expect(await second.getByLabel(/用户名/).count()).toBe(0);
    // The token is kept for the browser, never in the address.
    expect(second.url()).not.toMatch(/token/i);

    await first.getByRole('button', { name: /退出登录/ }).click();
    await first.getByRole('button', { name: /登\s*录/ }).waitFor();
    // The other tab follows at once, without a reload.
    await second.getByRole('button', { name: /登\s*录/ }).waitFor({ timeout: 10_000 });
    await second.reload();
    await second.getByRole('button', { name: /登\s*录/ }).waitFor();
    expect(errors.filter((e) => !/401/.test(e))).toEqual([]);
    await context.close();
  }, 240_000);

  it('on the phone, an unsatisfied rating needs a reason and then says a redo starts', async () => {
    const demand = await file('排污许可证变更咨询（手机评价测试）', '扩产后需变更排污许可证，请告知材料与时限。');
    const hub = await apiAs('tz.hub');
    const unit = await apiAs('tz.unit1');
    await hub.call('POST', `/api/v1/cases/${demand.id}/dispatch`, {
      leadUnitId: unit.user.unitId,
      note: '请五日内答复',
    });
    await unit.call('POST', `/api/v1/cases/${demand.id}/sign`, {});
    const replyText = '变更需提交：1. 变更申请表；2. 环评批复；3. 监测报告。\n材料齐全后 10 个工作日内办结。';
    await unit.call('POST', `/api/v1/cases/${demand.id}/reply`, { result: 'solved', text: replyText });

    const context = await browser.newContext({
      viewport: { width: 375, height: 812 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    const errors = errorsOf(page);
    await page.goto(`${base}/m/cases/${demand.id}`);
    await page.getByLabel(/用户名/).fill('tz.ent1');
    await page.getByLabel(/密码/).fill(PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();

    const card = page.getByTestId('rate-card');
    await card.waitFor();
    // The reply to judge comes before the scale.
    const reply = card.getByTestId('rate-reply');
    expect(await reply.innerText()).toContain('材料齐全后 10 个工作日内办结。');
    const replyBox = await reply.boundingBox();
    const firstOption = await page.getByRole('radio').first().boundingBox();
    expect(replyBox && firstOption && replyBox.y < firstOption.y).toBe(true);

    await page.getByRole('radio', { name: '不满意', exact: true }).click();
    await card.getByText('提交后将退回承办单位重新办理。').waitFor();
    const submit = page.getByRole('button', { name: '提交评价' });
    expect(await submit.isDisabled()).toBe(true);
    await page.getByLabel('不满意的原因（必填）').fill('   ');
    expect(await submit.isDisabled()).toBe(true);
    await page.getByLabel('不满意的原因（必填）').fill('材料清单与窗口要求不一致，仍无法提交。');
    expect(await submit.isDisabled()).toBe(false);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${ARTIFACTS}case-phone-rating.png`, fullPage: true });

    await submit.click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('提交后将退回承办单位重新办理').waitFor();
    await dialog.getByRole('button', { name: '确认提交' }).click();
    const next = page.getByTestId('rated-next');
    // Either the next step is said or the card says why the rating was refused.
    const refusal = card.locator('.ant-alert-error');
    await next.or(refusal).first().waitFor();
    expect(await refusal.allInnerTexts()).toEqual([]);
    expect(await next.innerText()).toContain('承办单位将重新办理（第 2 轮）');
    await page.getByTestId('case-status').getByText('重办中').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.ant-modal-mask').first().waitFor({ state: 'detached' });
    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${ARTIFACTS}case-phone-rated.png`, fullPage: true });

    const after = await hub.call<{ status: string; round: number }>('GET', `/api/v1/cases/${demand.id}`);
    expect(after).toMatchObject({ status: 'redo', round: 2 });
    const events = await hub.call<{ type: string; payload: Record<string, unknown> }[]>(
      'GET',
      `/api/v1/cases/${demand.id}/events`,
    );
    expect(events.find((e) => e.type === 'rated')?.payload['comment']).toBe('材料清单与窗口要求不一致，仍无法提交。');
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});
