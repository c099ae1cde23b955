import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { CaseStatus } from '@qisu/core';
import { dayToDate, shanghaiDay } from '@qisu/core';
import { createCase } from '../cases/cases.service.js';
import type { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import { detectHotspots } from '../hotspots/hotspots.service.js';
import { channelProviders } from '../outbox/channels.js';
import { dispatchOutbox } from '../outbox/dispatch.service.js';
import { seedDemoOpen311Client } from '../open311/open311-clients.service.js';
import { driveTo } from './drive.js';
import type { FuzzContext, Operation } from './fuzz.js';
import { loginAs } from './http.js';
import type { Client } from './http.js';
import type { World } from './world.js';
import { seedWebhookWithDeadLetter } from './webhook-fixture.js';
import { fixtureUscc, seedWorld, TEST_PASSWORD } from './world.js';

/** The actors the fuzzer sends as: two privileged, two narrow. */
export const FUZZ_ACTORS = { hub: 'ta.hub', admin: 'ta.admin', entA: 'ta.entA', unit1: 'ta.unit1' } as const;
/** One of the fuzzer's actors, by its key. */
export type FuzzActor = keyof typeof FUZZ_ACTORS;

/** The user whose wrong passwords the login route counts (the fuzzer's logins name it). */
export const LOGIN_TARGET = 'fuzz.login';

/** Reports of one problem, enough of them for a hotspot group. */
const OUTAGES = [
  ['智造产业园频繁停电影响生产', '园区本周已经停电三次，每次两到三个小时，生产线被迫停工，请供电部门排查园区线路。'],
  ['智造产业园又停电了', '今天上午产业园再次突然停电，数控机床受损，希望尽快解决园区供电线路问题。'],
  ['反映智造产业园停电问题', '我司位于智造产业园，近期多次无预告停电，订单交付延误，请排查供电线路。'],
  ['智造产业园停电频繁请求排查', '产业园内企业普遍反映停电频繁，冷库货物受损，请供电公司排查线路并提前通知。'],
  ['产业园突然停电造成损失', '智造产业园昨晚突然停电，注塑设备停机，原料报废，请求解决园区供电不稳定。'],
  ['智造产业园供电不稳定', '园区电压忽高忽低并且经常停电，生产无法安排，请有关部门排查产业园线路。'],
] as const;

/** Cases in every state a command may meet, of enterprise A in jurisdiction `ta`. */
const CASE_STATES: CaseStatus[] = [
  'submitted',
  'screening',
  'dispatched',
  'signed',
  'contacted',
  'feedback',
  'replied',
  'redo',
  'review',
  'rated',
  'closed',
  'answered',
  'rejected',
];

/** The fuzzer's world: the fixture world, own objects of every kind, and sessions of its actors. */
export interface FuzzWorld {
  world: World;
  /** Real values of path parameters, by the path segment before the parameter (`cases`, `views` …). */
  pools: Record<string, readonly (string | number)[]>;
  context: FuzzContext;
  sessions: Record<FuzzActor, Client>;
  /** Signs an actor in again (after a generated logout ended its session). */
  relogin(actor: FuzzActor): Promise<Client>;
}

/**
 * Seeds the fixture world and, through the services and the API, one or more own objects of every
 * kind a path names — cases in each state, units, users, views, routing rules, policies, a
 * hotspot, notifications, an attachment, calendar overrides — so generated requests reach handlers.
 */
export async function seedFuzzWorld(
  deps: Deps & { clock: ManualClock },
  app: FastifyInstance,
  dataDir: string,
): Promise<FuzzWorld> {
  const w = await seedWorld(deps.db);
  const login = (actor: FuzzActor) => loginAs(app, FUZZ_ACTORS[actor], TEST_PASSWORD);
  const sessions = {
    hub: await login('hub'),
    admin: await login('admin'),
    entA: await login('entA'),
    unit1: await login('unit1'),
  };
  const ok = async (res: Promise<{ statusCode: number; body: string }>, what: string) => {
    const r = await res;
    if (r.statusCode >= 300) throw new Error(`fuzz world: ${what} answered ${r.statusCode} ${r.body}`);
    return JSON.parse(r.body) as Record<string, unknown>;
  };
  const idOf = async (res: Promise<{ statusCode: number; body: string }>, what: string) =>
    String((await ok(res, what))['id']);

  const cases: string[] = [];
  for (const status of CASE_STATES) {
    deps.clock.advance(60_000);
    cases.push(await driveTo(deps, w, status, `模糊测试诉求（${status}）`));
  }
  cases.push((await createCase(deps, w.actors.hubB, { title: '乙县诉求', content: '乙县企业反映的问题' })).id);
  for (const [title, content] of OUTAGES) {
    deps.clock.advance(3_600_000);
    cases.push((await createCase(deps, w.actors.hub, { title, content })).id);
  }
  await detectHotspots(deps, w.jurisdictionA);
  await dispatchOutbox(deps, channelProviders({ sms: 'off', wechat: 'off', logPath: join(dataDir, 'outbox.log') }));

  const { admin, hub, entA, unit1 } = sessions;
  const unit = await idOf(admin.post('/api/v1/units', { name: '模糊测试科', kind: 'department' }), 'unit');
  const targetUser = await idOf(
    admin.post('/api/v1/users', {
      username: 'fuzz.target',
      name: '被改的用户',
      password: TEST_PASSWORD,
      roles: ['unit_handler'],
      unitId: unit,
    }),
    'user',
  );
  const loginUser = await idOf(
    admin.post('/api/v1/users', {
      username: LOGIN_TARGET,
      name: '登录目标',
      password: TEST_PASSWORD,
      roles: ['unit_handler'],
      unitId: unit,
    }),
    'login user',
  );
  const rule = await idOf(
    admin.post('/api/v1/routing-rules', { categoryId: w.categoryId, leadUnitId: w.units.dept1 }),
    'routing rule',
  );
  const views = [
    await idOf(hub.post('/api/v1/views', { name: '待研判', query: { status: 'submitted' } }), 'hub view'),
    await idOf(entA.post('/api/v1/views', { name: '我的诉求', query: { status: 'replied' } }), 'enterprise view'),
    await idOf(unit1.post('/api/v1/views', { name: '已交办', query: { status: 'dispatched' } }), 'unit view'),
  ];
  const policy = await idOf(
    admin.post('/api/v1/policies', {
      title: '某县惠企若干措施',
      text: '第一条 稳岗返还。上年度未裁员的企业予以返还。\n第二条 房租减免。小微企业减免3个月租金。',
    }),
    'policy',
  );
  // The policy supermarket: the policy applied for online, decided by dept1, and enterprise A's application.
  await ok(
    app.inject({
      method: 'PUT',
      url: `/api/v1/policies/${policy}/targeting`,
      headers: { authorization: `Bearer ${admin.token}` },
      payload: { online: true, issuingUnitId: w.units.dept1 },
    }),
    'policy targeting',
  );
  const application = await idOf(
    entA.post('/api/v1/policy-applications', { policyId: policy, text: '申请稳岗返还' }),
    'policy application',
  );
  await ok(
    app.inject({
      method: 'PUT',
      url: '/api/v1/calendar/overrides/2026-11-09',
      headers: { authorization: `Bearer ${admin.token}` },
      payload: { working: false, name: '调休' },
    }),
    'calendar override',
  );
  const boundary = 'qisuWorldBoundary';
  const upload = await idOf(
    app.inject({
      method: 'POST',
      url: `/api/v1/cases/${cases[0]}/attachments`,
      headers: { authorization: `Bearer ${hub.token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="说明.txt"\r\n` +
          `content-type: text/plain\r\n\r\n企业提交的补充说明\r\n--${boundary}--\r\n`,
      ),
    }),
    'attachment',
  );

  const profile = await ok(admin.get('/api/v1/profile'), 'profile');
  await ok(
    app.inject({
      method: 'PUT',
      url: '/api/v1/profile',
      headers: { authorization: `Bearer ${admin.token}` },
      payload: { profile, note: '模糊测试' },
    }),
    'profile version',
  );

  const document = await idOf(hub.post('/api/v1/reports/documents', { period: '2026-10' }), 'notice');
  const libraryEntry = await idOf(
    hub.post('/api/v1/library', {
      caseId: cases[CASE_STATES.indexOf('closed')],
      problem: '模糊测试经验问题',
      resolution: '模糊测试经验办法',
    }),
    'library entry',
  );
  const activity = await idOf(
    hub.post('/api/v1/activities', {
      kind: 'enterprise_day',
      title: '模糊测试领导进企业日',
      heldAt: '2026-11-02T08:00:00+08:00',
      enterpriseIds: [w.enterprises.a],
    }),
    'activity',
  );
  const serviceItem = await idOf(
    hub.post('/api/v1/service-items', {
      catalogue: 'matters',
      field: 'licensing',
      name: '模糊测试事项',
      providerUnitId: w.units.dept1,
      appointment: true,
    }),
    'service item',
  );
  const serviceOther = await idOf(
    hub.post('/api/v1/service-items', {
      catalogue: 'value_added',
      field: 'finance',
      name: '模糊测试融资服务',
      providerUnitId: w.units.dept3,
    }),
    'service item',
  );
  const serviceBundle = await idOf(
    hub.post('/api/v1/service-bundles', { name: '模糊测试一件事', itemIds: [serviceItem, serviceOther] }),
    'service bundle',
  );
  const grid = await idOf(hub.post('/api/v1/grids', { name: '模糊测试网格', townUnitId: w.units.town }), 'grid');
  const project = await idOf(
    hub.post('/api/v1/projects', { name: '模糊测试项目', stage: 'signed', responsibleUnitId: w.units.dept1 }),
    'project',
  );
  const hotspots = (await deps.db.selectFrom('hotspot_groups').select('id').execute()).map((r) => r.id);
  const notifications = (await deps.db.selectFrom('notifications').select('id').execute()).map((r) => r.id);
  if (hotspots.length === 0 || notifications.length === 0) {
    throw new Error('fuzz world: expected a hotspot group and notifications');
  }
  await deps.db
    .insertInto('intake_keys')
    .values({
      id: 'ta-fuzz',
      jurisdiction_id: w.jurisdictionA,
      source: '12345 热线',
      channel: 'hotline12345',
      secret: deps.pii.encrypt('fuzz-secret'),
      created_by: null,
      created_at: deps.clock.now(),
      revoked_at: null,
      last_used_at: null,
    })
    .execute();
  // Open311: the demo key of `ta`, a client for the admin's routes, a request filed and its token.
  await seedDemoOpen311Client(deps.db, { id: w.jurisdictionA, code: 'ta' }, null, deps.clock.now());
  const open311Client = await idOf(
    admin.post('/api/v1/admin/open311-clients', { name: '模糊测试客户端' }),
    'open311 client',
  );
  const filed = await app.inject({
    method: 'POST',
    url: '/open311/v2/requests.json',
    payload: { api_key: 'qisu-demo-ta', service_code: 'policy', address_string: '模糊路' },
  });
  if (filed.statusCode !== 200)
    throw new Error(`fuzz world: open311 filing answered ${filed.statusCode} ${filed.body}`);
  const open311 = filed.json<{ service_request_id: string; token: string }[]>()[0]!;
  /** Path values of Open311, by parameter: several sit in one segment (`{service_code}.{format}`). */
  const open311Values: Record<string, readonly string[]> = {
    format: ['json', 'xml'],
    service_code: ['policy', 'policy.none'],
    service_request_id: [open311.service_request_id, 'TB-2026-000001'],
    token: [open311.token],
  };
  const hook = await seedWebhookWithDeadLetter(deps.db, deps, w.jurisdictionA, cases[0]!);
  // A round today and a questionnaire to the enterprises solicited today, for its reads and answers.
  await idOf(
    hub.post('/api/v1/solicitations', { enterpriseId: w.enterprises.a, method: 'visit', problems: [] }),
    'solicitation',
  );
  const today = shanghaiDay(deps.clock.now());
  const questionnaire = await idOf(
    hub.post('/api/v1/questionnaires', { title: '模糊测试问卷', from: dayToDate(today), to: dayToDate(today + 1) }),
    'questionnaire',
  );
  const versions = (await deps.db.selectFrom('profiles').select('version').execute()).map((r) => Number(r.version));
  const otherUser = w.actors.unitB.userId;

  const pools: FuzzWorld['pools'] = {
    units: [unit, w.units.dept3, w.units.b1],
    users: [targetUser, loginUser, otherUser],
    enterprises: Object.values(w.enterprises),
    cases,
    versions: versions.length > 0 ? [...new Set([...versions, 1])] : [1],
    overrides: ['2026-11-09', '2026-11-10', '2027-01-01'],
    notices: [2026, 2027],
    'routing-rules': [rule],
    views,
    policies: [policy],
    'policy-applications': [application],
    jurisdictions: ['ta', 'tb'],
    hotspots,
    notifications,
    attachments: [upload],
    documents: [document],
    library: [libraryEntry],
    'service-items': [serviceItem, serviceOther],
    'service-bundles': [serviceBundle],
    activities: [activity],
    grids: [grid],
    projects: [project],
    'intake-keys': ['ta-fuzz'],
    webhooks: [hook.webhookId],
    deliveries: [hook.deliveryId],
    'open311-clients': [open311Client],
    // The units whose weekly problem ledger is read: the liaison's town, another unit, another jurisdiction's.
    ledgers: [w.units.town, w.units.dept1, w.units.b1],
    questionnaires: [questionnaire],
  };
  const ids = [
    ...Object.values(w.units),
    ...Object.values(w.enterprises),
    w.categoryId,
    ...cases,
    unit,
    targetUser,
    rule,
    policy,
    ...hotspots,
    document,
  ];
  const context: FuzzContext = {
    ids,
    pathValues: (op: Operation, param: string) => {
      if (op.path.startsWith('/open311/')) return open311Values[param] ?? null;
      const segments = op.path.split('/');
      const at = segments.indexOf(`{${param}}`);
      return at > 0 ? (pools[segments[at - 1]!] ?? null) : null;
    },
    // Members whose schema in the document is a bare string (a list of enum values, a day, a duration spec).
    memberValues: {
      username: [LOGIN_TARGET],
      password: [TEST_PASSWORD],
      mobile: ['13812341234', '13900000066'],
      profile: [profile],
      caseId: cases.slice(0, 3),
      policyId: [policy],
      intoCaseId: cases.slice(0, 3),
      categoryId: [w.categoryId],
      unitId: [w.units.dept1, unit],
      leadUnitId: [w.units.dept1, w.units.dept2],
      enterpriseId: [w.enterprises.a, w.enterprises.b],
      liaisonUserId: [w.actors.liaison.userId],
      uscc: [1, 2, 3].map((n) => fixtureUscc('330824', 900 + n)),
      regionCode: ['330824', '330824101'],
      industryCode: ['C2929'],
      code: ['ta', 'tb'],
      status: ['submitted', 'dispatched,signed', 'closed'],
      channel: ['web', 'phone,qr'],
      duration: ['5wd', '9999wd', '9999wh', '24h', 'same-day', 'immediate'],
      from: ['2026-10-01'],
      to: ['2026-11-30'],
      api_key: ['qisu-demo-ta'],
      jurisdiction_id: ['ta', 'tb'],
      service_code: ['policy'],
      address_string: ['模糊路'],
      // A link the attachment fetch job would fetch (no job runs in the fuzz: nothing is fetched).
      media_url: ['https://img.example.cn/lamp.jpg'],
      service_request_id: [open311.service_request_id],
    },
  };
  return {
    world: w,
    pools,
    context,
    sessions,
    relogin: async (actor) => (sessions[actor] = await login(actor)),
  };
}
