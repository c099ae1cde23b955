import type { Kysely, Selectable, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { KpiCount, KpiCounts } from '@qisu/core';
import { KPI_COUNTS } from '@qisu/core';
import type { Database, KpiCaseFactsTable, KpiCountColumns } from '../db/schema.js';
import type { KpiDimension, KpiGroup } from './reports.repository.js';
import { caseFact } from './reports.repository.js';

type Db = Kysely<Database>;
type Trx = Transaction<Database>;

/** The dimensions summed per day in `kpi_rollups`; industry and liaison are read from the facts. */
export const ROLLUP_DIMENSIONS = ['all', 'unit', 'category', 'region', 'channel'] as const;
type RollupDimension = (typeof ROLLUP_DIMENSIONS)[number];

/** The key of a case without a value of the dimension, in the facts and rollups. */
const NONE = 'none';
/** Events read per step of a catch-up, and cases refreshed per statement. */
const EVENT_BATCH = 5_000;
const CASE_BATCH = 500;

/** `respondedInTime` → `responded_in_time`. */
const column = (k: KpiCount) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) as keyof KpiCountColumns;
const COLUMNS = KPI_COUNTS.map(column);

const KEY_COLUMN: Record<
  Exclude<RollupDimension, 'all'>,
  'unit_key' | 'category_key' | 'region_key' | 'channel_key'
> = {
  unit: 'unit_key',
  category: 'category_key',
  region: 'region_key',
  channel: 'channel_key',
};

/** The facts of the jurisdiction's cases (all, or those of `ids`), as rows of `kpi_case_facts`. */
function factRows(db: Db | Trx, jurisdictionId: string, ids?: readonly string[]) {
  let query = db.selectFrom('cases as c').where('c.jurisdiction_id', '=', jurisdictionId);
  if (ids) query = query.where('c.id', 'in', [...ids]);
  return query.select([
    'c.id as case_id',
    'c.jurisdiction_id',
    // Asia/Shanghai has no daylight saving: its day is the UTC instant plus eight hours.
    sql<string>`((c.created_at at time zone 'UTC') + interval '8 hours')::date`.as('day'),
    sql<boolean>`c.status not in ('merged', 'rejected')`.as('counted'),
    sql<string>`coalesce(c.lead_unit_id::text, ${NONE})`.as('unit_key'),
    sql<string>`coalesce(c.category_id::text, ${NONE})`.as('category_key'),
    sql<string>`coalesce(c.region_code, ${NONE})`.as('region_key'),
    sql<string>`coalesce(c.channel, ${NONE})`.as('channel_key'),
    'c.enterprise_id',
    ...KPI_COUNTS.map((k) => caseFact(k).as(column(k))),
  ]);
}

const FACT_COLUMNS = [
  'case_id',
  'jurisdiction_id',
  'day',
  'counted',
  'unit_key',
  'category_key',
  'region_key',
  'channel_key',
  'enterprise_id',
  ...COLUMNS,
] as const;

/** Drops and recomputes every fact and rollup of the jurisdiction; its cursor moves to `seq`. */
async function rebuild(trx: Trx, jurisdictionId: string, seq: number): Promise<void> {
  await trx.deleteFrom('kpi_rollups').where('jurisdiction_id', '=', jurisdictionId).execute();
  await trx.deleteFrom('kpi_case_facts').where('jurisdiction_id', '=', jurisdictionId).execute();
  await trx
    .insertInto('kpi_case_facts')
    .columns([...FACT_COLUMNS])
    .expression(factRows(trx, jurisdictionId))
    .execute();
  const sums = sql.join(COLUMNS.map((c) => sql`sum(${sql.ref(c)})`));
  for (const dim of ROLLUP_DIMENSIONS) {
    const key = dim === 'all' ? sql`${'all'}::text` : sql.ref(KEY_COLUMN[dim]);
    await sql`
      insert into kpi_rollups (jurisdiction_id, dim, day, key, ${sql.join(COLUMNS.map((c) => sql.ref(c)))})
      select jurisdiction_id, ${dim}, day, ${key}, ${sums}
      from kpi_case_facts where jurisdiction_id = ${jurisdictionId} and counted
      group by jurisdiction_id, day, ${key}
    `.execute(trx);
  }
  await trx.updateTable('kpi_cursors').set({ last_seq: seq }).where('jurisdiction_id', '=', jurisdictionId).execute();
}

type FactRow = Selectable<KpiCaseFactsTable>;

/**
 * Recomputes the facts of these cases and moves the rollups by the difference: each old fact is
 * taken away from its day and keys, each new one added, in one upsert per touched rollup row.
 */
async function refresh(trx: Trx, jurisdictionId: string, ids: readonly string[]): Promise<void> {
  const old: FactRow[] = await trx
    .deleteFrom('kpi_case_facts')
    .where('case_id', 'in', [...ids])
    .returningAll()
    .execute();
  const fresh: FactRow[] = await trx
    .insertInto('kpi_case_facts')
    .columns([...FACT_COLUMNS])
    .expression(factRows(trx, jurisdictionId, ids))
    .returningAll()
    .execute();
  const deltas = new Map<string, { dim: string; day: string; key: string; counts: KpiCountColumns }>();
  const move = (fact: FactRow, sign: 1 | -1) => {
    if (!fact.counted) return;
    for (const dim of ROLLUP_DIMENSIONS) {
      const key = dim === 'all' ? 'all' : fact[KEY_COLUMN[dim]];
      const id = `${dim}\u0000${fact.day}\u0000${key}`;
      let delta = deltas.get(id);
      if (!delta) {
        delta = {
          dim,
          day: fact.day,
          key,
          counts: Object.fromEntries(COLUMNS.map((c) => [c, 0])) as unknown as KpiCountColumns,
        };
        deltas.set(id, delta);
      }
      for (const c of COLUMNS) delta.counts[c] += sign * Number(fact[c]);
    }
  };
  for (const f of old) move(f, -1);
  for (const f of fresh) move(f, 1);
  const rows = [...deltas.values()]
    .filter((d) => COLUMNS.some((c) => d.counts[c] !== 0))
    .map((d) => ({ jurisdiction_id: jurisdictionId, dim: d.dim, day: d.day, key: d.key, ...d.counts }));
  if (rows.length === 0) return;
  await trx
    .insertInto('kpi_rollups')
    .values(rows)
    .onConflict((oc) =>
      oc
        .columns(['jurisdiction_id', 'dim', 'day', 'key'])
        .doUpdateSet(
          Object.fromEntries(
            COLUMNS.map((c) => [c, sql`${sql.ref(`kpi_rollups.${c}`)} + ${sql.ref(`excluded.${c}`)}`]),
          ),
        ),
    )
    .execute();
}

/**
 * Brings the jurisdiction's facts and rollups up to its last committed event. Events of one
 * jurisdiction are numbered under a lock held to commit, so their `seq` order is their commit
 * order and a cursor never skips one; every case an event names is recomputed from its current
 * state, so reading an event twice changes nothing. The cursor row is locked for the catch-up:
 * concurrent callers wait and then find nothing left to do. A jurisdiction read for the first
 * time is built whole.
 */
export async function catchUpKpis(db: Db, jurisdictionId: string): Promise<{ events: number; cases: number }> {
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('kpi_cursors')
      .values({ jurisdiction_id: jurisdictionId, last_seq: -1 })
      .onConflict((oc) => oc.column('jurisdiction_id').doNothing())
      .execute();
    const cursor = await trx
      .selectFrom('kpi_cursors')
      .select('last_seq')
      .where('jurisdiction_id', '=', jurisdictionId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    let last = Number(cursor.last_seq);
    if (last < 0) {
      const head = await trx
        .selectFrom('events')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .where('jurisdiction_id', '=', jurisdictionId)
        .executeTakeFirst();
      await rebuild(trx, jurisdictionId, Number(head?.seq ?? 0));
      const built = await trx
        .selectFrom('kpi_case_facts')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('jurisdiction_id', '=', jurisdictionId)
        .executeTakeFirstOrThrow();
      return { events: 0, cases: Number(built.n) };
    }
    let events = 0;
    let cases = 0;
    for (;;) {
      const batch = await trx
        .selectFrom('events')
        .select(['seq', 'case_id'])
        .where('jurisdiction_id', '=', jurisdictionId)
        .where('seq', '>', last)
        .orderBy('seq')
        .limit(EVENT_BATCH)
        .execute();
      if (batch.length === 0) break;
      const ids = [...new Set(batch.flatMap((e) => (e.case_id ? [e.case_id] : [])))];
      for (let i = 0; i < ids.length; i += CASE_BATCH) await refresh(trx, jurisdictionId, ids.slice(i, i + CASE_BATCH));
      last = Number(batch[batch.length - 1]!.seq);
      events += batch.length;
      cases += ids.length;
    }
    if (events > 0) {
      await trx
        .updateTable('kpi_cursors')
        .set({ last_seq: last })
        .where('jurisdiction_id', '=', jurisdictionId)
        .execute();
    }
    return { events, cases };
  });
}

/** Every jurisdiction's facts and rollups brought up to its last event (the `kpi.rollup` job). */
export async function catchUpAllKpis(db: Db): Promise<{ events: number; cases: number }> {
  const jurisdictions = await db.selectFrom('jurisdictions').select('id').orderBy('id').execute();
  const total = { events: 0, cases: 0 };
  for (const j of jurisdictions) {
    const r = await catchUpKpis(db, j.id);
    total.events += r.events;
    total.cases += r.cases;
  }
  return total;
}

/** The name of a group's key in one dimension, looked up after the sums. */
function groupName(by: KpiDimension) {
  switch (by) {
    case 'unit':
      return sql<string | null>`(select u.name from units u where u.id::text = g.key)`;
    case 'category':
      return sql<string | null>`(select x.name from categories x where x.id::text = g.key)`;
    case 'region':
      return sql<string | null>`(select r.name from regions r where r.code = g.key)`;
    case 'channel':
    case 'industry':
    case 'liaison':
      return sql<string | null>`null::text`;
  }
}

/**
 * The counts of the counted cases received on Shanghai days `[from, to)` in these jurisdictions,
 * grouped by one dimension: summed from the day rollups for unit, category, region and channel;
 * from the case facts joined to the enterprise ledger (as it is now) for industry and liaison.
 * The same rows as the direct aggregate `kpiGroups` for a jurisdiction-wide reader.
 */
export async function rollupGroups(
  db: Db,
  jurisdictionIds: readonly string[],
  days: { from: string; to: string },
  by: KpiDimension,
): Promise<KpiGroup[]> {
  const sums = sql.join(KPI_COUNTS.map((k) => sql`sum(${sql.ref(column(k))})::bigint as ${sql.ref(k)}`));
  const ids = sql.join([...jurisdictionIds]);
  const grouped =
    by === 'industry' || by === 'liaison'
      ? sql`
        select ${by === 'industry' ? sql`e.industry_code` : sql`e.liaison_user_id::text`} as key,
          min(${by === 'industry' ? sql`e.industry_name` : sql`(select u.name from users u where u.id = e.liaison_user_id)`}) as name,
          ${sums}
        from kpi_case_facts f left join enterprises e on e.id = f.enterprise_id
        where f.jurisdiction_id in (${ids}) and f.counted and f.day >= ${days.from}::date and f.day < ${days.to}::date
        group by 1`
      : sql`
        select g.key, ${groupName(by)} as name, g.*
        from (
          select key, ${sums} from kpi_rollups
          where jurisdiction_id in (${ids}) and dim = ${by} and day >= ${days.from}::date and day < ${days.to}::date
          group by key
        ) g`;
  const { rows } = await sql<Record<string, unknown>>`${grouped}`.execute(db);
  return rows.map((row) => {
    const key = (row.key as string | null) ?? null;
    const counts = Object.fromEntries(KPI_COUNTS.map((k) => [k, Number(row[k] ?? 0)])) as KpiCounts;
    return {
      key: key === NONE && by !== 'industry' && by !== 'liaison' ? null : key,
      name: (row.name as string | null) ?? null,
      ...counts,
    };
  });
}
