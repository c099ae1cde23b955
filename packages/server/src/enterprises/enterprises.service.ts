import type { z } from 'zod';
import {
  currentConditions,
  hasAnyRole,
  LEDGER_KEEPER_ROLES,
  liaisonForGrid,
  liaisonForOwn,
  usccProblem,
} from '@qisu/core';
import type { LiaisonState, UsccProblem } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import type { Deps } from '../context.js';
import type { Kysely, Transaction } from 'kysely';
import type { Database, EnterpriseRow } from '../db/schema.js';
import { AppError, invalidField } from '../errors.js';
import { isUniqueViolation } from '../db/errors.js';
import { regionExists } from '../org/org.service.js';
import type { PiiKeyring } from '../pii/pii.service.js';
import { recordPiiViews } from '../pii/pii.service.js';
import {
  activeContacts,
  conditionHistory,
  findGridOf,
  gridEnterpriseCounts,
  insertCondition,
  renameGridText,
  setGridLiaison,
  findEnterpriseRow,
  findByUscc,
  findEnterpriseId,
  findLiaison,
  findVisibleEnterprise,
  insertEnterprise,
  listVisibleEnterprises,
  openCaseCounts,
  updateEnterpriseRow,
} from './enterprises.repository.js';
import type {
  ConditionBody,
  ConditionDto,
  CreateEnterpriseInput,
  ListEnterprisesQuery,
  UpdateEnterpriseInput,
} from './enterprises.schemas.js';
import { normalizeUsccInput } from './enterprises.schemas.js';

/** Why a code fails GB 32100-2015, in both languages; the check-as-you-type answer reuses it. */
export const USCC_PROBLEMS: Record<UsccProblem, { zh: string; en: string }> = {
  length: { zh: '应为18位', en: 'must be 18 characters' },
  characters: {
    zh: '含有不允许的字符或第3–8位不是数字',
    en: 'has characters not allowed, or positions 3–8 are not digits',
  },
  check: { zh: '校验位错误', en: 'wrong check character' },
};

/** 400 naming the field when a code fails GB 32100-2015. */
export function assertUscc(code: string, field = 'uscc'): void {
  const problem = usccProblem(code);
  if (problem) {
    throw new AppError(
      'USCC_INVALID',
      { field, problemZh: USCC_PROBLEMS[problem].zh, problemEn: USCC_PROBLEMS[problem].en },
      { field, problem },
    );
  }
}

type Row = EnterpriseRow & { liaison_name: string | null; grid_name?: string | null };

/**
 * A ledger entry as the API shows it. Contact mobiles are decrypted: whole when `wholeContacts`
 * (a key that is not configured is PII_KEY_MISSING), masked otherwise (never failing).
 */
function view(pii: PiiKeyring, e: Row, wholeContacts: boolean, openCases: number) {
  return {
    id: e.id,
    uscc: e.uscc,
    name: e.name,
    industryCode: e.industry_code,
    industryName: e.industry_name,
    scale: e.scale,
    aboveDesignatedSize: e.above_designated_size,
    regionCode: e.region_code,
    grid: e.grid,
    liaisonUserId: e.liaison_user_id,
    liaisonName: e.liaison_name,
    contacts: e.contacts.map((c) => ({
      ...c,
      mobile: wholeContacts ? pii.decrypt(c.mobile) : (pii.masked(c.mobile) ?? ''),
    })),
    notes: e.notes,
    gridId: e.grid_id,
    gridName: e.grid_name ?? null,
    liaisonFromGrid: e.liaison_from_grid,
    key: e.key_enterprise,
    openCases,
  };
}

/** Contacts as stored: each mobile encrypted under the active key. */
function sealContacts(
  pii: PiiKeyring,
  contacts: readonly { name: string; mobile: string; title?: string | undefined }[],
) {
  return JSON.stringify(contacts.map((c) => ({ ...c, mobile: pii.encrypt(c.mobile) })));
}

/**
 * Records in the view log that an answer shows the enterprise's contact mobiles whole (one row
 * for the answer, whatever the number of contacts); nothing when it has no contact.
 */
async function recordContactsView(deps: Deps, actor: Actor, e: EnterpriseRow, action: string): Promise<void> {
  if (e.contacts.length === 0) return;
  await recordPiiViews(deps.db, actor, deps.clock.now(), [
    { jurisdictionId: e.jurisdiction_id, subjectKind: 'enterprise', subjectId: e.id, field: 'contacts.mobile', action },
  ]);
}

async function requireRegion(deps: Deps, code: string): Promise<void> {
  if (!(await regionExists(deps.db, code)))
    throw invalidField('regionCode', '行政区划代码不存在', 'unknown region code');
}

async function requireGrid(deps: Deps, actor: Actor, id: string) {
  const grid = await findGridOf(deps.db, actor.jurisdictionId, id);
  if (!grid) throw invalidField('gridId', '服务网格不存在', 'no such grid');
  return grid;
}

async function requireLiaison(deps: Deps, actor: Actor, userId: string): Promise<string> {
  const liaison = await findLiaison(deps.db, actor.jurisdictionId, userId);
  if (!liaison) throw invalidField('liaisonUserId', '联络员不存在或不是联络员', 'no such liaison');
  return liaison.name;
}

/**
 * Registers an enterprise (admin, hub, liaison). A liaison who names no liaison looks after the
 * enterprise themselves; a code already registered in the jurisdiction is a 409 on `uscc`.
 */
export async function createEnterprise(deps: Deps, actor: Actor, input: CreateEnterpriseInput) {
  requireRole(actor, ['admin', 'hub', 'liaison']);
  assertUscc(input.uscc);
  const keeper = hasAnyRole(actor.roles, LEDGER_KEEPER_ROLES);
  if (!keeper && (input.gridId !== undefined || input.key !== undefined)) throw new AppError('FORBIDDEN');
  if (input.regionCode) await requireRegion(deps, input.regionCode);
  const grid = input.gridId ? await requireGrid(deps, actor, input.gridId) : null;
  const own = input.liaisonUserId ?? (actor.roles.includes('liaison') ? actor.userId : null);
  const liaison = liaisonForOwn(own, grid?.liaison_user_id ?? null);
  const liaisonUserId = liaison.liaisonUserId;
  let liaisonName: string | null = null;
  if (liaisonUserId === actor.userId) liaisonName = actor.name;
  else if (liaisonUserId && liaisonUserId === input.liaisonUserId)
    liaisonName = await requireLiaison(deps, actor, liaisonUserId);
  else if (liaisonUserId) liaisonName = (await findLiaison(deps.db, actor.jurisdictionId, liaisonUserId))?.name ?? null;
  if (await findByUscc(deps.db, actor.jurisdictionId, input.uscc)) {
    throw new AppError('CONFLICT', { detail: input.uscc }, { field: 'uscc' });
  }
  try {
    const row = await insertEnterprise(deps.db, {
      jurisdiction_id: actor.jurisdictionId,
      uscc: input.uscc,
      name: input.name,
      industry_code: input.industryCode ?? null,
      industry_name: input.industryName ?? null,
      scale: input.scale ?? null,
      above_designated_size: input.aboveDesignatedSize ?? false,
      region_code: input.regionCode ?? null,
      grid: grid?.name ?? input.grid ?? null,
      grid_id: grid?.id ?? null,
      liaison_user_id: liaisonUserId,
      liaison_from_grid: liaison.fromGrid,
      key_enterprise: input.key ?? false,
      contacts: sealContacts(deps.pii, input.contacts ?? []),
      notes: input.notes ?? null,
    });
    const answer = view(deps.pii, { ...row, liaison_name: liaisonName, grid_name: grid?.name ?? null }, true, 0);
    await recordContactsView(deps, actor, row, 'enterprise.create');
    return answer;
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', { detail: input.uscc }, { field: 'uscc' });
    throw error;
  }
}

/**
 * Changes a ledger entry: the admin and the hub any enterprise of the jurisdiction, a liaison only
 * the enterprises assigned to them (and without handing them to someone else). Out of scope is a
 * 404. The USCC is immutable once registered: a different code is a 400 on `uscc` — a company with
 * a new code is registered anew.
 */
export async function updateEnterprise(deps: Deps, actor: Actor, id: string, input: UpdateEnterpriseInput) {
  requireRole(actor, ['admin', 'hub', 'liaison']);
  const current = await findVisibleEnterprise(deps.db, actor, id);
  if (!current) throw new AppError('NOT_FOUND');
  const keeper = hasAnyRole(actor.roles, LEDGER_KEEPER_ROLES);
  if (!keeper && current.liaison_user_id !== actor.userId) throw new AppError('FORBIDDEN');
  if (input.uscc !== undefined && input.uscc !== current.uscc) {
    assertUscc(input.uscc);
    throw invalidField('uscc', '统一社会信用代码登记后不可修改', 'the USCC cannot be changed once registered');
  }
  const { uscc: _compared, ...changes } = input;
  if (Object.values(changes).every((v) => v === undefined)) {
    throw invalidField('body', '没有要修改的内容', 'nothing to change');
  }
  if (input.regionCode) await requireRegion(deps, input.regionCode);
  if (!keeper && (input.key !== undefined || (input.gridId !== undefined && input.gridId !== current.grid_id))) {
    throw new AppError('FORBIDDEN');
  }
  let liaison: LiaisonState = { liaisonUserId: current.liaison_user_id, fromGrid: current.liaison_from_grid };
  let gridLiaison = current.grid_liaison_user_id;
  let gridPatch: { grid_id: string | null; grid: string | null } | null = null;
  if (input.gridId !== undefined && input.gridId !== current.grid_id) {
    const grid = input.gridId ? await requireGrid(deps, actor, input.gridId) : null;
    gridLiaison = grid?.liaison_user_id ?? null;
    liaison = liaisonForGrid(liaison, gridLiaison);
    gridPatch = { grid_id: grid?.id ?? null, grid: grid?.name ?? null };
  }
  if (input.liaisonUserId !== undefined && input.liaisonUserId !== current.liaison_user_id) {
    if (!keeper) throw new AppError('FORBIDDEN');
    if (input.liaisonUserId) await requireLiaison(deps, actor, input.liaisonUserId);
    liaison = liaisonForOwn(input.liaisonUserId, gridLiaison);
  }
  await updateEnterpriseRow(deps.db, current.jurisdiction_id, id, {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.industryCode !== undefined ? { industry_code: input.industryCode } : {}),
    ...(input.industryName !== undefined ? { industry_name: input.industryName || null } : {}),
    ...(input.scale !== undefined ? { scale: input.scale } : {}),
    ...(input.aboveDesignatedSize !== undefined ? { above_designated_size: input.aboveDesignatedSize } : {}),
    ...(input.regionCode !== undefined ? { region_code: input.regionCode } : {}),
    ...(input.grid !== undefined ? { grid: input.grid || null } : {}),
    ...(gridPatch ?? {}),
    liaison_user_id: liaison.liaisonUserId,
    liaison_from_grid: liaison.fromGrid,
    ...(input.key !== undefined ? { key_enterprise: input.key } : {}),
    ...(input.contacts !== undefined ? { contacts: sealContacts(deps.pii, input.contacts) } : {}),
    ...(input.notes !== undefined ? { notes: input.notes || null } : {}),
  });
  const row = await findVisibleEnterprise(deps.db, actor, id);
  if (!row) throw new AppError('NOT_FOUND');
  const open = await openCaseCounts(deps.db, actor, [id]);
  const answer = view(deps.pii, row, true, open.get(id) ?? 0);
  await recordContactsView(deps, actor, row, 'enterprise.update');
  return answer;
}

/**
 * Checks a code as it is typed (admin, hub, liaison): whether it is valid and why not, and which
 * enterprise of the jurisdiction already holds it, so the form can warn before a 409. A liaison
 * is told only that a code outside their ledger is taken, never by whom.
 */
export async function checkUscc(deps: Deps, actor: Actor, value: string) {
  requireRole(actor, ['admin', 'hub', 'liaison']);
  const normalized = normalizeUsccInput(value);
  const problem = usccProblem(normalized);
  if (problem) return { valid: false, normalized, problem: { code: problem, ...USCC_PROBLEMS[problem] } };
  const existing = await findByUscc(deps.db, actor.jurisdictionId, normalized);
  if (!existing) return { valid: true, normalized };
  const named = hasAnyRole(actor.roles, ['admin', 'hub']) || existing.liaison_user_id === actor.userId;
  return named
    ? { valid: true, normalized, existing: { id: existing.id, name: existing.name } }
    : { valid: true, normalized, taken: true as const };
}

/**
 * The enterprise ledger in the caller's scope (a liaison: the enterprises assigned to them),
 * contact mobiles masked, each with its open cases as the caller sees them.
 */
export async function listEnterprises(deps: Deps, actor: Actor, query: z.infer<typeof ListEnterprisesQuery>) {
  const { rows, total } = await listVisibleEnterprises(deps.db, actor, query);
  const open = await openCaseCounts(
    deps.db,
    actor,
    rows.map((r) => r.id),
  );
  return { items: rows.map((e) => view(deps.pii, e, false, open.get(e.id) ?? 0)), total };
}

/**
 * One enterprise; whole contact numbers for the admin, the hub, its liaison and the enterprise
 * itself (recorded in the view log), masked for everyone else.
 */
export async function getEnterprise(deps: Deps, actor: Actor, id: string) {
  const row = await findVisibleEnterprise(deps.db, actor, id);
  if (!row) throw new AppError('NOT_FOUND');
  const whole =
    hasAnyRole(actor.roles, LEDGER_KEEPER_ROLES) ||
    row.liaison_user_id === actor.userId ||
    actor.enterpriseId === row.id;
  const open = await openCaseCounts(deps.db, actor, [id]);
  const answer = view(deps.pii, row, whole, open.get(id) ?? 0);
  if (whole) await recordContactsView(deps, actor, row, 'enterprise.view');
  return answer;
}

/**
 * Whether the enterprise is registered in the jurisdiction, for other modules that link a record
 * to it (a user account of its contact). No access check: the caller has done its own.
 */
export async function enterpriseInJurisdiction(
  db: Kysely<Database> | Transaction<Database>,
  jurisdictionId: string,
  id: string,
): Promise<boolean> {
  return (await findEnterpriseId(db, jurisdictionId, id)) !== undefined;
}

/**
 * The active contact users of these enterprises of the jurisdiction, for the modules that tell
 * them something (a policy push, a questionnaire). No access check: the caller has done its own.
 */
export async function enterpriseContacts(
  db: Kysely<Database> | Transaction<Database>,
  jurisdictionId: string,
  enterpriseIds: readonly string[],
): Promise<{ id: string; enterprise_id: string | null }[]> {
  return activeContacts(db, jurisdictionId, enterpriseIds);
}

/**
 * The enterprise another platform names by its USCC (signed intake): the one registered in the
 * jurisdiction, else a new ledger entry under the name sent (the code checked first), the
 * platform's contact its first contact. Two requests registering the same code at once end with
 * one entry.
 */
export async function enterpriseByUscc(
  deps: Deps,
  jurisdictionId: string,
  e: { uscc: string; name?: string | undefined; contact?: { name: string; mobile: string } },
): Promise<string> {
  const uscc = normalizeUsccInput(e.uscc);
  assertUscc(uscc, 'enterprise.uscc');
  const found = await findByUscc(deps.db, jurisdictionId, uscc);
  if (found) return found.id;
  if (!e.name) {
    throw invalidField(
      'enterprise.name',
      '该统一社会信用代码尚未登记，请同时提供企业名称以登记',
      'this code is not registered yet: send the enterprise’s name to register it',
    );
  }
  try {
    const row = await insertEnterprise(deps.db, {
      jurisdiction_id: jurisdictionId,
      uscc,
      name: e.name,
      industry_code: null,
      industry_name: null,
      scale: null,
      above_designated_size: false,
      region_code: null,
      grid: null,
      liaison_user_id: null,
      // The platform's contact becomes the new entry's first contact, where it is a mobile.
      contacts: JSON.stringify(
        e.contact && /^1[3-9]\d{9}$/.test(e.contact.mobile)
          ? [{ name: e.contact.name, mobile: deps.pii.encrypt(e.contact.mobile) }]
          : [],
      ),
      notes: null,
    });
    return row.id;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const again = await findByUscc(deps.db, jurisdictionId, uscc);
    if (!again) throw error;
    return again.id;
  }
}

/**
 * The enterprise of a handed-up case in the jurisdiction above: the entry registered there with
 * the same USCC, else a copy of the lower ledger's entry (name, industry, scale, region and its
 * contacts, sealed as they are), so the upper case names an enterprise of its own jurisdiction.
 * Runs in the hand-up's transaction; an entry without a USCC is not carried up (null).
 */
export async function enterpriseAbove(
  trx: Transaction<Database>,
  lowerEnterpriseId: string,
  upperJurisdictionId: string,
): Promise<string | null> {
  const lower = await findEnterpriseRow(trx, lowerEnterpriseId);
  if (!lower?.uscc) return null;
  const found = await findByUscc(trx, upperJurisdictionId, lower.uscc);
  if (found) return found.id;
  const row = await insertEnterprise(trx, {
    jurisdiction_id: upperJurisdictionId,
    uscc: lower.uscc,
    name: lower.name,
    industry_code: lower.industry_code,
    industry_name: lower.industry_name,
    scale: lower.scale,
    above_designated_size: lower.above_designated_size,
    region_code: lower.region_code,
    grid: null,
    liaison_user_id: null,
    contacts: JSON.stringify(lower.contacts ?? []),
    notes: null,
  });
  return row.id;
}

/**
 * Writes one row of an enterprise import inside the import's transaction (the import has checked
 * the row, its region and the jurisdiction beforehand). A new code is registered with no liaison;
 * a code already registered (`existingId`) is updated with the members the row gives — a blank
 * cell keeps the stored value — and its contact replaces the stored contact of the same name or
 * mobile, or goes first. Answers the entry's id.
 */
export async function saveImportedEnterprise(
  trx: Transaction<Database>,
  deps: Pick<Deps, 'pii'>,
  jurisdictionId: string,
  input: CreateEnterpriseInput,
  existingId: string | null,
): Promise<string> {
  if (!existingId) {
    const row = await insertEnterprise(trx, {
      jurisdiction_id: jurisdictionId,
      uscc: input.uscc,
      name: input.name,
      industry_code: input.industryCode ?? null,
      industry_name: input.industryName ?? null,
      scale: input.scale ?? null,
      above_designated_size: input.aboveDesignatedSize ?? false,
      region_code: input.regionCode ?? null,
      grid: input.grid ?? null,
      liaison_user_id: null,
      contacts: sealContacts(deps.pii, input.contacts ?? []),
      notes: input.notes ?? null,
    });
    return row.id;
  }
  let contacts: string | undefined;
  const given = input.contacts?.[0];
  if (given) {
    const current = await findEnterpriseRow(trx, existingId);
    const kept = (current?.contacts ?? []).filter(
      (c) => c.name !== given.name && deps.pii.open(c.mobile) !== given.mobile,
    );
    contacts = JSON.stringify([{ ...given, mobile: deps.pii.encrypt(given.mobile) }, ...kept]);
  }
  const row = await updateEnterpriseRow(trx, jurisdictionId, existingId, {
    name: input.name,
    ...(input.industryCode !== undefined ? { industry_code: input.industryCode } : {}),
    ...(input.industryName !== undefined ? { industry_name: input.industryName } : {}),
    ...(input.scale !== undefined ? { scale: input.scale } : {}),
    ...(input.aboveDesignatedSize !== undefined ? { above_designated_size: input.aboveDesignatedSize } : {}),
    ...(input.regionCode !== undefined ? { region_code: input.regionCode } : {}),
    ...(input.grid !== undefined ? { grid: input.grid } : {}),
    ...(contacts !== undefined ? { contacts } : {}),
    ...(input.notes !== undefined ? { notes: input.notes } : {}),
  });
  return row.id;
}

/** Who reads the condition history of an enterprise in their scope (the enterprise itself does not). */
const CONDITION_READERS = ['admin', 'hub', 'leader', 'liaison'] as const;
/** Who records a condition: the ledger's keepers and the enterprise's liaison. */
const CONDITION_WRITERS = ['admin', 'hub', 'liaison'] as const;

function conditionView(r: Awaited<ReturnType<typeof conditionHistory>>[number]): ConditionDto & { seq: number } {
  return {
    id: r.id,
    kind: r.kind,
    text: r.text,
    period: r.period,
    recordedBy: r.recorded_by,
    recordedByName: r.recorded_by_name,
    recordedAt: r.recorded_at.toISOString(),
    seq: Number(r.seq),
  };
}

/**
 * Records the enterprise's operations, difficulties or plans (seed 004 三(三)2): the hub, the
 * admin, or the liaison whose ledger holds it (another enterprise is a 404). Records are never
 * changed: a new one becomes the current of its kind and the old ones stay as its history.
 */
export async function addCondition(deps: Deps, actor: Actor, id: string, input: z.infer<typeof ConditionBody>) {
  requireRole(actor, CONDITION_WRITERS);
  const e = await findVisibleEnterprise(deps.db, actor, id);
  if (!e) throw new AppError('NOT_FOUND');
  if (!hasAnyRole(actor.roles, LEDGER_KEEPER_ROLES) && e.liaison_user_id !== actor.userId)
    throw new AppError('NOT_FOUND');
  const row = await insertCondition(deps.db, {
    jurisdiction_id: e.jurisdiction_id,
    enterprise_id: e.id,
    kind: input.kind,
    text: input.text,
    period: input.period ?? null,
    recorded_by: actor.userId,
    recorded_at: deps.clock.now(),
  });
  const { seq: _seq, ...answer } = conditionView({ ...row, recorded_by_name: actor.name });
  return answer;
}

/**
 * An enterprise's condition records: the current one of each kind (core's `currentConditions`)
 * and the whole history, newest first. The hub, leaders, the admin and its liaison; a 404 outside
 * the caller's scope.
 */
export async function listConditions(deps: Deps, actor: Actor, id: string) {
  requireRole(actor, CONDITION_READERS);
  const e = await findVisibleEnterprise(deps.db, actor, id);
  if (!e) throw new AppError('NOT_FOUND');
  const history = (await conditionHistory(deps.db, e.id)).map(conditionView);
  const current = currentConditions(history);
  const strip = (r: (typeof history)[number] | null) => {
    if (!r) return null;
    const { seq: _seq, ...rest } = r;
    return rest;
  };
  return {
    current: {
      operations: strip(current.operations),
      difficulties: strip(current.difficulties),
      plans: strip(current.plans),
    },
    history: history.map(strip).filter((r): r is ConditionDto => r !== null),
  };
}

/**
 * After a grid's liaison changes: every enterprise of the grid without a liaison of its own is
 * looked after by the new one (its solicitation ledger follows, since the ledger is scoped by the
 * enterprise's liaison). Runs in the caller's transaction; no access check.
 */
export async function handGridLiaison(db: Transaction<Database>, gridId: string, liaisonUserId: string | null) {
  await setGridLiaison(db, gridId, liaisonUserId);
}

/** After a grid is renamed: its enterprises' text grid follows. No access check. */
export async function renameGridOnLedger(db: Transaction<Database>, gridId: string, name: string) {
  await renameGridText(db, gridId, name);
}

/** How many enterprises each grid holds, for the grid list. No access check. */
export function enterprisesPerGrid(db: Kysely<Database>, gridIds: string[]) {
  return gridEnterpriseCounts(db, gridIds);
}
