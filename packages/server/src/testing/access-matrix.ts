import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import type { Role } from '@qisu/core';
import { dayToDate, shanghaiDay } from '@qisu/core';
import { runCaseCommand } from '../cases/commands/run-command.js';
import { createCase } from '../cases/cases.service.js';
import type { Deps } from '../context.js';
import type { Database } from '../db/schema.js';
import { seedDemoOpen311Client } from '../open311/open311-clients.service.js';
import { requestSmsCode } from '../auth/sms-login.service.js';
import { mobileLookup } from '../pii/pii.service.js';
import { driveTo } from './drive.js';
import type { Client } from './http.js';
import { loginAs } from './http.js';
import { recordingSmsSender } from './sms.js';
import type { World } from './world.js';
import { seedWebhookWithDeadLetter } from './webhook-fixture.js';
import { fixtureUscc, seedWorld, TEST_PASSWORD } from './world.js';

/**
 * The access-control matrix: every route of the OpenAPI document, placed by hand, against every
 * role of SPEC §2 and an object of their own, of another unit or enterprise, and of another
 * jurisdiction. The placements say what the product should do; the test derives the expected
 * status of each pair from them and finds any route that has no placement.
 */

/** The actors of the matrix: one of each role in jurisdiction `ta`, and nobody logged in. */
export const MATRIX_ACTORS = [
  'anonymous',
  'admin',
  'hub',
  'leader',
  'discipline',
  'unit1',
  'head1',
  'liaison',
  'entA',
] as const;
export type MatrixActor = (typeof MATRIX_ACTORS)[number];

/** What a path parameter names. */
export type ObjectKind =
  | 'case'
  | 'enterprise'
  | 'unit'
  | 'user'
  | 'policy'
  | 'routingRule'
  | 'view'
  | 'notification'
  | 'attachment'
  | 'hotspot'
  | 'document';

/**
 * Which object of a kind a request names: one the actor may reach (`own`: their enterprise's or
 * unit's case, their own view …), one of the same jurisdiction they may not (`other`: another
 * unit's and enterprise's case, another user's view …), and one of another jurisdiction.
 */
export type Variant = 'own' | 'other' | 'foreign';
export const VARIANTS: readonly Variant[] = ['own', 'other', 'foreign'];

/**
 * Who may call a route: anyone (no login), any logged-in user, these roles, or only a caller that
 * signs the request with a platform's key (`signed`: a login is no use, every actor is refused 401).
 */
export type Who = 'anyone' | 'any' | 'signed' | readonly Role[];

export interface Placement {
  who: Who;
  /** The kind of object the path's `{id}` names; absent when the path names none. */
  object?: ObjectKind;
  /** Values of other path parameters. */
  params?: (ids: MatrixIds) => Record<string, string>;
  /** A valid body, so that the request reaches the access check. */
  body?: (ids: MatrixIds, actor: MatrixActor) => unknown;
  query?: string;
  /**
   * Whether the answer may name the object even to a role that may call the route but not see
   * the object (never, unless said here with the reason).
   */
  note?: string;
  /**
   * Codes of 400 answers that the product rightly gives to an allowed caller in the matrix world
   * (its rules, not the body: too few cases to train a model).
   */
  domainErrors?: readonly string[];
  /** Sent after every other request (it ends the caller's session). */
  last?: true;
  /** Multipart route: sent as a small text file in field `file`. */
  multipart?: true;
}

const STAFF: readonly Role[] = ['admin', 'hub', 'leader', 'discipline', 'unit_handler', 'unit_head', 'liaison'];
const WIDE: readonly Role[] = ['admin', 'hub', 'leader'];
const ADMIN: readonly Role[] = ['admin'];
const HUB_ADMIN: readonly Role[] = ['admin', 'hub'];

/** A command every role of the case may try; core's transition table decides the rest. */
const command = (body: (ids: MatrixIds, actor: MatrixActor) => unknown = () => ({})): Placement => ({
  who: 'any',
  object: 'case',
  body,
});

/** Every route of the API, by `METHOD path` as the OpenAPI document writes it. */
export const PLACEMENTS: Record<string, Placement> = {
  'GET /api/health': { who: 'anyone' },
  'POST /api/v1/auth/login': { who: 'anyone', body: () => ({ username: 'ta.unit2', password: TEST_PASSWORD }) },
  // A code per actor (the first answer 202, the rest 429: one code a minute per mobile, no place taken).
  'POST /api/v1/auth/sms-code': { who: 'anyone', body: () => ({ mobile: '13900000088' }) },
  'POST /api/v1/auth/sms-login': { who: 'anyone', body: (ids, actor) => ids.smsLogins[actor] },
  'POST /api/v1/auth/logout': { who: 'any', last: true },
  'GET /api/v1/auth/me': { who: 'any' },
  'GET /api/v1/units': { who: 'any' },
  'POST /api/v1/units': { who: ADMIN, body: () => ({ name: '矩阵测试单位', kind: 'department' }) },
  'PUT /api/v1/units/{id}': { who: ADMIN, object: 'unit', body: () => ({ name: '市场监管局', kind: 'department' }) },
  'GET /api/v1/jurisdiction': { who: 'any' },
  'PUT /api/v1/jurisdiction/settings': { who: ADMIN, body: () => ({ reviewAfterRounds: 3 }) },
  'GET /api/v1/regions': { who: 'any' },
  'GET /api/v1/categories': { who: 'any' },
  'GET /api/v1/users': { who: ADMIN },
  'POST /api/v1/users': {
    who: ADMIN,
    body: (ids) => ({
      username: 'ta.matrix',
      name: '矩阵',
      password: 'Matrix@2026pw',
      roles: ['unit_handler'],
      unitId: ids.dept1,
    }),
  },
  'GET /api/v1/users/{id}': { who: ADMIN, object: 'user' },
  'PUT /api/v1/users/{id}': { who: ADMIN, object: 'user', body: () => ({ name: '承办人' }) },
  'POST /api/v1/users/{id}/reset-password': {
    who: ADMIN,
    object: 'user',
    body: () => ({ password: TEST_PASSWORD }),
  },
  'GET /api/v1/liaisons': { who: WIDE },
  'GET /api/v1/enterprises': { who: 'any' },
  'POST /api/v1/enterprises': {
    who: ['admin', 'hub', 'liaison'],
    body: () => ({ uscc: '91330824MA2ABCDE1N', name: '矩阵测试企业' }),
  },
  'GET /api/v1/enterprises/check-uscc': {
    who: ['admin', 'hub', 'liaison'],
    // Enterprise B's code: who may not see B learns only that it is taken.
    query: `value=${fixtureUscc('330824', 2)}`,
  },
  'GET /api/v1/enterprises/{id}': { who: 'any', object: 'enterprise' },
  'PUT /api/v1/enterprises/{id}': {
    who: ['admin', 'hub', 'liaison'],
    object: 'enterprise',
    body: () => ({ notes: '矩阵测试' }),
  },
  'POST /api/v1/cases': {
    who: ['enterprise', 'liaison', 'hub'],
    body: () => ({ title: '矩阵测试诉求', content: '矩阵测试内容' }),
  },
  'GET /api/v1/cases': { who: 'any' },
  'GET /api/v1/cases/counts': { who: 'any' },
  'GET /api/v1/cases/export.xlsx': { who: 'any' },
  'GET /api/v1/cases/{id}': { who: 'any', object: 'case' },
  'GET /api/v1/cases/{id}/events': { who: 'any', object: 'case' },
  'GET /api/v1/cases/{id}/chain': { who: 'any', object: 'case' },
  'POST /api/v1/cases/bulk-dispatch': {
    who: ['hub', 'leader'],
    body: (ids) => ({ caseIds: [ids.screeningCase], leadUnitId: ids.dept1 }),
  },
  // Before the commands: who may add a file depends on the case's current round.
  'POST /api/v1/cases/{id}/attachments': {
    who: ['enterprise', 'hub', 'liaison', 'unit_handler', 'unit_head'],
    object: 'case',
    multipart: true,
  },
  'POST /api/v1/cases/{id}/accept': command(),
  'POST /api/v1/cases/{id}/reject': command(() => ({ reason: '矩阵测试' })),
  'POST /api/v1/cases/{id}/merge': command((ids) => ({ intoCaseId: ids.screeningCase })),
  'POST /api/v1/cases/{id}/answer': command(() => ({ text: '矩阵测试' })),
  'POST /api/v1/cases/{id}/dispatch': command((ids) => ({ leadUnitId: ids.dept1 })),
  'POST /api/v1/cases/{id}/sign': command(),
  'POST /api/v1/cases/{id}/contact': command(() => ({ note: '矩阵测试' })),
  'POST /api/v1/cases/{id}/feedback': command(() => ({ text: '矩阵测试' })),
  'POST /api/v1/cases/{id}/reply': command(() => ({ result: 'solved', text: '矩阵测试' })),
  'POST /api/v1/cases/{id}/return': command(() => ({ reason: '矩阵测试' })),
  'POST /api/v1/cases/{id}/rate': command(() => ({ score: 5 })),
  'POST /api/v1/cases/{id}/revisit': command(() => ({ method: 'phone', note: '矩阵测试' })),
  'POST /api/v1/cases/{id}/review': command(() => ({ decision: 'close', opinion: '矩阵测试' })),
  'POST /api/v1/cases/{id}/close': command(),
  'POST /api/v1/cases/{id}/escalate': command(() => ({ to: 'leader', reason: '矩阵测试' })),
  'POST /api/v1/cases/{id}/extend': command(() => ({ reason: '矩阵测试', until: '2026-12-31T09:00:00Z' })),
  'POST /api/v1/cases/{id}/decide-extension': command(() => ({ approve: true })),
  'POST /api/v1/cases/{id}/supervise': command((_, actor) => ({
    by: actor === 'leader' || actor === 'discipline' ? actor : 'platform',
    instruction: '矩阵测试',
  })),
  'POST /api/v1/cases/{id}/plan': command(() => ({
    text: '矩阵测试',
    milestones: [{ title: '第一步', dueAt: '2026-12-20T09:00:00Z' }],
  })),
  'POST /api/v1/cases/{id}/complete-milestone': command((ids) => ({ clockId: ids.caseClock, note: '矩阵测试' })),
  'POST /api/v1/cases/{id}/review-form': command(() => ({ statement: '矩阵测试', signedBy: '负责人' })),
  'POST /api/v1/cases/{id}/appeal': command(() => ({ reason: '矩阵测试' })),
  'POST /api/v1/cases/{id}/respond-supervision': command(() => ({ response: '矩阵测试' })),
  // The matrix's jurisdiction has none above it on the platform: an allowed hand-up is refused for that.
  'POST /api/v1/cases/{id}/hand-up': { ...command(() => ({ reason: '矩阵测试' })), domainErrors: ['HANDUP_NO_PARENT'] },
  'GET /api/v1/cases/{id}/handups': { who: 'any', object: 'case' },
  'GET /api/v1/audit/verify': { who: ['admin', 'discipline', 'hub'] },
  // The rules in force are no secret to anyone who works a case (clocks, rating scale).
  'GET /api/v1/profile': { who: 'any' },
  'PUT /api/v1/profile': { who: ADMIN, body: (ids) => ({ profile: ids.profile }) },
  'GET /api/v1/profile/versions': { who: WIDE },
  'GET /api/v1/profile/versions/{version}': { who: WIDE, params: (ids) => ({ version: ids.profileVersion }) },
  // Checking a profile file reads and stores nothing.
  'POST /api/v1/profile/validate': { who: 'any', body: (ids) => ({ profile: ids.profile }) },
  'GET /api/v1/calendar': { who: 'any', query: 'from=2026-12-01&to=2026-12-31' },
  'GET /api/v1/calendar/due': { who: 'any', query: 'from=2026-12-01T09:00:00%2B08:00&duration=2wd' },
  'PUT /api/v1/calendar/overrides/{date}': {
    who: ADMIN,
    params: () => ({ date: '2026-12-26' }),
    body: () => ({ working: true, note: '矩阵测试' }),
  },
  'DELETE /api/v1/calendar/overrides/{date}': { who: ADMIN, params: () => ({ date: '2026-12-26' }) },
  'PUT /api/v1/calendar/notices/{year}': { who: ADMIN, params: () => ({ year: '2027' }), body: () => ({ days: [] }) },
  'GET /api/v1/cards': { who: ['admin', 'hub', 'leader', 'discipline', 'unit_handler', 'unit_head'] },
  'GET /api/v1/routing-rules': { who: WIDE },
  'POST /api/v1/routing-rules': { who: ADMIN, body: (ids) => ({ leadUnitId: ids.dept1, regionCode: '330824102' }) },
  'GET /api/v1/routing-rules/suggest': { who: WIDE, query: 'regionCode=330824101' },
  'PUT /api/v1/routing-rules/{id}': {
    who: ADMIN,
    object: 'routingRule',
    body: (ids) => ({ leadUnitId: ids.dept1, regionCode: '330824101' }),
  },
  'DELETE /api/v1/routing-rules/{id}': { who: ADMIN, object: 'routingRule' },
  'GET /api/v1/views': { who: 'any' },
  'POST /api/v1/views': { who: 'any', body: () => ({ name: '矩阵视图', query: { status: 'dispatched' } }) },
  'DELETE /api/v1/views/{id}': { who: 'any', object: 'view' },
  'GET /api/v1/cases/{id}/suggestions': { who: WIDE, object: 'case' },
  'GET /api/v1/cases/{id}/similar': { who: WIDE, object: 'case' },
  'GET /api/v1/triage/models': { who: WIDE },
  'POST /api/v1/triage/models': { who: ADMIN, domainErrors: ['TRIAGE_TOO_FEW_CASES'] },
  // An enterprise contact lists and opens the policies meant for its enterprise (政策超市).
  'GET /api/v1/policies': { who: [...STAFF, 'enterprise'] },
  'POST /api/v1/policies': { who: HUB_ADMIN, body: () => ({ title: '矩阵政策', text: '第一条 矩阵测试。' }) },
  'GET /api/v1/policies/search': { who: STAFF, query: 'q=%E7%9F%A9%E9%98%B5' },
  'GET /api/v1/policies/{id}': { who: [...STAFF, 'enterprise'], object: 'policy' },
  // The policy supermarket: targeting, pushes and 免申即享 are the hub's; applications go to the issuing unit.
  'PUT /api/v1/policies/{id}/targeting': {
    who: HUB_ADMIN,
    object: 'policy',
    body: (ids) => ({ online: true, issuingUnitId: ids.dept1 }),
  },
  'GET /api/v1/policies/{id}/push-preview': { who: HUB_ADMIN, object: 'policy', query: 'industryCode=C' },
  'POST /api/v1/policies/{id}/push': { who: HUB_ADMIN, object: 'policy', body: () => ({ industryCode: 'C' }) },
  'GET /api/v1/policies/{id}/pushes': { who: HUB_ADMIN, object: 'policy' },
  'GET /api/v1/policies/{id}/eligible': { who: HUB_ADMIN, object: 'policy' },
  // The matrix's policy is applied for online, not granted: an allowed grant is refused for that (409).
  'POST /api/v1/policies/{id}/grant-automatic': { who: HUB_ADMIN, object: 'policy' },
  // Enterprise A applied already: an allowed second application is refused while the first is open (409).
  'POST /api/v1/policy-applications': {
    who: ['enterprise'],
    body: (ids) => ({ policyId: ids.policy, text: '矩阵测试申请' }),
  },
  'GET /api/v1/policy-applications': {
    who: ['enterprise', 'unit_handler', 'unit_head', 'liaison', 'hub', 'leader', 'admin'],
  },
  // Enterprise A's application, routed to dept1 (unit1, head1), on liaison's ledger.
  'GET /api/v1/policy-applications/{id}': {
    who: ['enterprise', 'unit_handler', 'unit_head', 'liaison', 'hub', 'leader', 'admin'],
    params: (ids) => ({ id: ids.policyApplication }),
  },
  'POST /api/v1/policy-applications/{id}/decide': {
    who: ['unit_handler', 'unit_head', 'hub'],
    params: (ids) => ({ id: ids.policyApplication }),
    body: () => ({ approve: true, note: '矩阵测试' }),
  },
  'POST /api/v1/policy-applications/{id}/pay': {
    who: ['unit_handler', 'unit_head', 'hub'],
    params: (ids) => ({ id: ids.policyApplication }),
    body: () => ({ amount: 100 }),
  },
  'DELETE /api/v1/policies/{id}': { who: HUB_ADMIN, object: 'policy' },
  'GET /api/v1/cases/{id}/policy-passages': { who: WIDE, object: 'case' },
  'GET /api/v1/oversight/summary': { who: ['hub', 'leader', 'admin', 'discipline'] },
  'GET /api/v1/oversight/unsatisfied': { who: ['hub', 'leader', 'admin', 'discipline'] },
  'GET /api/v1/oversight/red-cards': { who: ['hub', 'leader', 'admin', 'discipline'] },
  'GET /api/v1/reports/kpis': { who: ['hub', 'leader', 'admin', 'discipline'] },
  'GET /api/v1/reports/ranking': { who: ['hub', 'leader', 'admin', 'discipline'] },
  'GET /api/v1/reports/trend': { who: ['hub', 'leader', 'admin', 'discipline'] },
  'GET /api/v1/reports/monthly-notice.docx': { who: ['hub', 'leader', 'admin', 'discipline'] },
  'GET /api/v1/reports/typical-cases.docx': { who: ['hub', 'leader', 'admin', 'discipline'] },
  // The experience library: the hub distils closed cases and edits entries, every staff role reads.
  // The matrix's closed case is in the library already: an allowed second entry is refused (409).
  'POST /api/v1/library': {
    who: ['hub'],
    body: (ids) => ({ caseId: ids.closedCase, problem: '矩阵经验问题', resolution: '矩阵经验办法' }),
  },
  'GET /api/v1/library': { who: STAFF, query: 'q=%E7%9F%A9%E9%98%B5' },
  'GET /api/v1/library/{id}': { who: STAFF, params: (ids) => ({ id: ids.libraryEntry }) },
  'PUT /api/v1/library/{id}': {
    who: ['hub'],
    params: (ids) => ({ id: ids.libraryEntry }),
    body: () => ({ typical: true, tags: ['矩阵'] }),
  },
  // The service catalogues: every signed-in user reads, the admin and the hub keep them, an
  // enterprise requests (each request a case dispatched to the provider). The matrix's 甲县 has no
  // 兜底办: an allowed sending answers 409 FALLBACK_UNIT_MISSING.
  'GET /api/v1/service-items': { who: 'any', query: 'kind=matters' },
  'POST /api/v1/service-items': {
    who: HUB_ADMIN,
    body: (_ids, actor) => ({
      catalogue: 'value_added',
      field: 'legal',
      name: `矩阵法律服务${actor}`,
      providerUnitId: _ids.dept1,
    }),
  },
  'GET /api/v1/service-items/{id}': { who: 'any', params: (ids) => ({ id: ids.serviceItem }) },
  'PUT /api/v1/service-items/{id}': {
    who: HUB_ADMIN,
    params: (ids) => ({ id: ids.serviceItem }),
    body: (ids) => ({ catalogue: 'matters', field: 'licensing', name: '矩阵事项', providerUnitId: ids.dept1 }),
  },
  'POST /api/v1/service-items/{id}/requests': {
    who: ['enterprise'],
    params: (ids) => ({ id: ids.serviceItem }),
    body: () => ({ text: '矩阵测试申请' }),
  },
  'GET /api/v1/service-bundles': { who: 'any' },
  'POST /api/v1/service-bundles': {
    who: HUB_ADMIN,
    body: (ids, actor) => ({ name: `矩阵一件事${actor}`, itemIds: [ids.serviceItem, ids.serviceBundleItem] }),
  },
  'PUT /api/v1/service-bundles/{id}': {
    who: HUB_ADMIN,
    params: (ids) => ({ id: ids.serviceBundle }),
    body: (ids) => ({ name: '矩阵一件事', itemIds: [ids.serviceItem, ids.serviceBundleItem] }),
  },
  'POST /api/v1/service-bundles/{id}/requests': {
    who: ['enterprise'],
    params: (ids) => ({ id: ids.serviceBundle }),
    body: () => ({ text: '矩阵测试申请' }),
  },
  'GET /api/v1/fallback-unit': { who: 'any' },
  'POST /api/v1/cases/{id}/fallback': {
    who: ['hub', 'leader'],
    object: 'case',
    body: () => ({ complexity: 'general' }),
  },
  'GET /api/v1/reports/service-report.docx': { who: ['hub', 'leader', 'admin', 'discipline'] },
  'GET /api/v1/reports/documents': { who: ['hub', 'leader', 'admin'] },
  'POST /api/v1/reports/documents': { who: ['hub', 'leader', 'admin'], body: () => ({ period: '2026-10' }) },
  'GET /api/v1/reports/documents/{id}': { who: ['hub', 'leader', 'admin'], object: 'document' },
  'GET /api/v1/exports/problem-ledger.xlsx': { who: ['hub', 'leader', 'admin', 'discipline'] },
  'GET /api/v1/exports/transfer-list.xlsx': { who: ['hub', 'leader', 'admin', 'discipline'] },
  'GET /api/v1/exports/resolution-feedback.xlsx': { who: ['hub', 'leader', 'admin', 'discipline'] },
  'GET /api/v1/exports/satisfaction.xlsx': { who: ['hub', 'leader', 'admin', 'discipline'] },
  'GET /api/v1/supervisions': { who: ['hub', 'leader', 'admin', 'discipline'] },
  'GET /api/v1/public/jurisdictions/{code}': { who: 'anyone', params: () => ({ code: 'ta' }) },
  'GET /api/v1/public/jurisdictions/{code}/ranking': { who: 'anyone', params: () => ({ code: 'ta' }) },
  'GET /api/v1/hotspots': { who: ['hub', 'leader', 'admin', 'discipline'] },
  'POST /api/v1/hotspots/{id}/fix': {
    who: ['hub', 'leader'],
    object: 'hotspot',
    body: (ids) => ({ caseId: ids.caseA, note: '矩阵测试' }),
  },
  'POST /api/v1/hotspots/{id}/resolve': {
    who: ['hub', 'leader'],
    object: 'hotspot',
    body: () => ({ note: '矩阵测试' }),
  },
  'GET /api/v1/admin/pii-views': { who: ADMIN },
  'POST /api/v1/intake/cases': {
    who: 'signed',
    body: () => ({ externalRef: 'matrix-1', title: '矩阵', content: '矩阵测试' }),
  },
  'GET /api/v1/admin/intake-keys': { who: ADMIN },
  'POST /api/v1/webhooks': {
    who: ADMIN,
    body: () => ({ url: 'https://example.org/hook', secret: 'matrix-webhook-secret-2' }),
  },
  'GET /api/v1/webhooks': { who: ADMIN },
  'GET /api/v1/webhooks/{id}/deliveries': { who: ADMIN, params: (ids) => ({ id: ids.webhook }) },
  'POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/replay': {
    who: ADMIN,
    params: (ids) => ({ id: ids.webhook, deliveryId: ids.deadDelivery }),
  },
  'DELETE /api/v1/webhooks/{id}': { who: ADMIN, params: (ids) => ({ id: ids.webhook }) },
  'POST /api/v1/admin/intake-keys': { who: ADMIN, body: () => ({ source: '12345 热线', channel: 'hotline12345' }) },
  'POST /api/v1/admin/intake-keys/{id}/revoke': { who: ADMIN, params: () => ({ id: 'ta-matrix' }) },
  'GET /api/v1/notifications': { who: 'any' },
  'POST /api/v1/notifications/{id}/read': { who: 'any', object: 'notification' },
  'GET /api/v1/cases/{id}/attachments': { who: 'any', object: 'case' },
  'GET /api/v1/cases/{id}/attachment-links': { who: STAFF, object: 'case' },
  'POST /api/v1/solicitations': {
    who: ['liaison', 'hub'],
    body: (ids) => ({ enterpriseId: ids.enterpriseA, method: 'visit', problems: [] }),
  },
  'GET /api/v1/solicitations': { who: ['liaison', 'hub', 'leader', 'admin'] },
  'GET /api/v1/solicitations/coverage': { who: ['liaison', 'hub', 'leader', 'admin'] },
  'POST /api/v1/questionnaires': {
    who: ['hub'],
    body: (ids) => ({ title: '矩阵问卷', from: ids.today, to: ids.tomorrow }),
  },
  // An enterprise reads the questionnaires sent to it; the readers of the jurisdiction read all.
  'GET /api/v1/questionnaires': { who: ['hub', 'leader', 'admin', 'enterprise'] },
  'GET /api/v1/questionnaires/{id}': {
    who: ['hub', 'leader', 'admin', 'enterprise'],
    params: (ids) => ({ id: ids.questionnaire }),
  },
  'POST /api/v1/questionnaires/{id}/answers': {
    who: ['enterprise'],
    params: (ids) => ({ id: ids.questionnaire }),
    body: () => ({ answers: ['very', 'fairly', 'basic', ''] }),
  },
  'GET /api/v1/solicitations/ledgers': { who: ['liaison', 'hub', 'leader', 'admin'] },
  // Only a liaison sends its unit's ledger; every reader downloads the liaison's town's.
  'POST /api/v1/solicitations/ledgers': { who: ['liaison'], body: () => ({}) },
  'GET /api/v1/solicitations/ledgers/{unitId}/workbook': {
    who: ['liaison', 'hub', 'leader', 'admin'],
    params: (ids) => ({ unitId: ids.town }),
  },
  // The activity log: a liaison records with its own ledger (enterprise A), the hub and a leader
  // with any enterprise; the matrix's activity was recorded by the liaison with enterprise A.
  'POST /api/v1/activities': {
    who: ['liaison', 'hub', 'leader'],
    body: (ids) => ({
      kind: 'visit',
      title: '矩阵走访',
      heldAt: '2026-11-02T08:00:00+08:00',
      enterpriseIds: [ids.enterpriseA],
    }),
  },
  'GET /api/v1/activities': { who: ['liaison', 'hub', 'leader', 'admin'] },
  'GET /api/v1/activities/people': { who: ['liaison', 'hub', 'leader'] },
  'GET /api/v1/activities/{id}': {
    who: ['liaison', 'hub', 'leader', 'admin'],
    params: (ids) => ({ id: ids.activity }),
  },
  'POST /api/v1/activities/{id}/cases': {
    who: ['liaison', 'hub', 'leader'],
    params: (ids) => ({ id: ids.activity }),
    body: (ids) => ({ caseId: ids.caseA }),
  },
  'GET /api/v1/reports/activities': { who: ['hub', 'leader', 'admin'], query: 'month=2026-11' },
  // The grid ledger: staff read the grids, the admin and the hub keep them; an enterprise's
  // conditions are read by the wide roles and its liaison, written by the keepers and its liaison.
  'GET /api/v1/grids': { who: ['admin', 'hub', 'leader', 'liaison', 'unit_handler', 'unit_head'] },
  'POST /api/v1/grids': { who: HUB_ADMIN, body: () => ({ name: '矩阵新网格' }) },
  'PUT /api/v1/grids/{id}': { who: HUB_ADMIN, params: (ids) => ({ id: ids.grid }), body: () => ({ note: '矩阵' }) },
  'DELETE /api/v1/grids/{id}': { who: HUB_ADMIN, params: (ids) => ({ id: ids.spareGrid }) },
  'GET /api/v1/enterprises/{id}/conditions': { who: ['admin', 'hub', 'leader', 'liaison'], object: 'enterprise' },
  'POST /api/v1/enterprises/{id}/conditions': {
    who: ['admin', 'hub', 'liaison'],
    object: 'enterprise',
    body: () => ({ kind: 'operations', text: '矩阵经营情况' }),
  },
  // Projects: the matrix's project has dept1 as its unit and the liaison as its officer, so every
  // reader of the matrix is on its team; the admin and the hub keep them.
  'GET /api/v1/projects': { who: ['admin', 'hub', 'leader', 'liaison', 'unit_handler', 'unit_head'] },
  'GET /api/v1/projects/{id}': {
    who: ['admin', 'hub', 'leader', 'liaison', 'unit_handler', 'unit_head'],
    params: (ids) => ({ id: ids.project }),
  },
  'POST /api/v1/projects': { who: HUB_ADMIN, body: () => ({ name: '矩阵新项目', stage: 'planned' }) },
  'PUT /api/v1/projects/{id}': {
    who: HUB_ADMIN,
    params: (ids) => ({ id: ids.project }),
    body: () => ({ stage: 'building' }),
  },
  'GET /api/v1/attachments/{id}': { who: 'any', object: 'attachment' },
  'POST /api/v1/policies/import': { who: HUB_ADMIN, multipart: true },
  // The matrix sends a text file: an allowed caller reaches the import and is told it takes .xlsx only.
  'POST /api/v1/imports/enterprises': { who: HUB_ADMIN, multipart: true, domainErrors: ['IMPORT_FILE_INVALID'] },
  'POST /api/v1/imports/cases': { who: HUB_ADMIN, multipart: true, domainErrors: ['IMPORT_FILE_INVALID'] },
  'GET /api/v1/imports/templates/enterprises.xlsx': { who: HUB_ADMIN },
  'GET /api/v1/imports/templates/cases.xlsx': { who: HUB_ADMIN },
  'GET /api/v1/admin/open311-clients': { who: ADMIN },
  'POST /api/v1/admin/open311-clients': { who: ADMIN, body: () => ({ name: '矩阵客户端' }) },
  'POST /api/v1/admin/open311-clients/{id}/revoke': { who: ADMIN, params: (ids) => ({ id: ids.open311Client }) },
  // Open311 GeoReport v2: public reads, filing with the client's key; a login changes nothing.
  'GET /open311/v2/discovery.{format}': { who: 'anyone', params: () => ({ format: 'xml' }) },
  'GET /open311/v2/services.{format}': {
    who: 'anyone',
    params: () => ({ format: 'json' }),
    query: 'jurisdiction_id=ta',
  },
  'GET /open311/v2/services/{service_code}.{format}': {
    who: 'anyone',
    params: () => ({ service_code: 'policy', format: 'xml' }),
    query: 'jurisdiction_id=ta',
  },
  'POST /open311/v2/requests.{format}': {
    who: 'anyone',
    params: () => ({ format: 'json' }),
    body: () => ({
      api_key: 'qisu-demo-ta',
      service_code: 'policy',
      description: '矩阵测试',
      address_string: '矩阵路',
    }),
  },
  'GET /open311/v2/requests.{format}': {
    who: 'anyone',
    params: () => ({ format: 'xml' }),
    query: 'jurisdiction_id=ta',
  },
  'GET /open311/v2/requests/{service_request_id}.{format}': {
    who: 'anyone',
    params: (ids) => ({ service_request_id: ids.open311Request, format: 'json' }),
    query: 'jurisdiction_id=ta',
  },
  'GET /open311/v2/tokens/{token}.{format}': {
    who: 'anyone',
    params: (ids) => ({ token: ids.open311Token, format: 'json' }),
    query: 'jurisdiction_id=ta',
  },
};

/** Ids the bodies and the objects refer to. */
export interface MatrixIds {
  dept1: string;
  caseA: string;
  caseB: string;
  caseTb: string;
  /** A case in screening that every merge and bulk dispatch may name. */
  screeningCase: string;
  /** An open clock of case A (a milestone of a plan is completed by its id). */
  caseClock: string;
  /** The jurisdiction's profile, as `PUT /api/v1/profile` takes it back. */
  profile: unknown;
  /** A stored version of it. */
  profileVersion: string;
  /** An Open311 client of `ta` for the admin to revoke, and a request filed with `ta`'s demo key. */
  open311Client: string;
  open311Request: string;
  /** A webhook of `ta`, and a dead letter of it for the admin to replay. */
  webhook: string;
  deadDelivery: string;
  open311Token: string;
  /** Jurisdiction `ta`'s policy, applied for online and issued by dept1, and enterprise A's application for it. */
  policy: string;
  policyApplication: string;
  /** A closed case of `ta` and the experience library entry distilled from it. */
  closedCase: string;
  libraryEntry: string;
  /** An item of 甲县's service catalogue provided by dept1, and a "一件事" bundle of it and another. */
  serviceItem: string;
  serviceBundle: string;
  serviceBundleItem: string;
  /** Per actor, a contact's mobile and the live code just sent to it, for the SMS login. */
  smsLogins: Record<MatrixActor, { mobile: string; code: string }>;
  /** Enterprise A, on the liaison's ledger (a solicitation names it). */
  enterpriseA: string;
  /** The town the liaison belongs to (its weekly problem ledger). */
  town: string;
  /** A questionnaire sent to the enterprises solicited today (A), and the period it covers. */
  questionnaire: string;
  today: string;
  tomorrow: string;
  /** An activity of `ta` recorded by the liaison with enterprise A. */
  activity: string;
  /** A grid of `ta` to change, and an empty one to delete. */
  grid: string;
  spareGrid: string;
  /** A project of `ta` whose team is dept1 and the liaison. */
  project: string;
}

/** The world of the matrix: its ids, a client per actor, and how to name each object. */
export interface Matrix {
  w: World;
  ids: MatrixIds;
  clients: Record<Exclude<MatrixActor, 'anonymous'>, Client>;
  /** The id a request names for an object kind, a variant and the actor sending it. */
  object(kind: ObjectKind, variant: Variant, actor: MatrixActor): string;
  /** Whether the actor may reach the object (the case page's rule, the ledger's, the admin's). */
  reaches(kind: ObjectKind, variant: Variant, actor: MatrixActor): boolean;
  /** Text that must never appear in any answer to the actor. */
  secrets(actor: MatrixActor): string[];
}

const CASE_B_TITLE = '乙企业厂房消防验收遇阻';
const CASE_TB_TITLE = '乙县企业用工招聘难';

/** Who sees case A (enterprise A's, lead dept1, flagged for discipline) and enterprise A. */
const SEES_A: readonly MatrixActor[] = ['admin', 'hub', 'leader', 'discipline', 'unit1', 'head1', 'liaison', 'entA'];
/** Who sees case B (enterprise B's, lead dept3) and enterprise B. */
const SEES_B: readonly MatrixActor[] = ['admin', 'hub', 'leader'];

/**
 * Builds the matrix world over a fresh database: the fixture world, case A driven to dispatched
 * (dept1 lead, dept2 co) and flagged for the discipline commission, case B of enterprise B with
 * dept3, a case of jurisdiction `tb`, and per kind an object inside and outside each scope.
 */
export async function buildMatrix(app: FastifyInstance, db: Kysely<Database>, deps: Deps): Promise<Matrix> {
  const w = await seedWorld(db);
  const caseA = await driveTo(deps, w, 'dispatched');
  await db.updateTable('cases').set({ discipline_flag: true }).where('id', '=', caseA).execute();
  const b = await createCase(deps, w.actors.entB, { title: CASE_B_TITLE, content: '消防验收材料已提交两个月。' });
  await runCaseCommand(deps, w.actors.hub, b.id, 'accept', {});
  await runCaseCommand(deps, w.actors.hub, b.id, 'dispatch', { leadUnitId: w.units.dept3 });
  const tb = await createCase(deps, w.actors.hubB, { title: CASE_TB_TITLE, content: '招工难，请协调。' });
  const screening = await createCase(deps, w.actors.hub, {
    title: '待研判的矩阵诉求',
    content: '用于合并与批量交办。',
  });
  await runCaseCommand(deps, w.actors.hub, screening.id, 'accept', {});
  // A platform's intake key, for the admin to revoke.
  await db
    .insertInto('intake_keys')
    .values({
      id: 'ta-matrix',
      jurisdiction_id: w.jurisdictionA,
      source: '12345 热线',
      channel: 'hotline12345',
      secret: deps.pii.encrypt('matrix-secret'),
      created_by: null,
      created_at: deps.clock.now(),
      revoked_at: null,
      last_used_at: null,
    })
    .execute();

  const clients = {} as Matrix['clients'];
  for (const actor of MATRIX_ACTORS) {
    if (actor === 'anonymous') continue;
    clients[actor] = await loginAs(app, `ta.${actor}`, TEST_PASSWORD);
  }
  const hubB = await loginAs(app, 'tb.hub', TEST_PASSWORD);
  const current = (await clients.admin.get('/api/v1/profile')).json<Record<string, unknown>>();
  const stored = await app.inject({
    method: 'PUT',
    url: '/api/v1/profile',
    headers: { authorization: `Bearer ${clients.admin.token}` },
    // 甲县 publishes its ranking (晾晒), so that the public page has something to answer.
    payload: {
      profile: {
        ...current,
        name: '矩阵测试规则',
        reports: { ...(current['reports'] as Record<string, unknown>), publicPage: true },
      },
    },
  });
  if (stored.statusCode !== 200) throw new Error(`profile not stored: ${stored.statusCode} ${stored.body}`);
  const profile = stored.json<Record<string, unknown>>();

  const created = async (client: Client, url: string, body: unknown) => {
    const res = await client.post(url, body);
    if (res.statusCode >= 300) throw new Error(`${url} failed: ${res.statusCode} ${res.body}`);
    return res.json<{ id: string }>().id;
  };
  const policyA = await created(clients.hub, '/api/v1/policies', { title: '甲县政策', text: '第一条 甲县测试。' });
  const policyB = await created(hubB, '/api/v1/policies', { title: '乙县政策', text: '第一条 乙县测试。' });
  const targeted = await app.inject({
    method: 'PUT',
    url: `/api/v1/policies/${policyA}/targeting`,
    headers: { authorization: `Bearer ${clients.hub.token}` },
    payload: { online: true, issuingUnitId: w.units.dept1 },
  });
  if (targeted.statusCode !== 200) throw new Error(`targeting failed: ${targeted.statusCode} ${targeted.body}`);
  const policyApplication = await created(clients.entA, '/api/v1/policy-applications', {
    policyId: policyA,
    text: '矩阵测试申请',
  });
  // A round of the liaison today, and a questionnaire to the enterprises solicited today (A).
  await created(clients.liaison, '/api/v1/solicitations', {
    enterpriseId: w.enterprises.a,
    method: 'visit',
    problems: [],
  });
  const today = dayToDate(shanghaiDay(deps.clock.now()));
  const tomorrow = dayToDate(shanghaiDay(deps.clock.now()) + 1);
  const questionnaire = await created(clients.hub, '/api/v1/questionnaires', {
    title: '矩阵满意度问卷',
    from: today,
    to: tomorrow,
  });
  const closedCase = await driveTo(deps, w, 'closed', '矩阵经验库诉求');
  const libraryEntry = await created(clients.hub, '/api/v1/library', {
    caseId: closedCase,
    problem: '矩阵经验问题',
    resolution: '矩阵经验办法',
  });
  const activity = await created(clients.liaison, '/api/v1/activities', {
    kind: 'visit',
    title: '矩阵联络员走访',
    heldAt: '2026-11-02T08:00:00+08:00',
    enterpriseIds: [w.enterprises.a],
  });
  const serviceItem = await created(clients.hub, '/api/v1/service-items', {
    catalogue: 'matters',
    field: 'licensing',
    name: '矩阵事项',
    providerUnitId: w.units.dept1,
  });
  const serviceOther = await created(clients.hub, '/api/v1/service-items', {
    catalogue: 'value_added',
    field: 'finance',
    name: '矩阵融资服务',
    providerUnitId: w.units.dept3,
  });
  const serviceBundle = await created(clients.hub, '/api/v1/service-bundles', {
    name: '矩阵一件事',
    itemIds: [serviceItem, serviceOther],
  });
  const grid = await created(clients.hub, '/api/v1/grids', { name: '矩阵网格', townUnitId: w.units.town });
  const spareGrid = await created(clients.hub, '/api/v1/grids', { name: '矩阵空网格' });
  const project = await created(clients.hub, '/api/v1/projects', {
    name: '矩阵项目',
    stage: 'signed',
    responsibleUnitId: w.units.dept1,
    officerUserId: w.actors.liaison.userId,
  });
  const documentA = await created(clients.hub, '/api/v1/reports/documents', { period: '2026-10' });
  const documentB = await created(hubB, '/api/v1/reports/documents', { period: '2026-10' });
  const ruleA = await created(clients.admin, '/api/v1/routing-rules', {
    leadUnitId: w.units.dept1,
    regionCode: '330824101',
  });
  const ruleB = (
    await db
      .insertInto('routing_rules')
      .values({
        jurisdiction_id: w.jurisdictionB,
        lead_unit_id: w.units.b1,
        co_unit_ids: [],
        region_code: '330822',
        created_at: new Date(),
        updated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

  const views = {} as Record<MatrixActor, string>;
  const notifications = {} as Record<MatrixActor, string>;
  for (const actor of MATRIX_ACTORS) {
    if (actor === 'anonymous') continue;
    views[actor] = await created(clients[actor], '/api/v1/views', { name: `${actor} 的视图`, query: {} });
    notifications[actor] = (
      await db
        .insertInto('notifications')
        .values({
          user_id: w.actors[actor].userId,
          outbox_id: null,
          type: 'case.dispatched',
          case_id: null,
          title_zh: '矩阵通知',
          title_en: 'Matrix notice',
          at: new Date(),
          read_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }
  const notificationTb = (
    await db
      .insertInto('notifications')
      .values({
        user_id: w.actors.hubB.userId,
        outbox_id: null,
        type: 'case.dispatched',
        case_id: null,
        title_zh: '乙县通知',
        title_en: 'Notice of tb',
        at: new Date(),
        read_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const viewTb = (
    await db
      .insertInto('saved_views')
      .values({ user_id: w.actors.hubB.userId, name: '乙县视图', query: JSON.stringify({}), created_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

  const upload = async (client: Client, caseId: string) => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/attachments`,
      headers: { authorization: `Bearer ${client.token}`, ...multipartHeaders() },
      payload: multipartBody(),
    });
    if (res.statusCode !== 201) throw new Error(`upload failed: ${res.statusCode} ${res.body}`);
    return res.json<{ id: string }>().id;
  };
  const attachments = {
    own: await upload(clients.entA, caseA),
    other: await upload(clients.hub, b.id),
    foreign: await upload(hubB, tb.id),
  };

  const group = async (jurisdictionId: string, key: string, title: string, members: string[]) => {
    const row = await db
      .insertInto('hotspot_groups')
      .values({
        jurisdiction_id: jurisdictionId,
        key,
        title,
        keywords: JSON.stringify(['矩阵']),
        category_id: null,
        region_code: null,
        industry: null,
        size: members.length,
        previous_size: 0,
        first_seen_at: new Date(),
        last_seen_at: new Date(),
        updated_at: new Date(),
        warned_at: new Date(),
        fix_case_id: null,
        fix_note: null,
        resolve_note: null,
        status: 'open',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('hotspot_members')
      .values(members.map((case_id) => ({ group_id: row.id, case_id, added_at: new Date() })))
      .execute();
    return row.id;
  };
  // A card on each of the two cases: lists of cards are read through the case page's scope.
  await db
    .insertInto('cards')
    .values([
      {
        jurisdiction_id: w.jurisdictionA,
        case_id: caseA,
        unit_id: w.units.dept1,
        clock_id: null,
        colour: 'yellow',
        reason: '未按时反馈',
        reason_code: null,
        escalation: null,
        issued_at: new Date(),
      },
      {
        jurisdiction_id: w.jurisdictionA,
        case_id: b.id,
        unit_id: w.units.dept3,
        clock_id: null,
        colour: 'red',
        reason: '督办后仍未办结',
        reason_code: null,
        escalation: null,
        issued_at: new Date(),
      },
      {
        jurisdiction_id: w.jurisdictionB,
        case_id: tb.id,
        unit_id: w.units.b1,
        clock_id: null,
        colour: 'yellow',
        reason: '未按时反馈',
        reason_code: null,
        escalation: null,
        issued_at: new Date(),
      },
    ])
    .execute();
  const hotspotA = await group(w.jurisdictionA, caseA, '道路与消防', [caseA, b.id]);
  const hotspotB = await group(w.jurisdictionB, tb.id, '乙县用工', [tb.id]);

  await seedDemoOpen311Client(db, { id: w.jurisdictionA, code: 'ta' }, null, deps.clock.now());
  const open311Client = await created(clients.admin, '/api/v1/admin/open311-clients', { name: '矩阵待停用' });
  const filing = await app.inject({
    method: 'POST',
    url: '/open311/v2/requests.json',
    payload: { api_key: 'qisu-demo-ta', service_code: 'policy', address_string: '矩阵路' },
  });
  if (filing.statusCode !== 200) throw new Error(`open311 filing failed: ${filing.statusCode} ${filing.body}`);
  const filed = filing.json<{ service_request_id: string; token: string }[]>()[0]!;

  // A webhook of 甲县 with a dead letter, for the admin to list and replay.
  const hook = await seedWebhookWithDeadLetter(db, deps, w.jurisdictionA, caseA);

  const smsLogins = await seedSmsLogins(db, deps, w.jurisdictionA);
  const ids: MatrixIds = {
    smsLogins,
    policy: policyA,
    policyApplication,
    closedCase,
    libraryEntry,
    questionnaire,
    today,
    tomorrow,
    serviceItem,
    serviceBundle,
    serviceBundleItem: serviceOther,
    enterpriseA: w.enterprises.a,
    town: w.units.town,
    activity,
    grid,
    spareGrid,
    project,
    dept1: w.units.dept1,
    caseA,
    caseB: b.id,
    caseTb: tb.id,
    screeningCase: screening.id,
    // The fixture profile sets no milestone clocks; a plan's milestone is only named, never met.
    caseClock: caseA,
    profile,
    profileVersion: String(profile['version']),
    open311Client,
    open311Request: filed.service_request_id,
    open311Token: filed.token,
    webhook: hook.webhookId,
    deadDelivery: String(hook.deliveryId),
  };
  const other = (actor: MatrixActor): MatrixActor => (actor === 'hub' ? 'admin' : 'hub');
  const table: Record<ObjectKind, (variant: Variant, actor: MatrixActor) => string> = {
    case: (v) => ({ own: caseA, other: b.id, foreign: tb.id })[v],
    enterprise: (v) => ({ own: w.enterprises.a, other: w.enterprises.b, foreign: w.enterprises.other })[v],
    unit: (v) => ({ own: w.units.dept1, other: w.units.dept3, foreign: w.units.b1 })[v],
    // Users no matrix actor logs in as: a password reset ends the user's sessions.
    user: (v) => ({ own: w.actors.unit3.userId, other: w.actors.unit2.userId, foreign: w.actors.unitB.userId })[v],
    policy: (v) => ({ own: policyA, other: policyA, foreign: policyB })[v],
    routingRule: (v) => ({ own: ruleA, other: ruleA, foreign: ruleB })[v],
    view: (v, a) => ({ own: views[a] ?? views.hub, other: views[other(a)], foreign: viewTb })[v],
    notification: (v, a) =>
      ({ own: notifications[a] ?? notifications.hub, other: notifications[other(a)], foreign: notificationTb })[v],
    attachment: (v) => attachments[v],
    hotspot: (v) => ({ own: hotspotA, other: hotspotA, foreign: hotspotB })[v],
    document: (v) => ({ own: documentA, other: documentA, foreign: documentB })[v],
  };
  return {
    w,
    ids,
    clients,
    object: (kind, variant, actor) => table[kind](variant, actor),
    reaches(kind, variant, actor) {
      if (variant === 'foreign') return false;
      switch (kind) {
        case 'case':
        case 'enterprise':
        case 'attachment':
          return (variant === 'own' ? SEES_A : SEES_B).includes(actor);
        case 'view':
        case 'notification':
          return variant === 'own';
        case 'unit':
        case 'user':
        case 'policy':
        case 'routingRule':
        case 'hotspot':
        case 'document':
          return true;
      }
    },
    secrets(actor) {
      const hidden: string[] = [tb.id, CASE_TB_TITLE, w.enterprises.other, w.units.b1, w.actors.unitB.userId, policyB];
      if (!SEES_B.includes(actor)) hidden.push(b.id, CASE_B_TITLE, w.enterprises.b, '甲县二号机械有限公司');
      if (!SEES_A.includes(actor)) hidden.push(caseA, w.enterprises.a, '甲县一号材料有限公司');
      return hidden;
    },
  };
}

/**
 * One enterprise contact per actor (of an enterprise of their own, named to nobody else), each with
 * a mobile and a code just sent to it, so that every actor's SMS login signs in once.
 */
async function seedSmsLogins(
  db: Kysely<Database>,
  deps: Deps,
  jurisdictionId: string,
): Promise<MatrixIds['smsLogins']> {
  const enterprise = await db
    .insertInto('enterprises')
    .values({
      jurisdiction_id: jurisdictionId,
      uscc: fixtureUscc('330824', 88),
      name: '矩阵短信登录企业',
      industry_code: 'C2929',
      industry_name: '塑料制品制造',
      scale: 'small',
      region_code: '330824101',
      grid: null,
      liaison_user_id: null,
      contacts: JSON.stringify([]),
      notes: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const sender = recordingSmsSender();
  const smsDeps = {
    ...deps,
    loginFailuresPerAddress: 1_000_000,
    tokenTtlHours: 12,
    smsLogin: { sender, codesPerAddressPerHour: 1_000_000, onSendError: () => undefined },
  };
  const logins = {} as MatrixIds['smsLogins'];
  for (const [i, actor] of MATRIX_ACTORS.entries()) {
    const mobile = `1390000${String(1000 + i)}`;
    await db
      .insertInto('users')
      .values({
        jurisdiction_id: jurisdictionId,
        username: `ta.sms.${actor}`,
        name: `短信登录${i}`,
        mobile: deps.pii.encrypt(mobile),
        mobile_lookup: mobileLookup(deps.pii, mobile),
        id_number: null,
        password_hash: 'x',
        roles: ['enterprise'],
        unit_id: null,
        enterprise_id: enterprise.id,
        locked_until: null,
      })
      .execute();
    await requestSmsCode(smsDeps, mobile, 'matrix-seed');
    const code = sender.lastCodeTo(mobile);
    if (!code) throw new Error(`no SMS code for ${actor}`);
    logins[actor] = { mobile, code };
  }
  return logins;
}

const BOUNDARY = 'qisu-matrix-boundary';

/** The headers of a one-file multipart body. */
export function multipartHeaders(): Record<string, string> {
  return { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };
}

/** A small text file in field `file`. */
export function multipartBody(): string {
  return [
    `--${BOUNDARY}`,
    'Content-Disposition: form-data; name="file"; filename="note.txt"',
    'Content-Type: text/plain',
    '',
    '矩阵测试文件',
    '第一条 本文件用于访问控制测试。',
    `--${BOUNDARY}--`,
    '',
  ].join('\r\n');
}

/** Sends one request of the matrix. */
export function send(
  app: FastifyInstance,
  client: Client | undefined,
  method: string,
  url: string,
  placement: Placement,
  ids: MatrixIds,
  actor: MatrixActor,
): Promise<LightMyRequestResponse> {
  const auth = client ? { authorization: `Bearer ${client.token}` } : {};
  if (placement.multipart) {
    return app.inject({
      method: method as 'POST',
      url,
      headers: { ...auth, ...multipartHeaders() },
      payload: multipartBody(),
    });
  }
  const body = placement.body?.(ids, actor);
  return app.inject({
    method: method as 'GET',
    url,
    headers: auth,
    ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
  });
}
