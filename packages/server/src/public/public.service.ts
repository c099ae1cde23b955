import type { Deps } from '../context.js';
import { AppError } from '../errors.js';
import { activeProfile } from '../profiles/profiles.service.js';
import { jurisdictionReader, ranking } from '../reports/reports.service.js';
import type { PublicJurisdictionDto, PublicRankingDto } from './public.schemas.js';
import { findJurisdictionByCode, hubPhones } from './public.repository.js';

/** A personal mobile number (11 digits starting with 1); such a number is never shown publicly. */
const PERSONAL_MOBILE = /^1[3-9]\d{9}$/;

/**
 * The public face of a jurisdiction for its QR entry page. Anyone may call it, so it answers
 * only what the office prints on its posters anyway: the name, the brand and the hub's office
 * line. A hub whose contact is a personal mobile has no public hotline (a mobile belongs to a
 * person). An unknown code is 404, like any missing resource.
 */
export async function publicJurisdiction(deps: Deps, code: string): Promise<PublicJurisdictionDto> {
  const j = await findJurisdictionByCode(deps.db, code);
  if (!j) throw new AppError('NOT_FOUND');
  const hotline = (await hubPhones(deps.db, j.id)).find((p) => !PERSONAL_MOBILE.test(p.replace(/[\s-]/g, '')));
  return {
    code: j.code,
    name: j.name,
    fullName: j.full_name,
    ...(j.brand ? { brand: j.brand } : {}),
    ...(hotline ? { hotline } : {}),
  };
}

/**
 * The public ranking (晾晒) of a jurisdiction that publishes one (`reports.publicPage`): its units
 * over the last complete period of its ranking's cadence, read as the leadership reads them.
 * Liaisons are people and are never published; neither is any case. A jurisdiction that does not
 * publish answers 404, as an unknown one does.
 */
export async function publicRanking(deps: Deps, code: string): Promise<PublicRankingDto> {
  const j = await findJurisdictionByCode(deps.db, code);
  if (!j) throw new AppError('NOT_FOUND');
  const profile = await activeProfile(deps.db, j.id);
  if (!profile.reports.publicPage || !profile.reports.ranking.subjects.includes('unit')) {
    throw new AppError('NOT_FOUND');
  }
  const reader = jurisdictionReader(j, '公开');
  const r = await ranking(deps, reader, { subject: 'unit' });
  return {
    jurisdiction: { code: j.code, name: j.name },
    period: { code: r.period.code, from: r.period.from, to: r.period.to, label: r.period.label },
    rule: { method: r.rule.method, measures: r.rule.measures },
    rows: r.rows.map((row) => ({
      name: row.name,
      rank: row.rank,
      tied: row.tied,
      list: row.list,
      received: row.received,
      closed: row.closed,
      closeRate: row.closeRate,
      onTimeRate: row.onTimeRate,
      solveRate: row.solveRate,
      satisfactionRate: row.satisfactionRate,
    })),
  };
}
