import type { z } from 'zod';
import { dayToDate, JURISDICTION_WIDE_ROLES, lastCompletePeriod, shanghaiDay } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import type { Deps } from '../context.js';
import { AppError } from '../errors.js';
import { activeProfile } from '../profiles/profiles.service.js';
import type { ReportDocumentKind, ReportDocumentView } from './reports.schemas.js';
import { jurisdictionReader, periodNotice, periodServiceReport } from './reports.service.js';

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
  kind: ReportDocumentKind;
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
 * The notices and service reports kept for the caller's jurisdiction, newest first: those the
 * schedule wrote and those someone generated, with who and when. They cover the whole
 * jurisdiction, so only its hub, leaders and admin read them.
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

/** The document of a kind for a period, as its reader sees it. */
function writeDocument(deps: Deps, actor: Actor, kind: ReportDocumentKind, period: string) {
  return kind === 'notice' ? periodNotice(deps, actor, { period }) : periodServiceReport(deps, actor, { period });
}

/** Generates the notice (or service report) of a period now and keeps it, naming the caller. */
export async function generateDocument(
  deps: Deps,
  actor: Actor,
  input: { kind: ReportDocumentKind; period: string },
): Promise<View> {
  requireRole(actor, JURISDICTION_WIDE_ROLES);
  const { document, fileName } = await writeDocument(deps, actor, input.kind, input.period);
  const row = await deps.db
    .insertInto('report_documents')
    .values({
      jurisdiction_id: actor.jurisdictionId,
      kind: input.kind,
      period_code: input.period,
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

/** A kept document's bytes and name; 404 for another jurisdiction's or an unknown one. */
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
 * The schedule's documents: for every jurisdiction and every cadence its profile issues notices
 * for (`reports.notices`) and service reports for (`reports.serviceReports`), the document of the
 * last complete period, written once (a second run, or a second process, finds it there).
 */
export async function generateScheduledNotices(deps: Deps): Promise<{ generated: number }> {
  const today = dayToDate(shanghaiDay(deps.clock.now()));
  const jurisdictions = await deps.db.selectFrom('jurisdictions').select(['id', 'code']).orderBy('code').execute();
  let generated = 0;
  for (const j of jurisdictions) {
    const profile = await activeProfile(deps.db, j.id);
    const due = [
      ...profile.reports.notices.map((cadence) => ({ kind: 'notice' as const, cadence })),
      ...profile.reports.serviceReports.map((cadence) => ({ kind: 'service-report' as const, cadence })),
    ];
    for (const { kind, cadence } of due) {
      const period = lastCompletePeriod(cadence, today);
      const kept = await deps.db
        .selectFrom('report_documents')
        .select('id')
        .where('jurisdiction_id', '=', j.id)
        .where('kind', '=', kind)
        .where('period_code', '=', period.code)
        .where('generated_by', 'is', null)
        .executeTakeFirst();
      if (kept) continue;
      const { document, fileName } = await writeDocument(deps, jurisdictionReader(j, SCHEDULE_NAME), kind, period.code);
      const written = await deps.db
        .insertInto('report_documents')
        .values({
          jurisdiction_id: j.id,
          kind,
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
