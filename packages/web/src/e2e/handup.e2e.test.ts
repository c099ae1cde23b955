import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addJurisdiction, PiiKeyring, returnHandupResults, setJurisdictionParent, systemClock } from '@qisu/server';
import type { Console } from './harness';
import { apiAs, ARTIFACTS, choose, command, errorsOf, login, logout, PASSWORD, startConsole } from './harness';

/**
 * Hand-up between levels in Debian's Chromium: the demo's 峄城区 runs below a city platform of
 * 枣庄市 (added here: the demo hosts only the five jurisdictions of the seeds). 峄城's hub hands a
 * case up from its case page; 枣庄's hub reads where it came from and the county's record, and
 * dispatches it to a unit of the city; the unit's reply comes back to 峄城's case.
 */
describe('hand-up to the city and back in a real browser', { timeout: 300_000 }, () => {
  let konsole: Console;
  let browser: Browser;
  let base: string;
  let cityUnitName: string;

  beforeAll(async () => {
    konsole = await startConsole();
    ({ browser, base } = konsole);
    // 枣庄市 is set up the way a deployment adds a city (`qisu jurisdiction add … --parent`, then
    // `qisu jurisdiction parent yc zz`); its administrator signs in with the one-time password and
    // adds the unit and the two members of staff in the console's API.
    const deps = { db: konsole.handle.db, clock: systemClock };
    const city = await addJurisdiction(deps, {
      code: 'zz',
      name: '枣庄市',
      fullName: '山东省枣庄市',
      level: 'city',
      regionCode: '370400',
      preset: 'yc',
      hubUnitName: '枣庄市营商环境服务中心',
      adminUsername: 'zz.admin',
    });
    await setJurisdictionParent(deps, 'yc', 'zz');
    const admin = await apiAs(base, 'zz.admin', city.admin.password);
    cityUnitName = '枣庄市住房和城乡建设局';
    const dept = await admin.call<{ id: string }>('POST', '/api/v1/units', { name: cityUnitName, kind: 'department' });
    const staff = [
      { username: 'zz.hub', name: '市营商办 赵敏', roles: ['hub'], unitId: admin.user.unitId },
      { username: 'zz.unit1', name: '市住建局 钱峰', roles: ['unit_handler'], unitId: dept.id },
    ];
    for (const s of staff) await admin.call('POST', '/api/v1/users', { ...s, password: PASSWORD });
  }, 240_000);
  afterAll(async () => {
    await konsole?.close();
  });

  const casePage = async (page: Page, id: string) => {
    await page.goto(`${base}/cases/${id}`);
    await page.getByTestId('events-card').getByTestId('case-timeline').waitFor();
  };

  it('hands a case up, lets the city dispatch it, and brings the reply back to the county', async () => {
    const hubApi = await apiAs(base, 'yc.hub');
    const filed = await hubApi.call<{ id: string; number: string }>('POST', '/api/v1/cases', {
      title: '跨区供水管网压力不足影响生产（浏览器测试）',
      content: '园区供水由市水务集团跨区管网供应，近一月水压持续不足，区内协调未果。',
    });
    await hubApi.call('POST', `/api/v1/cases/${filed.id}/accept`, {});

    // 峄城's hub hands it up from the case page, saying why.
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.setDefaultTimeout(60_000);
    const errors = errorsOf(page);
    await login(page, base, 'yc.hub');
    await casePage(page, filed.id);
    await command(page, 'hand-up', async () => {
      await page
        .getByRole('dialog')
        .getByLabel(/上报理由/)
        .fill('供水管网归市水务集团管理，区级层面无法协调解决');
    });
    const up = page.getByTestId('handup-up');
    await up.waitFor();
    expect(await page.locator('.ant-card-head').first().innerText()).toContain('已上报上级');
    const upText = await up.innerText();
    expect(upText).toContain('枣庄市');
    expect(upText).toContain('等待上级办理');
    expect(await page.getByTestId('event-handed_up').innerText()).toContain('供水管网归市水务集团管理');
    const upperNumber = /ZZ-\d{4}-\d{6}/.exec(upText)?.[0];
    expect(upperNumber).toBeTruthy();
    await page.screenshot({ path: `${ARTIFACTS}handup-county-sent.png`, fullPage: true });
    await logout(page);

    // 枣庄's hub finds it in its own list, reads where it came from, and dispatches it.
    await login(page, base, 'zz.hub');
    await page.goto(`${base}/cases?q=${upperNumber}`);
    await page.getByRole('link', { name: upperNumber! }).click();
    const from = page.getByTestId('handup-from');
    await from.waitFor();
    const fromText = await from.innerText();
    expect(fromText).toContain(`峄城区 ${filed.number}`);
    expect(fromText).toContain('供水管网归市水务集团管理');
    await from.getByText(/下级办理记录/).click();
    await from.getByTestId('event-accepted').waitFor();
    // The record unfolds with an animation; the picture is taken once it stands still.
    await page.waitForTimeout(500);
    expect(await page.getByTestId('events-card').getByTestId('event-created').innerText()).toContain(
      '峄城区（下级上报）',
    );
    await page.screenshot({ path: `${ARTIFACTS}handup-city-received.png`, fullPage: true });
    await command(page, 'accept');
    await command(page, 'dispatch', async () => {
      await choose(page, page.getByRole('dialog').getByLabel('牵头单位'), cityUnitName);
    });
    expect(await page.locator('.ant-card-head').first().innerText()).toContain('已交办');
    await logout(page);

    // The city's unit replies; the platform's job brings the result down.
    const upperId = new URL(page.url()).pathname.split('/').pop()!;
    const cityUnit = await apiAs(base, 'zz.unit1');
    await cityUnit.call('POST', `/api/v1/cases/${upperId}/sign`, {});
    await cityUnit.call('POST', `/api/v1/cases/${upperId}/reply`, {
      result: 'solved',
      text: '市水务集团已完成加压泵站改造，园区水压恢复正常。',
    });
    const deps = { db: konsole.handle.db, clock: systemClock, pii: PiiKeyring.ephemeral() };
    expect(await returnHandupResults(deps)).toEqual({ returned: 1 });

    // 峄城's hub sees its case replied with the city's words, waiting for the enterprise's rating.
    await login(page, base, 'yc.hub');
    await casePage(page, filed.id);
    expect(await page.locator('.ant-card-head').first().innerText()).toContain('已办结待评价');
    const back = await page.getByTestId('event-handup_returned').innerText();
    expect(back).toContain('市水务集团已完成加压泵站改造');
    expect(back).toContain(cityUnitName);
    expect(await page.getByTestId('handup-up').innerText()).toContain('回传办理结果');
    await page.screenshot({ path: `${ARTIFACTS}handup-county-returned.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
