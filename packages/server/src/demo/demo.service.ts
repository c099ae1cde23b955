import type { CaseCommand, Profile } from '@qisu/core';
import type { TrainingExample } from '@qisu/triage';
import { dayToDate, nearestOnScale, shanghaiDay, usccCheckChar } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { loadActor } from '../auth/auth.service.js';
import { hashPassword } from '../auth/password.js';
import { sweepDue } from '../clocks/sweep.service.js';
import { activeProfile } from '../profiles/profiles.service.js';
import { presetProfiles } from '../profiles/presets.js';
import { installJurisdiction, setupUnit, setupUser } from '../jurisdictions/jurisdictions.service.js';
import { runCaseCommand } from '../cases/commands/run-command.js';
import type { CommandBodies } from '../cases/commands/registry.js';
import { createCase } from '../cases/cases.service.js';
import { detectHotspots } from '../hotspots/hotspots.service.js';
import { ManualClock } from '../clock.js';
import { storePolicy } from '../policies/policies.service.js';
import { createLibraryEntry, updateLibraryEntry } from '../library/library.service.js';
import { createServiceBundle, createServiceItem } from '../service-items/service-items.service.js';
import { recordSolicitation } from '../solicitations/solicitations.service.js';
import { sendQuestionnaire } from '../questionnaires/questionnaires.service.js';
import { recordActivity } from '../activities/activities.service.js';
import { seedDemoLedger } from './demo-ledger.js';
import { trainAndActivate } from '../triage/triage.service.js';
import type { Deps } from '../context.js';
import { demoIntakeKey } from '../intake/intake.service.js';
import { seedDemoOpen311Client } from '../open311/open311-clients.service.js';
import { mobileLookup } from '../pii/pii.service.js';
import type { DemoCaseTemplate, DemoJurisdiction, DemoPolicy } from './demo-data.js';
import { loadDemoData } from './demo-data.js';
import {
  hasNoJurisdiction,
  insertDemoEnterprise,
  insertDemoIntakeKey,
  anyUserNamed,
  insertRegions,
  insertRoutingRules,
} from './demo.repository.js';

/** The demo user names of SPEC §10, without the jurisdiction prefix. */
export const DEMO_USERS = [
  'admin',
  'hub',
  'unit1',
  'unit2',
  'head1',
  'leader',
  'discipline',
  'liaison',
  'ent1',
  'ent2',
] as const;

const ORG_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A valid 统一社会信用代码 for demo enterprise `index` of a county: 91 + county code + 9 characters + check. */
export function demoUscc(countyCode: string, index: number, salt: number): string {
  let n = (index + 1) * 7919 + salt * 104729;
  let org = '';
  for (let i = 0; i < 9; i++) {
    org += ORG_ALPHABET[n % ORG_ALPHABET.length] ?? '0';
    n = Math.floor(n / ORG_ALPHABET.length) + (i + 3) * 131;
  }
  const first17 = `91${countyCode.slice(0, 6)}${org}`;
  return first17 + usccCheckChar(first17);
}

/**
 * Where each demo case ends up: every state of the loop is present in every jurisdiction. The
 * list runs from the oldest case to the newest, so finished cases are old and new ones are new.
 */
const FINAL_STATES: readonly string[] = [
  ...Array<string>(9).fill('closed'),
  ...Array<string>(3).fill('rated'),
  ...Array<string>(2).fill('review'),
  ...Array<string>(3).fill('redo'),
  ...Array<string>(4).fill('answered'),
  ...Array<string>(3).fill('rejected'),
  ...Array<string>(5).fill('replied'),
  ...Array<string>(3).fill('feedback'),
  ...Array<string>(3).fill('contacted'),
  ...Array<string>(4).fill('signed'),
  ...Array<string>(2).fill('returned'),
  ...Array<string>(5).fill('dispatched'),
  ...Array<string>(2).fill('merged'),
  ...Array<string>(4).fill('screening'),
  ...Array<string>(4).fill('submitted'),
];

type Who = 'hub' | 'lead' | 'co' | 'enterprise' | 'leader' | 'discipline';
interface Step {
  who: Who;
  command: CaseCommand;
  body: Record<string, unknown>;
}

const REPLY_TEXT = '经核实，已会同相关单位现场办理，问题已按企业诉求解决，办理结果已电话告知企业。';

/** What a jurisdiction's loop does with an unsatisfied case, as the demo walks it. */
type DemoLoop = Pick<Profile['loop'], 'reviewAfterRounds' | 'unsatisfiedTo'>;

function stepsTo(final: string, t: DemoCaseTemplate, idx: number, loop: DemoLoop): Step[] {
  const accept: Step = { who: 'hub', command: 'accept', body: {} };
  // Complex cases go through the coordination group (径河 seed 000), led by the leader.
  const dispatch: Step = {
    who: t.complexity === 'complex' ? 'leader' : 'hub',
    command: 'dispatch',
    body: { complexity: t.complexity },
  };
  const sign: Step = { who: 'lead', command: 'sign', body: {} };
  const contact: Step = {
    who: 'lead',
    command: 'contact',
    body: { note: '已电话联系企业负责人，约定次日上门了解情况。' },
  };
  const feedback: Step = {
    who: 'lead',
    command: 'feedback',
    body: { text: '已到企业现场查看，初步意见已反馈企业，正在协调办理。' },
  };
  const reply = (text = REPLY_TEXT): Step => ({ who: 'lead', command: 'reply', body: { result: 'solved', text } });
  const rate = (score: number, comment: string): Step => ({
    who: 'enterprise',
    command: 'rate',
    body: { score, comment },
  });
  const handled = [accept, dispatch, sign, contact, feedback, reply()];
  switch (final) {
    case 'submitted':
      return [];
    case 'screening':
      return [accept];
    case 'returned':
      return [
        accept,
        dispatch,
        sign,
        { who: 'lead', command: 'return', body: { reason: '该事项不属于本单位职责，建议交由属地镇街办理。' } },
      ];
    case 'rejected':
      return [
        accept,
        {
          who: 'hub',
          command: 'reject',
          body: { reason: '经研判，该诉求不属于涉企事项，已告知企业通过12345热线反映。' },
        },
      ];
    case 'merged':
      return [accept, { who: 'hub', command: 'merge', body: {} }];
    case 'answered':
      return [
        accept,
        {
          who: 'hub',
          command: 'answer',
          body: { text: '根据现行政策规定，符合条件的企业可在线提交申请，所需材料及办理流程已通过短信发送给您。' },
        },
      ];
    case 'dispatched':
      return idx % 2 === 0
        ? [accept, dispatch]
        : [
            accept,
            dispatch,
            { who: 'hub', command: 'supervise', body: { by: 'platform', instruction: '请尽快签收并与企业联系。' } },
          ];
    case 'signed':
      return idx % 2 === 0
        ? [accept, dispatch, sign]
        : [
            accept,
            dispatch,
            sign,
            { who: 'lead', command: 'extend', body: { reason: '需等待上级部门批复，申请延期。', days: 10 } },
          ];
    case 'contacted':
      return [accept, dispatch, sign, contact];
    case 'feedback':
      return idx % 2 === 0
        ? [accept, dispatch, sign, contact, feedback]
        : [
            accept,
            dispatch,
            sign,
            contact,
            feedback,
            {
              who: 'leader',
              command: 'supervise',
              body: { by: 'leader', instruction: '涉及多部门，请牵头单位加强协调，本周内给企业明确答复。' },
            },
          ];
    case 'replied':
      return handled;
    case 'rated':
      return [...handled, rate(5, '办理及时，非常满意。')];
    case 'redo':
      // 径河街 sends an unsatisfied case back to the hub, which dispatches it again (再次派单).
      return loop.unsatisfiedTo === 'hub'
        ? [...handled, rate(2, '问题没有实质解决，希望再协调。'), dispatch]
        : [...handled, rate(2, '问题没有实质解决，希望再协调。')];
    case 'review': {
      const again =
        loop.unsatisfiedTo === 'hub'
          ? [dispatch, sign, reply('已再次上门核实并重新协调，目前受客观条件限制，仅能部分解决。')]
          : [reply('已再次上门核实并重新协调，目前受客观条件限制，仅能部分解决。')];
      const twice = [...handled, rate(1, '答复与实际情况不符。'), ...again, rate(2, '仍未解决。')];
      // Where the seed names no review, the hub closes the twice-unsatisfied case with its reason.
      return loop.reviewAfterRounds === undefined
        ? [
            ...twice,
            {
              who: 'hub',
              command: 'close',
              body: { reason: '经两轮办理，诉求涉及规划调整，超出本级权限；已向企业说明并纳入年度计划跟踪。' },
            },
          ]
        : twice;
    }
    case 'closed':
      return [
        ...handled,
        rate(idx % 3 === 0 ? 4 : 5, '满意，感谢帮助企业解决难题。'),
        { who: 'hub', command: 'revisit', body: { method: 'phone', note: '电话回访，企业表示满意。' } },
        { who: 'hub', command: 'close', body: {} },
      ];
    default:
      return [];
  }
}

interface SeedReport {
  jurisdictions: number;
  users: number;
  enterprises: number;
  cases: number;
  /** The category model trained on the demo's cases, with its cross-validated macro-F1. */
  categoryModel?: { version: number; examples: number; macroF1: number | null };
}

/**
 * Loads the demo: the five jurisdictions of SPEC §10 with their regions, units, users,
 * enterprises and cases spread over every state. Cases are driven through the same commands
 * as the API, so their events and hash chains are real. Runs only on an empty database.
 */
export async function seedDemo(
  deps: Pick<Deps, 'db' | 'pii'>,
  options: { password: string; now?: Date; onProgress?: (message: string) => void },
): Promise<SeedReport> {
  if (!(await hasNoJurisdiction(deps.db)))
    throw new Error('数据库非空，未加载演示数据 / the database is not empty; demo data not loaded');
  const demo = loadDemoData();
  const passwordHash = await hashPassword(options.password);
  const report: SeedReport = { jurisdictions: 0, users: 0, enterprises: 0, cases: 0 };
  const end = options.now ?? new Date();
  for (const [jIndex, j] of demo.jurisdictions.entries()) {
    options.onProgress?.(`${j.code} ${j.name}`);
    const counts = await seedJurisdiction(deps, j, jIndex, passwordHash, end);
    report.jurisdictions++;
    report.users += counts.users;
    report.enterprises += counts.enterprises;
    report.cases += counts.cases;
  }
  options.onProgress?.('诉求分类模型 / category model');
  const model = await trainAndActivate(deps.db, { jurisdictionId: null, examples: demoTrainingSet(), now: end });
  report.categoryModel = { version: model.version, examples: model.examples, macroF1: model.quality?.macroF1 ?? null };
  return report;
}

/**
 * Whether the database holds demo accounts (`<code>.hub` …), whose password is published: the
 * server then listens only on this machine unless told otherwise.
 */
export async function hasDemoAccounts(db: Deps['db']): Promise<boolean> {
  const codes = loadDemoData().jurisdictions.map((j) => j.code);
  return anyUserNamed(
    db,
    codes.flatMap((code) => DEMO_USERS.map((user) => `${code}.${user}`)),
  );
}

/**
 * The demo's labelled cases for the category model: every case template of the five
 * jurisdictions, labelled with its first-level category's name (the name each jurisdiction's
 * category tree shares).
 */
export function demoTrainingSet(): TrainingExample[] {
  const demo = loadDemoData();
  const firstLevel = new Map<string, string>();
  for (const c of demo.categories) {
    firstLevel.set(c.key, c.name);
    for (const child of c.children) firstLevel.set(child.key, c.name);
  }
  return demo.jurisdictions.flatMap((j) =>
    j.cases.map((c) => ({ title: c.title, body: c.content, label: firstLevel.get(c.category) ?? c.category })),
  );
}

async function seedJurisdiction(
  deps: Pick<Deps, 'db' | 'pii'>,
  j: DemoJurisdiction,
  jIndex: number,
  passwordHash: string,
  end: Date,
): Promise<{ users: number; enterprises: number; cases: number }> {
  const db = deps.db;
  const countyCode = j.regionCode.slice(0, 6);
  await insertRegions(
    db,
    j.regions.map((r) => ({ code: r.code, name: r.name, level: r.level, parent_code: r.parentCode })),
  );
  const preset = presetProfiles().get(j.code);
  if (!preset) throw new Error(`no preset ${j.code}`);
  const { id: jid, categoryIds } = await db.transaction().execute((trx) =>
    installJurisdiction(trx, {
      code: j.code,
      name: j.name,
      fullName: j.fullName,
      level: j.level,
      regionCode: j.regionCode,
      brand: j.brand,
      parentId: null,
      profile: { ...preset },
      at: new Date(end.getTime() - 90 * 24 * 3600_000),
      note: `preset ${j.code}`,
    }),
  );

  const unitIds = new Map<string, string>();
  for (const u of j.units) {
    const id = await setupUnit(db, {
      jurisdiction_id: jid,
      name: u.name,
      kind: u.kind,
      region_code: u.regionCode,
      parent_id: null,
      contact_phone: u.contactPhone,
      ...(u.fallback ? { fallback: true } : {}),
    });
    unitIds.set(u.key, id);
  }
  const unitOfKind = (kind: string) => j.units.find((u) => u.kind === kind)?.key ?? j.units[0]?.key ?? '';
  const town = j.units.find((u) => u.kind === 'town')?.key ?? unitOfKind('hub');
  const staff: { name: string; username: string; roles: string[]; unitKey: string | null; mobile: string }[] = [
    { username: 'admin', name: '系统管理员', roles: ['admin'], unitKey: unitOfKind('hub'), mobile: '17000001001' },
    { username: 'hub', name: '营商办专员', roles: ['hub'], unitKey: unitOfKind('hub'), mobile: '17000001002' },
    { username: 'unit1', name: '承办人甲', roles: ['unit_handler'], unitKey: j.unit1Key, mobile: '17000001003' },
    { username: 'unit2', name: '承办人乙', roles: ['unit_handler'], unitKey: j.unit2Key, mobile: '17000001004' },
    { username: 'head1', name: '单位负责人', roles: ['unit_head'], unitKey: j.unit1Key, mobile: '17000002001' },
    {
      username: 'leader',
      name: '分管领导',
      roles: ['leader'],
      unitKey: unitOfKind('leadership'),
      mobile: '17000001005',
    },
    {
      username: 'discipline',
      name: '纪检监察员',
      roles: ['discipline'],
      unitKey: unitOfKind('discipline'),
      mobile: '17000001006',
    },
    { username: 'liaison', name: '助企联络员', roles: ['liaison'], unitKey: town, mobile: '17000001007' },
  ];
  const userIds = new Map<string, string>();
  let users = 0;
  for (const s of staff) {
    const id = await setupUser(db, {
      jurisdiction_id: jid,
      username: `${j.code}.${s.username}`,
      name: s.name,
      mobile: deps.pii.encrypt(s.mobile),
      mobile_lookup: mobileLookup(deps.pii, s.mobile),
      id_number: null,
      password_hash: passwordHash,
      roles: s.roles,
      unit_id: s.unitKey ? (unitIds.get(s.unitKey) ?? null) : null,
      enterprise_id: null,
      locked_until: null,
    });
    userIds.set(s.username, id);
    users++;
  }
  // One handler for every other unit that handles cases, so that every demo case can move.
  for (const u of j.units) {
    if (['hub', 'leadership', 'discipline'].includes(u.kind) || u.key === j.unit1Key || u.key === j.unit2Key) continue;
    const id = await setupUser(db, {
      jurisdiction_id: jid,
      username: `${j.code}.staff.${u.key}`,
      name: `${u.name}承办人`,
      mobile: null,
      id_number: null,
      password_hash: passwordHash,
      roles: ['unit_handler'],
      unit_id: unitIds.get(u.key) ?? null,
      enterprise_id: null,
      locked_until: null,
    });
    userIds.set(`staff.${u.key}`, id);
    users++;
  }

  await seedRouting(deps, j, { jid, unitIds, categoryIds, adminId: userIds.get('admin') ?? null, at: end });
  await seedDemoPolicies(deps, j, { jid, adminId: userIds.get('admin') ?? null, at: end });
  // The 12345 hotline's demo key (SPEC §10): `<code>-demo`, secret `qisu-demo-secret-<code>`.
  const intake = demoIntakeKey(j.code);
  await insertDemoIntakeKey(db, {
    id: intake.id,
    jurisdiction_id: jid,
    source: '12345 政务服务便民热线',
    channel: 'hotline12345',
    secret: deps.pii.encrypt(intake.secret),
    created_by: userIds.get('admin') ?? null,
    created_at: end,
    revoked_at: null,
    last_used_at: null,
  });
  // The jurisdiction's demo Open311 client (SPEC §10): api_key `qisu-demo-<code>`.
  await seedDemoOpen311Client(db, { id: jid, code: j.code }, userIds.get('admin') ?? null, end);

  const enterpriseIds: string[] = [];
  for (const [i, e] of j.enterprises.entries()) {
    const id = await insertDemoEnterprise(db, {
      jurisdiction_id: jid,
      uscc: demoUscc(countyCode, i, jIndex),
      name: e.name,
      industry_code: e.industryCode,
      industry_name: e.industryName,
      scale: e.scale,
      above_designated_size: e.aboveDesignatedSize,
      region_code: e.regionCode,
      grid: null,
      liaison_user_id: i % 2 === 0 ? (userIds.get('liaison') ?? null) : null,
      contacts: JSON.stringify([{ name: e.contactName, mobile: deps.pii.encrypt(e.contactMobile), title: '负责人' }]),
      notes: e.notes,
    });
    enterpriseIds.push(id);
  }
  for (const [k, username] of (['ent1', 'ent2'] as const).entries()) {
    const e = j.enterprises[k];
    const id = await setupUser(db, {
      jurisdiction_id: jid,
      username: `${j.code}.${username}`,
      name: e?.contactName ?? username,
      mobile: deps.pii.seal(e?.contactMobile),
      mobile_lookup: mobileLookup(deps.pii, e?.contactMobile),
      id_number: null,
      password_hash: passwordHash,
      roles: ['enterprise'],
      unit_id: null,
      enterprise_id: enterpriseIds[k] ?? null,
      locked_until: null,
    });
    userIds.set(username, id);
    users++;
  }

  const cases = await seedCases(deps, j, { jid, unitIds, userIds, enterpriseIds, categoryIds, end });
  return { users, enterprises: enterpriseIds.length, cases };
}

/** The jurisdiction's routing catalogue; a key that names no unit or category is a bug in the demo data. */
async function seedRouting(
  deps: Pick<Deps, 'db'>,
  j: DemoJurisdiction,
  ids: {
    jid: string;
    unitIds: Map<string, string>;
    categoryIds: Map<string, string>;
    adminId: string | null;
    at: Date;
  },
): Promise<void> {
  const unit = (key: string) => {
    const id = ids.unitIds.get(key);
    if (!id) throw new Error(`demo routing of ${j.code}: no unit ${key}`);
    return id;
  };
  const rules = j.routing.map((r) => {
    const categoryId = r.category === null ? null : (ids.categoryIds.get(r.category) ?? null);
    if (r.category !== null && !categoryId) throw new Error(`demo routing of ${j.code}: no category ${r.category}`);
    return {
      jurisdiction_id: ids.jid,
      category_id: categoryId,
      region_code: r.region,
      lead_unit_id: unit(r.lead),
      co_unit_ids: (r.co ?? []).map(unit),
      complexity: r.complexity ?? null,
      note: r.note ?? null,
      created_by: ids.adminId,
      created_at: ids.at,
      updated_by: ids.adminId,
      updated_at: ids.at,
    };
  });
  if (rules.length > 0) await insertRoutingRules(deps.db, rules);
}

interface SeedIds {
  jid: string;
  unitIds: Map<string, string>;
  userIds: Map<string, string>;
  enterpriseIds: string[];
  categoryIds: Map<string, string>;
  end: Date;
}

async function seedCases(deps: Pick<Deps, 'db' | 'pii'>, j: DemoJurisdiction, ids: SeedIds): Promise<number> {
  const clock = new ManualClock(ids.end);
  const d: Deps = { db: deps.db, clock, pii: deps.pii };
  const actors = new Map<string, Actor>();
  const actorFor = async (userKey: string): Promise<Actor> => {
    const cached = actors.get(userKey);
    if (cached) return cached;
    const userId = ids.userIds.get(userKey);
    const actor = userId ? await loadActor(deps.db, userId) : null;
    if (!actor) throw new Error(`demo user ${userKey} missing`);
    actors.set(userKey, actor);
    return actor;
  };
  const profile = await activeProfile(deps.db, ids.jid);
  const loop: DemoLoop = profile.loop;
  const handlerKey = (unitKey: string) =>
    unitKey === j.unit1Key ? 'unit1' : unitKey === j.unit2Key ? 'unit2' : `staff.${unitKey}`;

  const templates = j.cases;
  const hour = 3600_000;
  const day = 24 * hour;
  // Finished cases are spread over four months, so that each month has its closings to report
  // and rank; cases still open were filed in the last six weeks, and the duplicates last of all,
  // once the cases they repeat are there to merge into.
  const FINISHED = ['closed', 'rated', 'answered', 'rejected'];
  const finalOf = (i: number) => FINAL_STATES[i % FINAL_STATES.length] ?? 'submitted';
  const finished = templates.flatMap((_, i) => (FINISHED.includes(finalOf(i)) ? [i] : []));
  const open = templates.flatMap((_, i) => (FINISHED.includes(finalOf(i)) ? [] : [i]));
  const spanOf = (i: number) => (FINISHED.includes(finalOf(i)) ? 120 * day : 42 * day);
  // A stride prime to the group's size interleaves its states over time (closed, rated, answered …).
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const positionOf = (i: number) => {
    if (finalOf(i) === 'merged') return 1;
    const group = FINISHED.includes(finalOf(i)) ? finished : open;
    const stride = [5, 7, 11, 13].find((k) => gcd(k, group.length) === 1) ?? 1;
    return ((group.indexOf(i) * stride) % group.length) / Math.max(1, group.length);
  };
  interface Planned {
    at: number;
    caseIndex: number;
    step: Step | 'create';
  }
  const plan: Planned[] = [];
  for (const [i, t] of templates.entries()) {
    const final = finalOf(i);
    const steps = stepsTo(final, t, i, loop);
    // Cases whose loop is longer start earlier, so that every step lies in the past.
    const span = spanOf(i);
    const created = ids.end.getTime() - span + Math.floor(positionOf(i) * (span - (steps.length + 2) * 20 * hour));
    plan.push({ at: created, caseIndex: i, step: 'create' });
    let at = created;
    steps.forEach((step, k) => {
      at += (3 + ((i + k) % 7) * 2) * hour;
      plan.push({ at, caseIndex: i, step });
    });
  }
  plan.sort((a, b) => a.at - b.at || a.caseIndex - b.caseIndex);

  const caseIds = new Map<number, string>();
  // Which enterprise files each case: the two demo enterprise contacts get a share of every kind.
  const enterpriseIndex = (i: number) =>
    i % 4 === 0 ? 0 : i % 4 === 1 ? 1 : 2 + (i % Math.max(1, ids.enterpriseIds.length - 2));

  for (const p of plan) {
    clock.set(new Date(p.at));
    // Timers fire at their own time, as the server's sweeper would have done.
    await sweepDue(d);
    const t = templates[p.caseIndex];
    if (!t) continue;
    const eIndex = enterpriseIndex(p.caseIndex);
    if (p.step === 'create') {
      const byEnterprise = eIndex < 2;
      // The liaison records demands only for the enterprises on their ledger (every other one).
      const byLiaison = !byEnterprise && p.caseIndex % 3 === 0 && eIndex % 2 === 0;
      const actor = await actorFor(byEnterprise ? (eIndex === 0 ? 'ent1' : 'ent2') : byLiaison ? 'liaison' : 'hub');
      const created = await createCase(d, actor, {
        title: t.title,
        content: t.content,
        kind: t.kind,
        categoryId: ids.categoryIds.get(t.category),
        channel: byEnterprise
          ? 'mobile'
          : byLiaison
            ? 'liaison'
            : (['phone', 'hotline12345', 'web', 'visit'] as const)[p.caseIndex % 4],
        enterpriseId: ids.enterpriseIds[eIndex],
      });
      caseIds.set(p.caseIndex, created.id);
      continue;
    }
    const caseId = caseIds.get(p.caseIndex);
    if (!caseId) continue;
    const step = p.step;
    let actorKey: string;
    switch (step.who) {
      case 'hub':
      case 'leader':
      case 'discipline':
        actorKey = step.who;
        break;
      case 'lead':
        actorKey = handlerKey(t.leadUnitKey);
        break;
      case 'co':
        actorKey = handlerKey(t.coUnitKeys[0] ?? t.leadUnitKey);
        break;
      case 'enterprise':
        actorKey = eIndex === 0 ? 'ent1' : eIndex === 1 ? 'ent2' : 'hub';
        break;
    }
    const body: Record<string, unknown> = { ...step.body };
    if (step.command === 'dispatch') {
      body['leadUnitId'] = ids.unitIds.get(t.leadUnitKey);
      body['coUnitIds'] = t.coUnitKeys.map((k) => ids.unitIds.get(k)).filter((x): x is string => Boolean(x));
    }
    if (step.command === 'merge') {
      const target = [...caseIds.entries()].find(([k]) => ['dispatched', 'signed', 'contacted'].includes(finalOf(k)));
      const fallback = [...caseIds.entries()].find(([k]) => k !== p.caseIndex);
      body['intoCaseId'] = (target ?? fallback)?.[1];
    }
    if (step.command === 'rate') {
      // The templates speak the five-level scale; each jurisdiction answers on its own.
      body['score'] = nearestOnScale(profile.rating, Number(body['score']));
    }
    if (step.command === 'extend') {
      body['until'] = new Date(p.at + Number(body['days']) * 24 * hour).toISOString();
      delete body['days'];
    }
    await runCaseCommand(
      d,
      await actorFor(actorKey),
      caseId,
      step.command,
      body as CommandBodies[typeof step.command],
      {
        answer: 'masked',
      },
    );
  }
  // Demands come back: enterprise 1 repeats one still being handled (a likely duplicate when
  // screening) and enterprise 2 reports a problem like one already closed (a similar solved case).
  clock.set(new Date(ids.end.getTime() - 2 * hour));
  const echoes = [
    {
      final: 'dispatched',
      user: 'ent1',
      enterprise: 0,
      title: '再次反映：{t}',
      content: '{c}此前已经反映过，至今仍未解决，请加快办理。',
    },
    {
      final: 'closed',
      user: 'ent2',
      enterprise: 1,
      title: '{t}（同类问题）',
      content: '我们企业也遇到同样的情况：{c}',
    },
  ];
  let echoed = 0;
  for (const e of echoes) {
    const t = templates.find((_, i) => FINAL_STATES[i % FINAL_STATES.length] === e.final);
    if (!t) continue;
    await createCase(d, await actorFor(e.user), {
      title: e.title.replace('{t}', t.title),
      content: e.content.replace('{c}', t.content),
      kind: t.kind,
      channel: 'mobile',
      enterpriseId: ids.enterpriseIds[e.enterprise],
    });
    echoed++;
  }
  // The demo county shows a hotspot: one park's enterprises report the same outages.
  if (j.hotspot) {
    echoed += await seedDemoHotspots(
      { ...d, clock },
      {
        hub: await actorFor('hub'),
        hotspot: j.hotspot,
        enterpriseIds: ids.enterpriseIds,
        categoryId: ids.categoryIds.get(j.hotspot.category),
        end: ids.end,
      },
    );
  }
  clock.set(ids.end);
  await sweepDue(d);
  if (j.hotspot) await detectHotspots(d, ids.jid);
  await seedDemoLibrary(d, await actorFor('hub'), j, (title) => {
    const index = templates.findIndex((t) => t.title === title);
    return index >= 0 ? caseIds.get(index) : undefined;
  });
  await seedDemoServices(d, await actorFor('hub'), j, ids.unitIds);
  const solicited = await seedDemoSolicitations({ ...d, clock }, await actorFor('liaison'), j, ids);
  const visited = await seedDemoActivities({ ...d, clock }, actorFor, j, ids);
  await seedDemoLedger({ ...d, clock }, actorFor, j, ids);
  clock.set(ids.end);
  if (j.questionnaire && j.solicitations?.length) {
    // The period runs from the day of the earliest round to the demo's end, inclusive.
    const earliest = Math.max(...j.solicitations.map((r) => r.hoursAgo));
    await sendQuestionnaire(d, await actorFor('hub'), {
      title: j.questionnaire.title,
      from: dayToDate(shanghaiDay(+ids.end - earliest * 3_600_000)),
      to: dayToDate(shanghaiDay(ids.end) + 1),
    });
  }
  return caseIds.size + echoed + solicited + visited;
}

/**
 * The activity log of the demo (走访与活动, a leader's day in enterprises), each activity at its own
 * time before the demo's end, through the activity service; answers how many cases it filed.
 */
async function seedDemoActivities(
  deps: Deps & { clock: ManualClock },
  actorFor: (userKey: string) => Promise<Actor>,
  j: DemoJurisdiction,
  ids: { enterpriseIds: readonly string[]; userIds: ReadonlyMap<string, string>; end: Date },
): Promise<number> {
  let filed = 0;
  const enterprise = (index: number) => {
    const id = ids.enterpriseIds[index];
    if (!id) throw new Error(`demo activity of ${j.code}: no enterprise ${index}`);
    return id;
  };
  const user = (key: string) => {
    const id = ids.userIds.get(key);
    if (!id) throw new Error(`demo activity of ${j.code}: no user ${key}`);
    return id;
  };
  for (const a of j.activities ?? []) {
    const at = new Date(+ids.end - a.hoursAgo * 3_600_000);
    deps.clock.set(at);
    const enterpriseIds = a.enterprises.map(enterprise);
    const { caseIds } = await recordActivity(deps, await actorFor(a.recordedBy), {
      kind: a.kind,
      title: a.title,
      heldAt: at.toISOString(),
      ...(a.place ? { place: a.place } : {}),
      ...(a.ledBy ? { ledBy: user(a.ledBy) } : {}),
      attendees: a.attendees.map((p) => ('user' in p ? { userId: user(p.user) } : { name: p.name, unit: p.unit })),
      enterpriseIds,
      ...(a.notes ? { notes: a.notes } : {}),
      problems: a.problems.map((p) => ({ title: p.title, content: p.content, enterpriseId: enterprise(p.enterprise) })),
      caseIds: [],
    });
    filed += caseIds.length;
  }
  return filed;
}

/**
 * The jurisdiction's service catalogues and "一件事" bundles, kept by the hub through the
 * catalogue's service; a provider or item the file names but does not hold is a bug in the data.
 */
async function seedDemoServices(
  deps: Deps,
  hub: Actor,
  j: DemoJurisdiction,
  unitIds: ReadonlyMap<string, string>,
): Promise<void> {
  const itemIds = new Map<string, string>();
  for (const item of j.services?.items ?? []) {
    const providerUnitId = unitIds.get(item.provider);
    if (!providerUnitId) throw new Error(`demo services of ${j.code}: no unit ${item.provider}`);
    const { provider: _, ...rest } = item;
    const { id } = await createServiceItem(deps, hub, { ...rest, providerUnitId });
    itemIds.set(item.name, id);
  }
  for (const bundle of j.services?.bundles ?? []) {
    await createServiceBundle(deps, hub, {
      name: bundle.name,
      description: bundle.description,
      itemIds: bundle.items.map((name) => {
        const id = itemIds.get(name);
        if (!id) throw new Error(`demo bundle of ${j.code}: no item ${name}`);
        return id;
      }),
    });
  }
}

/**
 * The week's solicitation rounds of the demo liaison (每周征询), each at its own time before the
 * demo's end, through the solicitation service; answers how many cases their problems became.
 */
async function seedDemoSolicitations(
  deps: Deps & { clock: ManualClock },
  liaison: Actor,
  j: DemoJurisdiction,
  ids: { enterpriseIds: readonly string[]; end: Date },
): Promise<number> {
  let filed = 0;
  for (const round of j.solicitations ?? []) {
    const enterpriseId = ids.enterpriseIds[round.enterprise];
    if (!enterpriseId || round.enterprise % 2 !== 0) {
      throw new Error(`demo solicitation of ${j.code}: enterprise ${round.enterprise} is not on the liaison's ledger`);
    }
    const at = new Date(+ids.end - round.hoursAgo * 3_600_000);
    deps.clock.set(at);
    const { caseIds } = await recordSolicitation(deps, liaison, {
      enterpriseId,
      method: round.method,
      at: at.toISOString(),
      ...(round.note ? { note: round.note } : {}),
      problems: round.problems,
    });
    filed += caseIds.length;
  }
  return filed;
}

/**
 * The jurisdiction's experience library (经验库): each entry of its file distilled by the hub from
 * the closed case of the named template, through the library's service, and marked typical where
 * the file says so. A template that names no closed case is a bug in the demo data.
 */
async function seedDemoLibrary(
  deps: Deps,
  hub: Actor,
  j: DemoJurisdiction,
  caseOf: (title: string) => string | undefined,
): Promise<void> {
  for (const entry of j.library ?? []) {
    const caseId = caseOf(entry.case);
    if (!caseId) throw new Error(`demo library of ${j.code}: no case titled ${entry.case}`);
    const { id } = await createLibraryEntry(deps, hub, {
      caseId,
      problem: entry.problem,
      resolution: entry.resolution,
      tags: entry.tags,
      ...(entry.policyBasis ? { policyBasis: entry.policyBasis } : {}),
    });
    if (entry.typical) await updateLibraryEntry(deps, hub, id, { typical: true });
  }
}

/** Files the demo hotspot's cases, each at its own recent time, and answers how many were filed. */
async function seedDemoHotspots(
  deps: Deps & { clock: ManualClock },
  input: {
    hub: Actor;
    hotspot: NonNullable<DemoJurisdiction['hotspot']>;
    enterpriseIds: readonly string[];
    categoryId: string | undefined;
    end: Date;
  },
): Promise<number> {
  let filed = 0;
  for (const c of input.hotspot.cases) {
    const enterpriseId = input.enterpriseIds[c.enterprise % Math.max(1, input.enterpriseIds.length)];
    deps.clock.set(new Date(+input.end - c.daysAgo * 86_400_000));
    await createCase(deps, input.hub, {
      title: c.title,
      content: c.content,
      kind: 'complaint',
      channel: 'phone',
      ...(input.categoryId ? { categoryId: input.categoryId } : {}),
      ...(enterpriseId ? { enterpriseId } : {}),
    });
    filed++;
  }
  return filed;
}

/**
 * The demo documents of a jurisdiction's policy library, its names filled in. Every figure, time
 * limit and document number is fictional; the passages answer the demo's consultation cases.
 */
export function demoPolicies(code: string): DemoPolicy[] {
  const demo = loadDemoData();
  const issuer = demo.jurisdictions.find((j) => j.code === code)?.policyIssuer;
  if (!issuer) throw new Error(`no demo jurisdiction ${code}`);
  const fill = (s: string) =>
    s.replaceAll('{place}', issuer.place).replaceAll('{level}', issuer.level).replaceAll('{prefix}', issuer.prefix);
  return demo.policies.map((p) => ({
    title: fill(p.title),
    docNumber: p.docNumber === null ? null : fill(p.docNumber),
    issuer: fill(p.issuer),
    text: fill(p.text),
  }));
}

/** Stores the demo documents in a jurisdiction's policy library, as its admin. */
export async function seedDemoPolicies(
  deps: Pick<Deps, 'db'>,
  j: Pick<DemoJurisdiction, 'code'>,
  ids: { jid: string; adminId: string | null; at: Date },
): Promise<void> {
  for (const p of demoPolicies(j.code)) {
    await storePolicy(deps, {
      ...p,
      format: 'text',
      sourceName: null,
      jurisdictionId: ids.jid,
      createdBy: ids.adminId,
      at: ids.at,
    });
  }
}
