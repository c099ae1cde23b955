import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCaseCommand } from '../cases/commands/run-command.js';
import { createCase } from '../cases/cases.service.js';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { presetProfiles } from '../profiles/presets.js';
import { storeProfile } from '../profiles/profiles.service.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import { TEST_PII } from '../testing/pii.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';
import { demoOpen311Key, seedDemoOpen311Client } from './open311-clients.service.js';

/** Parses XML back, every item element a list, every value text (as a client reads it). */
const xml = new XMLParser({
  parseTagValue: false,
  isArray: (_name, path) => ['services.service', 'service_requests.request', 'errors.error'].includes(String(path)),
});
const parseXml = (text: string) => xml.parse(text) as Record<string, Record<string, unknown>>;

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** What an enterprise's contact typed, which no read of a request may show. */
const PERSONAL = {
  first_name: '小明',
  last_name: '王',
  phone: '138 1234 5678',
  email: 'wang.xiaoming@example.cn',
  account_id: 'acct-778899',
  device_id: 'device-445566',
};
const DESCRIPTION = '园区东门路灯损坏，夜间货车进出不安全，请尽快维修。联系人王小明 13812345678';

describe.each(ENGINES)('Open311 GeoReport v2 on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let clock: ManualClock;
  let deps: Deps;
  let w: World;
  let admin: Client;
  let key: string;
  let webRoot: string;

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
  const post = (url: string, payload: string, headers: Record<string, string> = FORM) =>
    app.inject({ method: 'POST', url, payload, headers });
  const file = (fields: Record<string, string> = {}, format = 'json') =>
    post(
      `/open311/v2/requests.${format}`,
      form({
        jurisdiction_id: 'ta',
        api_key: key,
        service_code: 'land.premises',
        description: DESCRIPTION,
        lat: '29.1365',
        long: '118.4102',
        address_string: '华埠镇工业园区东门',
        ...PERSONAL,
        'attribute[lamp_count]': '3',
        ...fields,
      }),
    );
  const run = (actor: keyof World['actors'], id: string, command: Parameters<typeof runCaseCommand>[3], body = {}) =>
    runCaseCommand(deps, w.actors[actor], id, command, body as never);
  const caseOf = (number: string) =>
    handle.db.selectFrom('cases').selectAll().where('number', '=', number).executeTakeFirstOrThrow();
  const errorOf = (res: { statusCode: number; json: () => unknown }) => {
    const body = res.json() as { code: number; description: string }[];
    expect(body).toHaveLength(1);
    expect(body[0]!.code).toBe(res.statusCode);
    return body[0]!.description;
  };

  beforeAll(async () => {
    handle = await engine.open();
    clock = new ManualClock('2026-11-02T01:00:00Z'); // Monday 09:00 in Shanghai
    deps = { db: handle.db, clock, pii: TEST_PII };
    w = await seedWorld(handle.db);
    // 开化's rules: a resolve time limit at dispatch, so that expected_datetime has a value.
    await handle.db
      .transaction()
      .execute((trx) =>
        storeProfile(
          trx,
          w.jurisdictionA,
          { ...presetProfiles().get('kh')!, code: 'ta' },
          { userId: null, at: clock.now() },
        ),
      );
    const land = await handle.db
      .insertInto('categories')
      .values({ jurisdiction_id: w.jurisdictionA, parent_id: null, code: 'land', name: '用地用房', name_en: 'Land' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await handle.db
      .insertInto('categories')
      .values({
        jurisdiction_id: w.jurisdictionA,
        parent_id: land.id,
        code: 'land.premises',
        name: '厂房与宿舍',
        name_en: 'Factory buildings',
      })
      .execute();
    await handle.db
      .insertInto('categories')
      .values({ jurisdiction_id: w.jurisdictionB, parent_id: null, code: 'tax', name: '税费服务', name_en: 'Taxes' })
      .execute();
    await seedDemoOpen311Client(handle.db, { id: w.jurisdictionB, code: 'tb' }, null, clock.now());
    // A built console beside the API: /open311 must not be answered with its page.
    webRoot = mkdtempSync(join(tmpdir(), 'qisu-open311-web-'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>console</title>');
    app = await testApp(handle, clock, { rateLimitPerMinute: 100_000, webRoot });
    admin = await loginAs(app, 'ta.admin', TEST_PASSWORD);
    const created = await admin.post('/api/v1/admin/open311-clients', { name: '城市服务小程序' });
    expect(created.statusCode, created.body).toBe(201);
    key = created.json<{ apiKey: string }>().apiKey;
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  describe('services', () => {
    it('lists the leaves of the category tree as services, grouped by their top-level category', async () => {
      const res = await get('/open311/v2/services.json?jurisdiction_id=ta');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json; charset=utf-8/);
      const services = res.json<Record<string, unknown>[]>();
      expect(services.map((s) => s['service_code'])).toEqual(['land.premises', 'policy']);
      expect(services[0]).toEqual({
        service_code: 'land.premises',
        service_name: '厂房与宿舍',
        description: '用地用房 / 厂房与宿舍',
        metadata: false,
        type: 'realtime',
        keywords: '厂房与宿舍,Factory buildings,用地用房,Land',
        group: '用地用房',
      });
      const en = await get('/open311/v2/services.json?jurisdiction_id=ta', { 'accept-language': 'en-US' });
      expect(en.json<{ service_name: string; group: string }[]>()[0]).toMatchObject({
        service_name: 'Factory buildings',
        group: 'Land',
      });
    });

    it('answers the same services as XML under <services><service>', async () => {
      const res = await get('/open311/v2/services.xml?jurisdiction_id=ta');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/xml; charset=utf-8/);
      expect(res.body.startsWith('<?xml version="1.0" encoding="utf-8"?><services><service>')).toBe(true);
      const doc = parseXml(res.body);
      const services = doc['services']!['service'] as Record<string, string>[];
      expect(services).toHaveLength(2);
      expect(Object.keys(services[0]!).sort()).toEqual(
        ['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type'].sort(),
      );
      expect(services[0]).toMatchObject({ service_code: 'land.premises', metadata: 'false', type: 'realtime' });
    });

    it('answers a service definition with no attributes, in JSON and under <service_definition>', async () => {
      const res = await get('/open311/v2/services/land.premises.json?jurisdiction_id=ta');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ service_code: 'land.premises', attributes: [] });
      const x = await get('/open311/v2/services/land.premises.xml?jurisdiction_id=ta');
      expect(x.body).toContain(
        '<service_definition><service_code>land.premises</service_code><attributes></attributes>',
      );
      expect(parseXml(x.body)['service_definition']).toEqual({ service_code: 'land.premises', attributes: '' });
    });

    it('answers 404 for a group, an unknown service or another jurisdiction’s service', async () => {
      for (const code of ['land', 'nothing', 'tax']) {
        const res = await get(`/open311/v2/services/${code}.json?jurisdiction_id=ta`);
        expect(res.statusCode).toBe(404);
        expect(errorOf(res)).toBe(`service_code ${code} was not found / 服务 ${code} 不存在`);
      }
      const x = await get('/open311/v2/services/nothing.xml?jurisdiction_id=ta');
      expect(x.statusCode).toBe(404);
      expect(parseXml(x.body)['errors']).toEqual({
        error: [{ code: '404', description: 'service_code nothing was not found / 服务 nothing 不存在' }],
      });
    });

    it('needs jurisdiction_id when several jurisdictions are hosted, and knows every code', async () => {
      const none = await get('/open311/v2/services.json');
      expect(none.statusCode).toBe(400);
      expect(errorOf(none)).toBe(
        'jurisdiction_id is required (this server hosts several: ta, tb) / 缺少 jurisdiction_id（本平台有多个辖区：ta, tb）',
      );
      const unknown = await get('/open311/v2/services.xml?jurisdiction_id=nowhere');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.body).toContain(
        '<errors><error><code>404</code><description>jurisdiction_id nowhere was not found / 辖区 nowhere 不存在</description></error></errors>',
      );
      // The key names its jurisdiction when the client sends no jurisdiction_id.
      const byKey = await get(`/open311/v2/services.json?api_key=${demoOpen311Key('tb')}`);
      expect(byKey.json<{ service_code: string }[]>().map((s) => s.service_code)).toEqual(['tax']);
    });

    it('answers a path under /open311/v2 that names nothing with a 404 of the specification, not the console', async () => {
      for (const url of ['/open311/v2/services', '/open311/v2/nothing.json', '/open311/v2/']) {
        const res = await get(url);
        expect(res.statusCode, url).toBe(404);
        expect(res.headers['content-type']).toMatch(/json/);
        expect(res.body).not.toContain('<!doctype html>');
      }
      const x = await get('/open311/v2/nothing.xml');
      expect(x.body).toContain('<errors><error><code>404</code>');
      expect((await get('/open311/other')).body).not.toContain('<!doctype html>');
      expect((await get('/cases')).body).toContain('<!doctype html>');
      const format = await get('/open311/v2/services.html?jurisdiction_id=ta');
      expect(format.statusCode).toBe(400);
      expect(errorOf(format)).toBe('format is not one of the allowed values / format 取值不在允许范围内');
    });
  });

  describe('filing', () => {
    it('files a form-urlencoded request as an open311 case of the service’s category, the phone encrypted', async () => {
      const res = await file();
      expect(res.statusCode, res.body).toBe(200);
      const [answer, ...rest] =
        res.json<{ service_request_id: string; service_notice: string; account_id: string; token: string }[]>();
      expect(rest).toEqual([]);
      expect(Object.keys(answer!).sort()).toEqual(['account_id', 'service_notice', 'service_request_id', 'token']);
      expect(answer!.service_request_id).toMatch(/^TA-2026-\d{6}$/);
      expect(answer!.account_id).toBe('acct-778899');
      expect(answer!.service_notice).toContain('甲县已收到');
      const row = await caseOf(answer!.service_request_id);
      expect(row).toMatchObject({
        channel: 'open311',
        status: 'submitted',
        kind: 'help',
        title: '园区东门路灯损坏，夜间货车进出不安全，请尽快维修',
        contact_name: '王小明',
        location: '华埠镇工业园区东门（29.1365,118.4102）',
        created_by: null,
      });
      const category = await handle.db
        .selectFrom('categories')
        .select('code')
        .where('id', '=', row.category_id!)
        .executeTakeFirstOrThrow();
      expect(category.code).toBe('land.premises');
      expect(row.content).toContain(DESCRIPTION);
      expect(row.content).toContain('【附加信息 / Attributes】\nlamp_count：3');
      expect(row.contact_mobile).toMatch(/^enc:v1:/);
      expect(TEST_PII.open(row.contact_mobile)).toBe('13812345678');
      const created = await handle.db
        .selectFrom('events')
        .select(['actor_id', 'payload'])
        .where('case_id', '=', row.id)
        .executeTakeFirstOrThrow();
      expect(created.actor_id).toBeNull();
      expect(created.payload).toMatchObject({
        channel: 'open311',
        source: { kind: 'open311', name: '城市服务小程序' },
      });
      // The email is not kept anywhere.
      const stored = JSON.stringify(await handle.db.selectFrom('open311_requests').selectAll().execute());
      expect(stored).not.toContain(PERSONAL.email);
      expect(JSON.stringify(row)).not.toContain(PERSONAL.email);
    });

    it('answers a filing as XML under <service_requests><request>, and takes JSON and a key in the query', async () => {
      const x = await file({}, 'xml');
      expect(x.statusCode, x.body).toBe(200);
      const request = (parseXml(x.body)['service_requests']!['request'] as Record<string, string>[])[0]!;
      expect(Object.keys(request).sort()).toEqual(['account_id', 'service_notice', 'service_request_id', 'token']);
      expect(request['service_request_id']).toMatch(/^TA-2026-\d{6}$/);
      const json = await app.inject({
        method: 'POST',
        url: `/open311/v2/requests.json?jurisdiction_id=ta&api_key=${key}`,
        payload: { service_code: 'policy', lat: 29.1, long: 118.4, attribute: { need: ['房租', '用电'] } },
      });
      expect(json.statusCode, json.body).toBe(200);
      const row = await caseOf(json.json<{ service_request_id: string }[]>()[0]!.service_request_id);
      expect(row.title).toBe('政策兑现');
      expect(row.content).toContain('need：房租、用电');
    });

    it('refuses a missing, wrong or revoked key with 403, and a key of another jurisdiction', async () => {
      const missing = await file({ api_key: '' });
      expect(missing.statusCode).toBe(403);
      expect(errorOf(missing)).toBe('api_key is missing, invalid or revoked / api_key 缺失、无效或已停用');
      expect((await file({ api_key: 'qisu-demo-ta' })).statusCode).toBe(403);
      const other = await file({ api_key: demoOpen311Key('tb') });
      expect(other.statusCode).toBe(403);
      expect(errorOf(other)).toBe('the api_key does not belong to jurisdiction ta / api_key 不属于辖区 ta');

      const made = await admin.post('/api/v1/admin/open311-clients', { name: '将停用的客户端' });
      const { id, apiKey } = made.json<{ id: string; apiKey: string }>();
      expect((await file({ api_key: apiKey })).statusCode).toBe(200);
      expect((await admin.post(`/api/v1/admin/open311-clients/${id}/revoke`)).statusCode).toBe(200);
      const revoked = await file({ api_key: apiKey });
      expect(revoked.statusCode).toBe(403);
      expect(revoked.json()).toEqual([
        { code: 403, description: 'api_key is missing, invalid or revoked / api_key 缺失、无效或已停用' },
      ]);
    });

    it('refuses what GeoReport v2 refuses with 400 or 404, in both languages, and files nothing', async () => {
      const before = await handle.db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      const cases: [Record<string, string>, number, string][] = [
        [{ service_code: '' }, 400, 'service_code is required / 缺少 service_code'],
        [{ service_code: 'nothing' }, 404, 'service_code nothing was not found / 服务 nothing 不存在'],
        [
          { lat: '', long: '', address_string: '' },
          400,
          'a location is required: lat and long, address_string or address_id / 缺少位置：须提供 lat 和 long、address_string 或 address_id',
        ],
        [{ long: '' }, 400, 'lat and long must be sent together / lat 与 long 须同时提供'],
        [{ lat: '91' }, 400, 'lat must be a number from -90 to 90 / lat 应为 -90 到 90 之间的数'],
        [
          { phone: '555-5555' },
          400,
          'phone must be a mainland mobile number or a landline with its area code / phone 应为手机号或带区号的固定电话',
        ],
        [{ media_url: 'javascript:alert(1)' }, 400, 'media_url must be an http(s) URL / media_url 应为 http(s) 链接'],
        [
          { description: '长'.repeat(4001) },
          400,
          'description may be at most 4000 characters / description 不能超过 4000 字',
        ],
        [{ jurisdiction_id: 'nowhere' }, 404, 'jurisdiction_id nowhere was not found / 辖区 nowhere 不存在'],
      ];
      for (const [fields, status, description] of cases) {
        const res = await file(fields);
        expect(res.statusCode, JSON.stringify(fields)).toBe(status);
        expect(errorOf(res)).toBe(description);
      }
      const missing = await post(
        '/open311/v2/requests.json',
        form({ api_key: key, jurisdiction_id: 'ta', address_id: 'A1' }),
      );
      expect(missing.statusCode).toBe(400);
      expect(errorOf(missing)).toBe('service_code is required / 缺少 service_code');
      const after = await handle.db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      expect(after.n).toBe(before.n);
    });

    it('refuses a body over its limit with 413 and another content type with 415, in the specification’s shape', async () => {
      const big = await file({ description: 'x'.repeat(70 * 1024) });
      expect(big.statusCode).toBe(413);
      expect(errorOf(big)).toBe('the request body is too large / 请求体过大');
      const text = await post('/open311/v2/requests.xml', 'service_code=policy', { 'content-type': 'application/xml' });
      expect(text.statusCode).toBe(415);
      expect(text.body).toContain('<errors><error><code>415</code>');
    });

    it('notes when a client was last used, and not on a refusal', async () => {
      const made = await admin.post('/api/v1/admin/open311-clients', { name: '只读客户端' });
      const { id, apiKey } = made.json<{ id: string; apiKey: string }>();
      const lastUsed = async () =>
        (
          await handle.db
            .selectFrom('open311_clients')
            .select('last_used_at')
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
        ).last_used_at;
      expect((await file({ api_key: apiKey, service_code: 'nothing' })).statusCode).toBe(404);
      expect(await lastUsed()).toBeNull();
      expect((await file({ api_key: apiKey })).statusCode).toBe(200);
      expect((await lastUsed())?.toISOString()).toBe(clock.now().toISOString());
    });
  });

  describe('reading requests back', () => {
    let number: string;
    let token: string;
    let caseId: string;

    beforeAll(async () => {
      clock.set('2026-11-03T02:00:00Z');
      const res = await file({ media_url: 'https://img.example.cn/lamp.jpg' });
      ({ service_request_id: number, token } = res.json<{ service_request_id: string; token: string }[]>()[0]!);
      caseId = (await caseOf(number)).id;
    });

    const one = async (format: 'json' | 'xml' = 'json') => {
      const res = await get(`/open311/v2/requests/${number}.${format}?jurisdiction_id=ta`);
      expect(res.statusCode, res.body).toBe(200);
      if (format === 'xml')
        return (parseXml(res.body)['service_requests']!['request'] as Record<string, unknown>[])[0]!;
      const list = res.json<Record<string, unknown>[]>();
      expect(list).toHaveLength(1);
      return list[0]!;
    };

    it('answers a request with the specification’s members and nothing personal', async () => {
      const res = await get(`/open311/v2/requests/${number}.json?jurisdiction_id=ta`);
      const request = res.json<Record<string, unknown>[]>()[0]!;
      expect(request).toEqual({
        service_request_id: number,
        status: 'open',
        status_notes: '已收到，等待受理',
        service_name: '厂房与宿舍',
        service_code: 'land.premises',
        agency_responsible: null,
        service_notice: expect.stringContaining('营商办研判后交承办单位') as string,
        requested_datetime: '2026-11-03T10:00:00+08:00',
        updated_datetime: '2026-11-03T10:00:00+08:00',
        expected_datetime: null,
        address: '华埠镇工业园区东门',
        address_id: null,
        zipcode: null,
        lat: 29.1365,
        long: 118.4102,
        media_url: 'https://img.example.cn/lamp.jpg',
      });
      for (const value of [...Object.values(PERSONAL), '13812345678', '王小明', '园区东门路灯损坏']) {
        expect(res.body).not.toContain(value);
      }
      const x = await get(`/open311/v2/requests/${number}.xml?jurisdiction_id=ta`);
      expect(
        x.body.startsWith('<?xml version="1.0" encoding="utf-8"?><service_requests><request><service_request_id>'),
      ).toBe(true);
      const fromXml = (parseXml(x.body)['service_requests']!['request'] as Record<string, string>[])[0]!;
      expect(Object.keys(fromXml).sort()).toEqual(Object.keys(request).sort());
      expect(fromXml).toMatchObject({
        service_request_id: number,
        status: 'open',
        lat: '29.1365',
        expected_datetime: '',
      });
      for (const value of Object.values(PERSONAL)) expect(x.body).not.toContain(value);
    });

    it('follows the case through dispatch, feedback, reply, rating and closing', async () => {
      clock.set('2026-11-03T03:00:00Z');
      await run('hub', caseId, 'accept');
      expect(await one()).toMatchObject({ status: 'open', status_notes: '已受理，正在研判', agency_responsible: null });
      await run('hub', caseId, 'dispatch', { leadUnitId: w.units.dept1, complexity: 'general' });
      const dispatched = await one();
      expect(dispatched).toMatchObject({
        status: 'open',
        status_notes: '已交办承办单位',
        agency_responsible: '市场监管局',
        updated_datetime: '2026-11-03T11:00:00+08:00',
      });
      const due = await handle.db
        .selectFrom('clocks')
        .select('due_at')
        .where('case_id', '=', caseId)
        .where('milestone', '=', 'resolve')
        .executeTakeFirstOrThrow();
      expect(dispatched['expected_datetime']).toBe(
        `${new Date(due.due_at.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`,
      );
      await run('unit1', caseId, 'sign');
      await run('unit1', caseId, 'contact', { note: '已电话联系王小明 13812345678' });
      expect((await one())['status_notes']).toBe('承办单位已联系诉求人，正在办理');
      await run('unit1', caseId, 'feedback', { text: '已派员查看，灯具需更换，请联系 13900001111' });
      expect((await one())['status_notes']).toBe(
        '承办单位已初步反馈，正在办理：已派员查看，灯具需更换，请联系 139****1111',
      );
      await run('hub', caseId, 'supervise', { by: 'platform', instruction: '内部督办：本周内办结' });
      expect(JSON.stringify(await one())).not.toContain('内部督办');
      await run('unit1', caseId, 'reply', { result: 'solved', text: '路灯已全部更换并恢复照明。' });
      const replied = await one('xml');
      expect(replied).toMatchObject({ status: 'open', status_notes: '已办结，等待评价：路灯已全部更换并恢复照明。' });
      await run('hub', caseId, 'rate', { score: 5 });
      await run('hub', caseId, 'revisit', { method: 'phone', note: '企业满意' });
      await run('hub', caseId, 'close');
      expect(await one()).toMatchObject({ status: 'closed', status_notes: '已办结销号：路灯已全部更换并恢复照明。' });
      expect(await one('xml')).toMatchObject({ status: 'closed' });
      const en = await get(`/open311/v2/requests/${number}.json?jurisdiction_id=ta`, { 'accept-language': 'en' });
      expect(en.json<{ status_notes: string }[]>()[0]!.status_notes).toBe('Closed：路灯已全部更换并恢复照明。');
    });

    it('reads a rejected case as closed with the reason the enterprise was given', async () => {
      const res = await file({ description: '咨询个人社保转移' });
      const id = res.json<{ service_request_id: string }[]>()[0]!.service_request_id;
      const row = await caseOf(id);
      await run('hub', row.id, 'accept');
      await run('hub', row.id, 'reject', { reason: '不属于涉企诉求，请拨打12345' });
      const read = await get(`/open311/v2/requests/${id}.json?jurisdiction_id=ta`);
      expect(read.json()).toMatchObject([{ status: 'closed', status_notes: '不予受理：不属于涉企诉求，请拨打12345' }]);
    });

    it('resolves the token of a filing, in JSON and XML', async () => {
      const res = await get(`/open311/v2/tokens/${token}.json?jurisdiction_id=ta`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual([{ service_request_id: number, token }]);
      const x = await get(`/open311/v2/tokens/${token}.xml?jurisdiction_id=ta`);
      expect(parseXml(x.body)['service_requests']).toEqual({ request: [{ service_request_id: number, token }] });
      const unknown = await get('/open311/v2/tokens/0123456789abcdef0123456789abcdef.json?jurisdiction_id=ta');
      expect(unknown.statusCode).toBe(404);
      expect((await get(`/open311/v2/tokens/${token}.json?jurisdiction_id=tb`)).statusCode).toBe(404);
    });

    it('answers 404 for another jurisdiction’s request and for a case not filed through Open311', async () => {
      const tb = await post(
        '/open311/v2/requests.json',
        form({ jurisdiction_id: 'tb', api_key: demoOpen311Key('tb'), service_code: 'tax', address_string: '乙县' }),
      );
      expect(tb.statusCode, tb.body).toBe(200);
      const tbNumber = tb.json<{ service_request_id: string }[]>()[0]!.service_request_id;
      expect((await get(`/open311/v2/requests/${tbNumber}.json?jurisdiction_id=tb`)).statusCode).toBe(200);
      const foreign = await get(`/open311/v2/requests/${tbNumber}.json?jurisdiction_id=ta`);
      expect(foreign.statusCode).toBe(404);
      expect(errorOf(foreign)).toBe(`service_request_id ${tbNumber} was not found / 诉求 ${tbNumber} 不存在`);
      const listed = await get(`/open311/v2/requests.json?jurisdiction_id=ta&service_request_id=${tbNumber}`);
      expect(listed.json()).toEqual([]);

      const byHand = await createCase(deps, w.actors.entA, { title: '企业自行提交', content: '不经 Open311 的诉求' });
      const hidden = await get(`/open311/v2/requests/${byHand.number}.xml?jurisdiction_id=ta`);
      expect(hidden.statusCode).toBe(404);
      expect(hidden.body).toContain('<errors><error><code>404</code>');
    });

    it('filters by ids, service, status and dates, and refuses a bad filter', async () => {
      const all = (await get('/open311/v2/requests.json?jurisdiction_id=ta')).json<Record<string, string>[]>();
      expect(all.length).toBeGreaterThanOrEqual(5);
      expect(all.every((r) => r['service_request_id']!.startsWith('TA-'))).toBe(true);
      // Newest first.
      const times = all.map((r) => r['requested_datetime']!);
      expect([...times].sort().reverse()).toEqual(times);

      const ids = await get(
        `/open311/v2/requests.json?jurisdiction_id=ta&service_request_id=${number},NOPE-1&status=open`,
      );
      expect(ids.json<{ service_request_id: string }[]>().map((r) => r.service_request_id)).toEqual([number]);

      const closed = (await get('/open311/v2/requests.json?jurisdiction_id=ta&status=closed')).json<
        { status: string }[]
      >();
      const open = (await get('/open311/v2/requests.json?jurisdiction_id=ta&status=open')).json<{ status: string }[]>();
      expect(closed.length).toBe(2);
      expect(closed.every((r) => r.status === 'closed')).toBe(true);
      expect(open.every((r) => r.status === 'open')).toBe(true);
      expect(open.length + closed.length).toBe(all.length);
      const both = await get('/open311/v2/requests.json?jurisdiction_id=ta&status=open,closed');
      expect(both.json<unknown[]>()).toHaveLength(all.length);

      const policy = (await get('/open311/v2/requests.json?jurisdiction_id=ta&service_code=policy')).json<
        { service_code: string }[]
      >();
      expect(policy.length).toBe(1);
      expect(policy[0]!.service_code).toBe('policy');

      // Filed on 2 November (Shanghai) and on 3 November.
      const second = await get(
        '/open311/v2/requests.json?jurisdiction_id=ta&start_date=2026-11-02&end_date=2026-11-02T23:59:59%2B08:00',
      );
      const third = await get(
        '/open311/v2/requests.json?jurisdiction_id=ta&start_date=2026-11-03T00:00:00%2B08:00&end_date=2026-11-04',
      );
      expect(second.json<unknown[]>().length + third.json<unknown[]>().length).toBe(all.length);
      expect(third.json<{ service_request_id: string }[]>().map((r) => r.service_request_id)).toContain(number);
      expect(second.json<{ service_request_id: string }[]>().map((r) => r.service_request_id)).not.toContain(number);
      const before = await get('/open311/v2/requests.xml?jurisdiction_id=ta&end_date=2026-11-01T00:00:00Z');
      expect(before.body).toBe('<?xml version="1.0" encoding="utf-8"?><service_requests></service_requests>');

      const refusals: [string, string][] = [
        ['status=pending', 'status must be open, closed or open,closed / status 只能是 open 或 closed'],
        [
          'start_date=yesterday',
          'start_date must be a W3C date-time (e.g. 2026-11-01T00:00:00Z) or a date / start_date 应为 W3C 时间（如 2026-11-01T00:00:00+08:00）或日期',
        ],
        [
          'start_date=2026-02-30',
          'start_date must be a W3C date-time (e.g. 2026-11-01T00:00:00Z) or a date / start_date 应为 W3C 时间（如 2026-11-01T00:00:00+08:00）或日期',
        ],
        [
          'start_date=2026-01-01&end_date=2026-11-01',
          'start_date and end_date may not span more than 90 days / start_date 与 end_date 相隔不能超过 90 天',
        ],
        ['start_date=2026-11-02&end_date=2026-11-01', 'end_date is before start_date / end_date 早于 start_date'],
      ];
      for (const [query, description] of refusals) {
        const res = await get(`/open311/v2/requests.json?jurisdiction_id=ta&${query}`);
        expect(res.statusCode, query).toBe(400);
        expect(errorOf(res)).toBe(description);
      }
    });

    it('lists nothing personal whatever the filter', async () => {
      const res = await get('/open311/v2/requests.json?jurisdiction_id=ta');
      const x = await get('/open311/v2/requests.xml?jurisdiction_id=ta');
      for (const body of [res.body, x.body]) {
        for (const value of [...Object.values(PERSONAL), '13812345678', '王小明', '138****5678', DESCRIPTION]) {
          expect(body).not.toContain(value);
        }
      }
    });
  });

  it('answers the rate limit as the specification’s error list', async () => {
    const limited = await testApp(handle, clock, { rateLimitPerMinute: 2, webRoot: null });
    try {
      const url = '/open311/v2/services.json?jurisdiction_id=ta';
      await limited.inject({ method: 'GET', url });
      await limited.inject({ method: 'GET', url });
      const res = await limited.inject({ method: 'GET', url: url.replace('.json', '.xml') });
      expect(res.statusCode).toBe(429);
      expect(res.body).toContain(
        '<errors><error><code>429</code><description>too many requests; try again later / 请求过于频繁，请稍后再试</description>',
      );
    } finally {
      await limited.close();
    }
  });
});
