import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import { sql } from 'kysely';
import { hasAnyRole, JURISDICTION_WIDE_ROLES, UNIT_ROLES } from '@qisu/core';
import type { Database } from '../db/schema.js';
import type { Actor } from './actor.js';

/**
 * Data scope, in one place. Every read of cases and enterprises passes through these filters;
 * a row outside them does not exist for the caller (the API answers 404, never 403).
 *
 * - hub, leader, admin: their jurisdiction and those below it;
 * - discipline: cases flagged for the discipline commission (`discipline_flag`): those handed to
 *   it (escalated to it, supervised by it, the profile's `handoffs`), and those its profile lets
 *   it read (`discipline`, SPEC §2 by default: rated unsatisfied, or carrying a red card). The
 *   flag is set as these happen, under the profile then in force (`opensToDiscipline`), so the
 *   worklist reads one column;
 * - unit handler / head: cases with an assignment to their unit, in any round; a town also
 *   sees cases located in its territory;
 * - enterprise contact: its own enterprise's cases;
 * - liaison: cases of the enterprises they look after, and cases they recorded.
 *
 * Lists that name cases from another table (cards, hotspot members, supervisions, ratings) keep
 * only rows whose case passes `caseScopeFilter`, and count only those, so every list agrees with
 * what `GET /api/v1/cases/{id}` opens.
 */
type CaseEb = ExpressionBuilder<Database & { c: Database['cases'] }, 'c'>;

/** The condition a case row (aliased `c`) meets when the actor may see it. */
export function caseScopeFilter(eb: CaseEb, actor: Actor): Expression<SqlBool> {
  const inJurisdiction = eb('c.jurisdiction_id', 'in', actor.jurisdictionIds);
  if (hasAnyRole(actor.roles, JURISDICTION_WIDE_ROLES)) return inJurisdiction;

  const grants: Expression<SqlBool>[] = [];
  if (actor.roles.includes('discipline')) grants.push(eb('c.discipline_flag', '=', true));
  if (hasAnyRole(actor.roles, UNIT_ROLES) && actor.unitId) {
    grants.push(
      eb.exists(
        eb
          .selectFrom('assignments as a')
          .select(sql.lit(1).as('one'))
          .whereRef('a.case_id', '=', 'c.id')
          .where('a.unit_id', '=', actor.unitId),
      ),
    );
    if (actor.unitKind === 'town' && actor.unitRegionCode) {
      grants.push(eb('c.region_code', 'like', `${actor.unitRegionCode}%`));
    }
  }
  if (actor.roles.includes('enterprise') && actor.enterpriseId) {
    grants.push(eb('c.enterprise_id', '=', actor.enterpriseId));
  }
  if (actor.roles.includes('liaison')) {
    grants.push(eb('c.created_by', '=', actor.userId));
    grants.push(
      eb(
        'c.enterprise_id',
        'in',
        eb.selectFrom('enterprises').select('id').where('liaison_user_id', '=', actor.userId),
      ),
    );
  }
  if (grants.length === 0) return eb.val(false);
  return eb.and([inJurisdiction, eb.or(grants)]);
}

/** Cases the actor may see, as a query to refine. */
export function scopedCases(db: Kysely<Database>, actor: Actor) {
  return db.selectFrom('cases as c').where((eb) => caseScopeFilter(eb, actor));
}

type EnterpriseEb = ExpressionBuilder<Database & { e: Database['enterprises'] }, 'e'>;

/** Enterprises the actor may see: the same rule as cases, applied to the enterprise ledger. */
export function enterpriseScopeFilter(eb: EnterpriseEb, actor: Actor): Expression<SqlBool> {
  const inJurisdiction = eb('e.jurisdiction_id', 'in', actor.jurisdictionIds);
  if (hasAnyRole(actor.roles, JURISDICTION_WIDE_ROLES)) return inJurisdiction;
  const grants: Expression<SqlBool>[] = [];
  if (actor.roles.includes('liaison')) grants.push(eb('e.liaison_user_id', '=', actor.userId));
  if (actor.roles.includes('enterprise') && actor.enterpriseId) grants.push(eb('e.id', '=', actor.enterpriseId));
  if (hasAnyRole(actor.roles, [...UNIT_ROLES, 'discipline'])) {
    grants.push(
      eb.exists(scopedCasesFromEb(eb, actor).select(sql.lit(1).as('one')).whereRef('c.enterprise_id', '=', 'e.id')),
    );
  }
  if (grants.length === 0) return eb.val(false);
  return eb.and([inJurisdiction, eb.or(grants)]);
}

function scopedCasesFromEb(eb: EnterpriseEb, actor: Actor) {
  return eb.selectFrom('cases as c').where((inner) => caseScopeFilter(inner as unknown as CaseEb, actor));
}

export function scopedEnterprises(db: Kysely<Database>, actor: Actor) {
  return db.selectFrom('enterprises as e').where((eb) => enterpriseScopeFilter(eb, actor));
}
