import type { Insertable, Kysely, Transaction } from 'kysely';
import { TERMINAL_STATUSES } from '@qisu/core';
import type { CaseHandupsTable, Database } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** The jurisdiction directly above this one on the platform, if it has one. */
export function parentJurisdiction(db: Executor, jurisdictionId: string) {
  return db
    .selectFrom('jurisdictions as j')
    .innerJoin('jurisdictions as p', 'p.id', 'j.parent_id')
    .select(['p.id', 'p.code', 'p.name'])
    .where('j.id', '=', jurisdictionId)
    .executeTakeFirst();
}

/** A jurisdiction's code and name. */
export function jurisdictionName(db: Executor, id: string) {
  return db.selectFrom('jurisdictions').select(['id', 'code', 'name']).where('id', '=', id).executeTakeFirstOrThrow();
}

export function insertHandup(trx: Transaction<Database>, row: Insertable<CaseHandupsTable>) {
  return trx.insertInto('case_handups').values(row).returning('id').executeTakeFirstOrThrow();
}

/** Every hand-up of a lower case, newest first, with where the upper case stands. */
export function handupsOfLowerCase(db: Executor, lowerCaseId: string) {
  return db
    .selectFrom('case_handups as h')
    .innerJoin('cases as u', 'u.id', 'h.upper_case_id')
    .innerJoin('jurisdictions as j', 'j.id', 'h.upper_jurisdiction_id')
    .leftJoin('users as by', 'by.id', 'h.handed_by')
    .select([
      'h.id',
      'h.lower_round',
      'h.reason',
      'h.handed_at',
      'h.returned_at',
      'h.returned_to',
      'u.number as upper_number',
      'u.status as upper_status',
      'j.name as upper_jurisdiction_name',
      'by.name as handed_by_name',
    ])
    .where('h.lower_case_id', '=', lowerCaseId)
    .orderBy('h.lower_round', 'desc')
    .orderBy('h.handed_at', 'desc')
    .execute();
}

/** The hand-up an upper case came from, with the lower case's number and jurisdiction. */
export function handupOfUpperCase(db: Executor, upperCaseId: string) {
  return db
    .selectFrom('case_handups as h')
    .innerJoin('cases as l', 'l.id', 'h.lower_case_id')
    .innerJoin('jurisdictions as j', 'j.id', 'h.lower_jurisdiction_id')
    .leftJoin('users as by', 'by.id', 'h.handed_by')
    .select([
      'h.id',
      'h.reason',
      'h.history',
      'h.handed_at',
      'h.returned_at',
      'h.returned_to',
      'l.number as lower_number',
      'j.name as lower_jurisdiction_name',
      'by.name as handed_by_name',
    ])
    .where('h.upper_case_id', '=', upperCaseId)
    .executeTakeFirst();
}

/**
 * Hand-ups whose upper case has a result to send down: a unit's reply there, or a finish without
 * one (not accepted, answered, merged, closed). A bounded batch, oldest first.
 */
export function handupsToReturn(db: Executor, limit: number) {
  return db
    .selectFrom('case_handups as h')
    .innerJoin('cases as u', 'u.id', 'h.upper_case_id')
    .select('h.id')
    .where('h.returned_at', 'is', null)
    .where((eb) => eb.or([eb('u.result_text', 'is not', null), eb('u.status', 'in', [...TERMINAL_STATUSES])]))
    .orderBy('h.handed_at')
    .limit(limit)
    .execute();
}

/**
 * Claims one hand-up still to return, with its upper case's result; skipped when another process
 * holds it or it went down already, so a result goes down once.
 */
export function claimHandupToReturn(trx: Transaction<Database>, id: string) {
  return trx
    .selectFrom('case_handups as h')
    .innerJoin('cases as u', 'u.id', 'h.upper_case_id')
    .leftJoin('assignments as a', (join) =>
      join.onRef('a.case_id', '=', 'u.id').onRef('a.round', '=', 'u.round').on('a.role', '=', 'lead'),
    )
    .leftJoin('units as n', 'n.id', 'a.unit_id')
    .select([
      'h.id',
      'h.lower_case_id',
      'h.lower_round',
      'u.id as upper_case_id',
      'u.number as upper_number',
      'u.status as upper_status',
      'u.result',
      'u.result_text',
      'u.reject_reason',
      'u.answer_text',
      'n.name as upper_unit_name',
    ])
    .where('h.id', '=', id)
    .where('h.returned_at', 'is', null)
    .forUpdate('h')
    .skipLocked()
    .executeTakeFirst();
}

export async function markHandupReturned(
  trx: Transaction<Database>,
  id: string,
  to: 'replied' | 'screening',
  at: Date,
): Promise<void> {
  await trx.updateTable('case_handups').set({ returned_at: at, returned_to: to }).where('id', '=', id).execute();
}
