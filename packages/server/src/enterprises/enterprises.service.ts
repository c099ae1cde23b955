import type { z } from 'zod';
import { maskMobile, usccProblem } from '@qisu/core';
import type { UsccProblem } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import { scopedEnterprises } from '../access/scope.js';
import type { Deps } from '../context.js';
import type { EnterpriseRow } from '../db/schema.js';
import { AppError, invalidField } from '../errors.js';
import type { CreateEnterpriseInput, ListEnterprisesQuery } from './enterprises.schemas.js';

const PROBLEMS: Record<UsccProblem, { zh: string; en: string }> = {
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
      { field, problemZh: PROBLEMS[problem].zh, problemEn: PROBLEMS[problem].en },
      { field, problem },
    );
  }
}

function view(e: EnterpriseRow, wholeContacts: boolean) {
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
    contacts: e.contacts.map((c) => ({ ...c, mobile: wholeContacts ? c.mobile : (maskMobile(c.mobile) ?? '') })),
    notes: e.notes,
  };
}

export async function createEnterprise(deps: Deps, actor: Actor, input: CreateEnterpriseInput) {
  requireRole(actor, ['admin', 'hub', 'liaison']);
  assertUscc(input.uscc);
  if (input.regionCode) {
    const region = await deps.db
      .selectFrom('regions')
      .select('code')
      .where('code', '=', input.regionCode)
      .executeTakeFirst();
    if (!region) throw invalidField('regionCode', '行政区划代码不存在', 'unknown region code');
  }
  const liaisonUserId = input.liaisonUserId ?? (actor.roles.includes('liaison') ? actor.userId : null);
  if (liaisonUserId && liaisonUserId !== actor.userId) {
    const liaison = await deps.db
      .selectFrom('users')
      .select('id')
      .where('id', '=', liaisonUserId)
      .where('jurisdiction_id', '=', actor.jurisdictionId)
      .executeTakeFirst();
    if (!liaison) throw invalidField('liaisonUserId', '联络员不存在', 'no such liaison');
  }
  const taken = await deps.db
    .selectFrom('enterprises')
    .select('id')
    .where('jurisdiction_id', '=', actor.jurisdictionId)
    .where('uscc', '=', input.uscc)
    .executeTakeFirst();
  if (taken) throw new AppError('CONFLICT', { detail: input.uscc }, { field: 'uscc' });
  const row = await deps.db
    .insertInto('enterprises')
    .values({
      jurisdiction_id: actor.jurisdictionId,
      uscc: input.uscc,
      name: input.name,
      industry_code: input.industryCode ?? null,
      industry_name: input.industryName ?? null,
      scale: input.scale ?? null,
      above_designated_size: input.aboveDesignatedSize ?? false,
      region_code: input.regionCode ?? null,
      grid: input.grid ?? null,
      liaison_user_id: liaisonUserId,
      contacts: JSON.stringify(input.contacts ?? []),
      notes: input.notes ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return view(row, true);
}

/** The enterprise ledger in the caller's scope; contact mobiles masked in the list. */
export async function listEnterprises(deps: Deps, actor: Actor, query: z.infer<typeof ListEnterprisesQuery>) {
  let base = scopedEnterprises(deps.db, actor);
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    base = base.where((eb) => eb.or([eb('e.name', 'ilike', pattern), eb('e.uscc', 'ilike', pattern)]));
  }
  const [rows, total] = await Promise.all([
    base
      .selectAll('e')
      .orderBy('e.name')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((e) => view(e, false)), total: Number(total.n) };
}

/** One enterprise; whole contact numbers for the hub, its liaison and the enterprise itself. */
export async function getEnterprise(deps: Deps, actor: Actor, id: string) {
  const row = await scopedEnterprises(deps.db, actor).selectAll('e').where('e.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  const whole = actor.roles.includes('hub') || row.liaison_user_id === actor.userId || actor.enterpriseId === row.id;
  return view(row, whole);
}
