import type { z } from 'zod';
import { dayToDate, JURISDICTION_WIDE_ROLES, lastCompletePeriod, shanghaiDay } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import type { Deps } from '../context.js';
import { AppError } from '../errors.js';
import { activeProfile } from '../profiles/profiles.service.js';
import type { ReportDocumentView } from './reports.schemas.js';
import { jurisdictionReader, periodNotice } from './reports.service.js';

type View = z.infer<typeof ReportDocumentView>;

/** Who the schedule's notices name as their author. */
const SCHEDULE_NAME = '定时生成';

const columns = [
  'id',
  'kind',
  'period_code',
  'file_name',
  'generated_by',
  'generated_by_name',
  'generated_at',
] as const;

function viewOf(row: {
  id: string;
  kind: 'notice';
  period_code: string;
  file_name: string;
  generated_by: string | null;
  generated_by_name: string;
  generated_at: Date;
}): View {
  return {
    id: row.id,
    kind: row.kind,
    period: row.period_code,
    fileName: row.file_name,
    generatedBy: row.generated_by_name,
    scheduled: row.generated_by === null,
    generatedAt: row.generated_at.toISOString(),
  };
}

/**
 * The notices kept for the caller's jurisdiction, newest first: those the schedule wrote and
 * those someone generated, with who and when. Notices cover the whole jurisdiction, so only its
 * hub, leaders and admin read them.
 */
export async function listDocuments(deps: Deps, actor: Actor): Promise<View[]> {
  requireRole(actor, JURISDICTION_WIDE_ROLES);
  const rows = await deps.db
    .selectFrom('report_documents')
    .select([...columns])
    .where('jurisdiction_id', '=', actor.jurisdictionId)
    .orderBy('generated_at', 'desc')
    .limit(200)
    .execute();
  return rows.map(viewOf);
}

/** Generates the notice of a period now and keeps it, naming the caller. */
export async function generateDocument(deps: Deps, actor: Actor, period: string): Promise<View> {
  requireRole(actor, JURISDICTION_WIDE_ROLES);
  const { document, fileName } = await periodNotice(deps, actor, { period });
  const row = await deps.db
    .insertInto('report_documents')
    .values({
      jurisdiction_id: actor.jurisdictionId,
      kind: 'notice',
      period_code: period,
      file_name: fileName,
      content: document,
      generated_by: actor.userId,
      generated_by_name: actor.name,
      generated_at: deps.clock.now(),
    })
    .returning([...columns])
    .executeTakeFirstOrThrow();
  return viewOf(row);
}

/** A kept notice's bytes and name; 404 for another jurisdiction's or an unknown one. */
export async function documentFile(
  deps: Deps,
  actor: Actor,
  id: string,
): Promise<{ content: Buffer; fileName: string }> {
  requireRole(actor, JURISDICTION_WIDE_ROLES);
  const row = await deps.db
    .selectFrom('report_documents')
    .select(['content', 'file_name'])
    .where('id', '=', id)
    .where('jurisdiction_id', '=', actor.jurisdictionId)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  return { content: row.content, fileName: row.file_name };
}

/**
 * The schedule's notices: for every jurisdiction and every cadence its profile issues notices
 * for (`reports.notices`), the notice of the last complete period, written once (a second run,
 * or a second process, finds it there).
 */
export async function generateScheduledNotices(deps: Deps): Promise<{ generated: number }> {
  const today = dayToDate(shanghaiDay(deps.clock.now()));
  const jurisdictions = await deps.db.selectFrom('jurisdictions').select(['id', 'code']).orderBy('code').execute();
  let generated = 0;
  for (const j of jurisdictions) {
    const profile = await activeProfile(deps.db, j.id);
    for (const cadence of profile.reports.notices) {
      const period = lastCompletePeriod(cadence, today);
      const kept = await deps.db
        .selectFrom('report_documents')
        .select('id')
        .where('jurisdiction_id', '=', j.id)
        .where('kind', '=', 'notice')
        .where('period_code', '=', period.code)
        .where('generated_by', 'is', null)
        .executeTakeFirst();
      if (kept) continue;
      const { document, fileName } = await periodNotice(deps, jurisdictionReader(j, SCHEDULE_NAME), {
        period: period.code,
      });
      const written = await deps.db
        .insertInto('report_documents')
        .values({
          jurisdiction_id: j.id,
          kind: 'notice',
          period_code: period.code,
          file_name: fileName,
          content: document,
          generated_by: null,
          generated_by_name: SCHEDULE_NAME,
          generated_at: deps.clock.now(),
        })
        .onConflict((oc) =>
          oc.columns(['jurisdiction_id', 'kind', 'period_code']).where('generated_by', 'is', null).doNothing(),
        )
        .returning('id')
        .executeTakeFirst();
      if (written) generated++;
    }
  }
  return { generated };
}
