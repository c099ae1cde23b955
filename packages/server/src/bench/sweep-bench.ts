import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { GENESIS_HASH } from '@qisu/core';
import { eventHash } from '../events/hash-chain.js';
import { sweepDue } from '../clocks/sweep.service.js';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { migrateToLatest } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { presetProfiles } from '../profiles/presets.js';
import { storeProfile } from '../profiles/profiles.service.js';
import { PiiKeyring } from '../pii/pii.keyring.js';
import { benchFixture } from './fixture.js';

export interface SweepBenchResult {
  engine: 'pglite' | 'postgres';
  openClocks: number;
  dueClocks: number;
  sweepSeconds: number;
  /** Bare SQL writing the same rows the firing writes, in the same batches. */
  bareWriteSeconds: number;
  /** How many times longer the sweep takes than the bare writes of the same rows. */
  ratio: number;
  firedPerSecond: number;
}

const NOW = new Date('2026-11-10T09:35:00.000Z');
const BATCH = 500;

/**
 * Writes what firing the due clocks writes — each clock breached, a yellow card, a red-card
 * follow-up clock, the platform's supervision record, one chained event and one outbox row —
 * with set-based SQL and no rules: a claimed batch per transaction, as the sweep claims them.
 */
async function bareFiring(db: Kysely<Database>, jurisdictionId: string, unitId: string): Promise<number> {
  const followUpDue = new Date(+NOW + 86_400_000);
  let fired = 0;
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      const clocks = await sql<{ id: string; case_id: string; round: number; due_at: Date }>`
        UPDATE clocks SET state = 'breached', breached_at = ${NOW}, next_fire_at = NULL
        WHERE id IN (SELECT id FROM clocks WHERE next_fire_at <= ${NOW} ORDER BY next_fire_at LIMIT ${BATCH}
                     FOR UPDATE SKIP LOCKED)
        RETURNING id, case_id, round, due_at`.execute(trx);
      const rows = clocks.rows;
      if (rows.length === 0) return 0;
      await trx
        .insertInto('cards')
        .values(
          rows.map((c) => ({
            jurisdiction_id: jurisdictionId,
            case_id: c.case_id,
            unit_id: unitId,
            clock_id: c.id,
            colour: 'yellow' as const,
            reason: '未在规定时间内完成：办结答复',
            escalation: null,
            issued_at: NOW,
          })),
        )
        .execute();
      await trx
        .insertInto('clocks')
        .values(
          rows.map((c) => ({
            jurisdiction_id: jurisdictionId,
            case_id: c.case_id,
            round: c.round,
            milestone: 'supervision',
            unit_id: unitId,
            parent_clock_id: c.id,
            title: 'resolve',
            profile_version: 1,
            duration: '1wd',
            card: 'red',
            started_at: NOW,
            due_at: followUpDue,
            state: 'running' as const,
            next_fire_at: followUpDue,
          })),
        )
        .execute();
      await trx
        .insertInto('supervisions')
        .values(
          rows.map((c) => ({
            case_id: c.case_id,
            by_whom: 'platform' as const,
            instruction: '黄灯亮牌：请于 2026-11-11 17:30 前反馈办理情况',
            actor_id: null,
            at: NOW,
          })),
        )
        .execute();
      const head = await trx
        .selectFrom('event_chains')
        .select(['last_seq', 'last_hash'])
        .where('jurisdiction_id', '=', jurisdictionId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      let seq = head.last_seq;
      let prev = head.last_hash;
      const events = rows.map((c) => {
        seq++;
        const payload = { clockId: c.id, milestone: 'resolve', dueAt: c.due_at.toISOString(), unitId, round: c.round };
        const hash = eventHash({
          jurisdictionId,
          seq,
          caseId: c.case_id,
          type: 'clock_breached',
          actorId: null,
          unitId: null,
          at: NOW.toISOString(),
          payload,
          prevHash: prev,
        });
        const row = {
          jurisdiction_id: jurisdictionId,
          seq,
          case_id: c.case_id,
          type: 'clock_breached',
          actor_id: null,
          unit_id: null,
          at: NOW,
          payload: JSON.stringify(payload),
          prev_hash: prev,
          hash,
        };
        prev = hash;
        return row;
      });
      await trx.insertInto('events').values(events).execute();
      await trx
        .updateTable('event_chains')
        .set({ last_seq: seq, last_hash: prev })
        .where('jurisdiction_id', '=', jurisdictionId)
        .execute();
      await trx
        .insertInto('outbox')
        .values(
          rows.map((c) => ({
            jurisdiction_id: jurisdictionId,
            topic: 'clock.breached',
            recipient_kind: 'unit' as const,
            recipient: unitId,
            channel: 'internal',
            payload: JSON.stringify({ clockId: c.id, caseId: c.case_id, card: 'yellow' }),
            created_at: NOW,
          })),
        )
        .execute();
      return rows.length;
    });
    if (n === 0) return fired;
    fired += n;
  }
}

/** Puts the due clocks back as they were before the bare firing (the events stay: the chain only grows). */
async function undoFiring(db: Kysely<Database>, jurisdictionId: string): Promise<void> {
  await sql`DELETE FROM cards WHERE jurisdiction_id = ${jurisdictionId}`.execute(db);
  await sql`DELETE FROM clocks WHERE jurisdiction_id = ${jurisdictionId} AND milestone = 'supervision'`.execute(db);
  await sql`DELETE FROM supervisions`.execute(db);
  await sql`DELETE FROM outbox WHERE jurisdiction_id = ${jurisdictionId}`.execute(db);
  await sql`
    UPDATE clocks SET state = 'running', breached_at = NULL, next_fire_at = due_at
    WHERE jurisdiction_id = ${jurisdictionId} AND state = 'breached'`.execute(db);
  await sql`VACUUM ANALYZE clocks`.execute(db);
}

/**
 * One sweep over `open` open clocks of which `due` are due, against bare SQL writing the same
 * rows, in the same database. Each due clock is a carded 峄城 resolve clock, so the sweep does
 * its full work: breach, yellow card, supervision follow-up, event and outbox rows.
 */
export async function benchSweep(
  engine: 'pglite' | 'postgres',
  handle: Db,
  open: number,
  due: number,
): Promise<SweepBenchResult> {
  const db = handle.db;
  await migrateToLatest(db);
  const f = await benchFixture(db, 'bsw');
  const j = { id: f.jurisdictionId };
  const preset = presetProfiles().get('yc');
  if (!preset) throw new Error('preset yc missing');
  await db
    .transaction()
    .execute((trx) => storeProfile(trx, j.id, { ...preset, code: 'bsw' }, { userId: null, at: NOW }));
  await sql`INSERT INTO event_chains (jurisdiction_id, last_seq, last_hash) VALUES (${j.id}, 0, ${GENESIS_HASH})
            ON CONFLICT DO NOTHING`.execute(db);
  const unit = { id: f.unitId };
  const cases = Math.max(due, 1000);
  await sql`
    INSERT INTO cases (jurisdiction_id, number, channel, title, content, kind, status, lead_unit_id, complexity, created_at, updated_at)
    SELECT ${j.id}, 'BSW-2026-' || lpad(g::text, 7, '0'), 'web', '基准', '基准', 'help', 'signed', ${unit.id}, 'general', ${NOW}, ${NOW}
    FROM generate_series(1, ${cases}::int) AS g`.execute(db);
  process.stderr.write(`  ${engine}: inserting ${open} clocks …\n`);
  const chunk = 100_000;
  for (let start = 0; start < open; start += chunk) {
    const size = Math.min(chunk, open - start);
    // The first `due` clocks fall due a minute before now; the rest in the coming weeks.
    await sql`
      INSERT INTO clocks (jurisdiction_id, case_id, round, milestone, unit_id, profile_version, duration, card,
                          started_at, due_at, state, next_fire_at)
      SELECT ${j.id}, c.id, 1, 'resolve', ${unit.id}, 1, '5wd', 'yellow', ${NOW},
             CASE WHEN g <= ${due}::int THEN ${new Date(+NOW - 60_000)}::timestamptz
                  ELSE ${NOW}::timestamptz + (g || ' minutes')::interval END,
             'running',
             CASE WHEN g <= ${due}::int THEN ${new Date(+NOW - 60_000)}::timestamptz
                  ELSE ${NOW}::timestamptz + (g || ' minutes')::interval END
      FROM generate_series(${start + 1}::int, ${start + size}::int) AS g
      JOIN (SELECT id, row_number() OVER (ORDER BY number) AS n FROM cases WHERE jurisdiction_id = ${j.id}) c
        ON c.n = 1 + (g - 1) % ${cases}::int`.execute(db);
    process.stderr.write(`  ${engine}: ${start + size}/${open} clocks\r`);
  }
  process.stderr.write('\n');
  await sql`ANALYZE clocks`.execute(db);

  process.stderr.write(`  ${engine}: bare SQL writing what ${due} firings write …\n`);
  let t = performance.now();
  const bareFired = await bareFiring(db, j.id, unit.id);
  const bareWriteSeconds = (performance.now() - t) / 1000;
  if (bareFired !== due) throw new Error(`expected ${due} due rows, bare SQL fired ${bareFired}`);
  await undoFiring(db, j.id);

  process.stderr.write(`  ${engine}: sweeping ${due} due clocks …\n`);
  t = performance.now();
  const result = await sweepDue({ db, clock: new ManualClock(NOW), pii: PiiKeyring.ephemeral() }, { batch: BATCH });
  const sweepSeconds = (performance.now() - t) / 1000;
  if (result.breached !== due || result.cards !== due) {
    throw new Error(`sweep fired ${result.breached} of ${due} with ${result.cards} cards`);
  }
  return {
    engine,
    openClocks: open,
    dueClocks: due,
    sweepSeconds,
    bareWriteSeconds,
    ratio: sweepSeconds / bareWriteSeconds,
    firedPerSecond: due / sweepSeconds,
  };
}
