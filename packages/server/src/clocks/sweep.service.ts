import type { Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Profile } from '@qisu/core';
import { dueAt, formatShanghai, milestoneZh } from '@qisu/core';
import { calendarFor } from '../calendar/calendar.service.js';
import type { Deps } from '../context.js';
import type { ClockRow, Database } from '../db/schema.js';
import { appendEvent } from '../events/events.repository.js';
import { writeOutbox } from '../outbox/outbox.service.js';
import { activeProfile, profileVersion } from '../profiles/profiles.service.js';

export interface SweepResult {
  warned: number;
  breached: number;
  cards: number;
  handoffs: number;
}

/** How long a process may hold a claim before another process may take the clock over. */
const CLAIM_MS = 120_000;

/**
 * Fires every clock that is due: warnings before due, breaches at due, with the cards and
 * hand-offs of the clock's profile. Any number of processes may sweep at once: a batch is
 * claimed with `FOR UPDATE SKIP LOCKED`, then each clock is fired in its own transaction that
 * locks its case first (the order commands lock in) and fires only what is still unfired, so
 * each warning and card is written exactly once even when a process dies after claiming.
 */
export async function sweepDue(deps: Deps, options: { batch?: number; maxClocks?: number } = {}): Promise<SweepResult> {
  const result: SweepResult = { warned: 0, breached: 0, cards: 0, handoffs: 0 };
  const batch = options.batch ?? 200;
  let budget = options.maxClocks ?? Number.POSITIVE_INFINITY;
  while (budget > 0) {
    const now = deps.clock.now();
    const claimed = await deps.db.transaction().execute(async (trx) => {
      const rows = await sql<{ id: string; case_id: string }>`
        UPDATE clocks SET claimed_until = ${new Date(+now + CLAIM_MS)}
        WHERE id IN (
          SELECT id FROM clocks
          WHERE next_fire_at <= ${now} AND (claimed_until IS NULL OR claimed_until < ${now})
          ORDER BY next_fire_at
          LIMIT ${Math.min(batch, budget)}
          FOR UPDATE SKIP LOCKED)
        RETURNING id, case_id`.execute(trx);
      return rows.rows;
    });
    if (claimed.length === 0) break;
    budget -= claimed.length;
    claimed.sort((a, b) => a.case_id.localeCompare(b.case_id));
    for (const c of claimed) {
      await deps.db.transaction().execute((trx) => fireClock(trx, c.id, c.case_id, deps.clock.now(), result));
    }
  }
  return result;
}

async function fireClock(
  trx: Transaction<Database>,
  clockId: string,
  caseId: string,
  now: Date,
  result: SweepResult,
): Promise<void> {
  const kase = await trx
    .selectFrom('cases')
    .select(['id', 'number', 'jurisdiction_id', 'lead_unit_id'])
    .where('id', '=', caseId)
    .forUpdate()
    .executeTakeFirst();
  const clock = await trx.selectFrom('clocks').selectAll().where('id', '=', clockId).forUpdate().executeTakeFirst();
  if (!kase || !clock) return;
  const release = () => trx.updateTable('clocks').set({ claimed_until: null }).where('id', '=', clock.id).execute();
  if (!clock.next_fire_at || clock.next_fire_at > now || (clock.state !== 'running' && clock.state !== 'warned')) {
    await release();
    return;
  }
  const profile = clock.profile_version
    ? await profileVersion(trx, clock.jurisdiction_id, clock.profile_version)
    : await activeProfile(trx, clock.jurisdiction_id);
  const recipient = clock.unit_id ? { kind: 'unit' as const, id: clock.unit_id } : { kind: 'role' as const, id: 'hub' };
  const base = {
    clockId: clock.id,
    milestone: clock.milestone,
    title: clock.title,
    dueAt: clock.due_at.toISOString(),
    unitId: clock.unit_id,
    round: clock.round,
  };

  if (clock.due_at > now) {
    // Only the warning is due.
    await trx
      .updateTable('clocks')
      .set({ state: 'warned', warned_at: now, next_fire_at: clock.due_at, claimed_until: null })
      .where('id', '=', clock.id)
      .execute();
    await appendEvent(trx, {
      jurisdictionId: clock.jurisdiction_id,
      caseId: clock.case_id,
      type: 'clock_warned',
      actorId: null,
      unitId: null,
      at: now,
      payload: base,
    });
    await writeOutbox(trx, {
      jurisdictionId: clock.jurisdiction_id,
      topic: 'clock.warned',
      recipient,
      at: now,
      payload: { ...base, caseId: clock.case_id, number: kase.number },
    });
    result.warned++;
    return;
  }

  await trx
    .updateTable('clocks')
    .set({ state: 'breached', breached_at: now, next_fire_at: null, claimed_until: null })
    .where('id', '=', clock.id)
    .execute();
  result.breached++;
  const card = clock.unit_id ? await cardFor(trx, clock, now) : null;
  await appendEvent(trx, {
    jurisdictionId: clock.jurisdiction_id,
    caseId: clock.case_id,
    type: 'clock_breached',
    actorId: null,
    unitId: null,
    at: now,
    payload: { ...base, card: card ? { id: card.id, colour: card.colour, escalation: card.escalation } : null },
  });
  await writeOutbox(trx, {
    jurisdictionId: clock.jurisdiction_id,
    topic: 'clock.breached',
    recipient,
    at: now,
    payload: { ...base, caseId: clock.case_id, number: kase.number, card: card?.colour ?? null },
  });
  if (!card) return;
  result.cards++;
  if (card.colour === 'yellow') await afterYellow(trx, clock, profile, now, result, kase.number);
  else await afterRed(trx, clock, profile, now, result, kase.number);
}

interface IssuedCard {
  id: string;
  colour: 'yellow' | 'red';
  escalation: string | null;
}

async function issueCard(
  trx: Transaction<Database>,
  clock: ClockRow,
  colour: 'yellow' | 'red',
  reason: string,
  escalation: string | null,
  now: Date,
): Promise<IssuedCard> {
  const row = await trx
    .insertInto('cards')
    .values({
      jurisdiction_id: clock.jurisdiction_id,
      case_id: clock.case_id,
      unit_id: clock.unit_id as string,
      clock_id: clock.id,
      colour,
      reason,
      escalation,
      issued_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, colour, escalation };
}

/** The card a breach earns: the rule's yellow, or red when the clock is a supervision follow-up. */
async function cardFor(trx: Transaction<Database>, clock: ClockRow, now: Date) {
  if (clock.card === 'red') {
    return issueCard(
      trx,
      clock,
      'red',
      `督办后仍未按时办理：${milestoneZh(clock.title ?? clock.milestone)}`,
      null,
      now,
    );
  }
  if (clock.card !== 'yellow') return null;
  return issueCard(trx, clock, 'yellow', `未在规定时间内完成：${milestoneZh(clock.milestone)}`, null, now);
}

/**
 * After a yellow card: the platform supervises (seed 002: a follow-up clock that gives a red
 * card when still unmet); a unit's consecutive yellows bring a red card and an interview of
 * its deputy head (seed 003).
 */
async function afterYellow(
  trx: Transaction<Database>,
  clock: ClockRow,
  profile: Profile,
  now: Date,
  result: SweepResult,
  number: string,
): Promise<void> {
  if (profile.cards.redAfterYellow) {
    const calendar = await calendarFor(trx, clock.jurisdiction_id, profile);
    const due = dueAt(calendar, now, profile.cards.redAfterYellow);
    await trx
      .insertInto('clocks')
      .values({
        jurisdiction_id: clock.jurisdiction_id,
        case_id: clock.case_id,
        round: clock.round,
        milestone: 'supervision',
        unit_id: clock.unit_id,
        parent_clock_id: clock.id,
        title: clock.milestone,
        profile_version: clock.profile_version,
        duration: profile.cards.redAfterYellow,
        card: 'red',
        started_at: now,
        due_at: due,
        warn_at: null,
        state: 'running',
        next_fire_at: due,
      })
      .execute();
    await trx
      .insertInto('supervisions')
      .values({
        case_id: clock.case_id,
        by_whom: 'platform',
        instruction: `黄灯亮牌：请于 ${formatShanghai(due)} 前反馈办理情况`,
        actor_id: null,
        at: now,
      })
      .execute();
  }
  const threshold = profile.cards.consecutiveYellowsToRed;
  if (!threshold || !clock.unit_id) return;
  if (!(await streakReached(trx, clock.unit_id, 'yellow', threshold, now))) return;
  const red = await issueCard(trx, clock, 'red', `连续 ${threshold} 次黄牌`, 'interview_deputy_head', now);
  result.cards++;
  await appendEvent(trx, {
    jurisdictionId: clock.jurisdiction_id,
    caseId: clock.case_id,
    type: 'card_issued',
    actorId: null,
    unitId: null,
    at: now,
    payload: {
      cardId: red.id,
      colour: 'red',
      unitId: clock.unit_id,
      reason: `consecutive ${threshold} yellow`,
      escalation: red.escalation,
    },
  });
  await writeOutbox(trx, {
    jurisdictionId: clock.jurisdiction_id,
    topic: 'card.red',
    recipient: { kind: 'unit', id: clock.unit_id },
    at: now,
    payload: { cardId: red.id, caseId: clock.case_id, number, interview: 'deputy_head' },
  });
  await afterRed(trx, clock, profile, now, result, number);
}

/** After a red card: the profile's hand-offs, and the leader's interview after consecutive reds. */
async function afterRed(
  trx: Transaction<Database>,
  clock: ClockRow,
  profile: Profile,
  now: Date,
  result: SweepResult,
  number: string,
): Promise<void> {
  for (const to of profile.handoffs.redCardTo) await handOff(trx, clock, to, 'red_card', now, number, result);
  const threshold = profile.cards.consecutiveRedsToLeader;
  if (!threshold || !clock.unit_id) return;
  if (!(await streakReached(trx, clock.unit_id, 'red', threshold, now))) return;
  await handOff(trx, clock, 'leader', `consecutive_${threshold}_red: interview_head`, now, number, result);
}

/**
 * Counts one more card of a colour in the unit's current run; when the run reaches `threshold`
 * it starts again from zero and the caller escalates.
 */
async function streakReached(
  trx: Transaction<Database>,
  unitId: string,
  colour: 'yellow' | 'red',
  threshold: number,
  now: Date,
): Promise<boolean> {
  const streak = await bumpStreak(trx, unitId, colour, now);
  if ((colour === 'yellow' ? streak.yellow_streak : streak.red_streak) < threshold) return false;
  await trx
    .updateTable('unit_card_streaks')
    .set(colour === 'yellow' ? { yellow_streak: 0, updated_at: now } : { red_streak: 0, updated_at: now })
    .where('unit_id', '=', unitId)
    .execute();
  return true;
}

async function bumpStreak(trx: Transaction<Database>, unitId: string, colour: 'yellow' | 'red', now: Date) {
  return trx
    .insertInto('unit_card_streaks')
    .values({
      unit_id: unitId,
      yellow_streak: colour === 'yellow' ? 1 : 0,
      red_streak: colour === 'red' ? 1 : 0,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc
        .column('unit_id')
        .doUpdateSet(
          colour === 'yellow'
            ? { yellow_streak: sql<number>`unit_card_streaks.yellow_streak + 1`, updated_at: now }
            : { red_streak: sql<number>`unit_card_streaks.red_streak + 1`, updated_at: now },
        ),
    )
    .returning(['yellow_streak', 'red_streak'])
    .executeTakeFirstOrThrow();
}

/** A hand-off to the leader or the discipline commission: one event and one outbox row. */
async function handOff(
  trx: Transaction<Database>,
  clock: ClockRow,
  to: 'leader' | 'discipline',
  reason: string,
  now: Date,
  number: string,
  result: SweepResult,
): Promise<void> {
  if (to === 'discipline') {
    await trx.updateTable('cases').set({ discipline_flag: true }).where('id', '=', clock.case_id).execute();
  }
  await appendEvent(trx, {
    jurisdictionId: clock.jurisdiction_id,
    caseId: clock.case_id,
    type: 'handed_off',
    actorId: null,
    unitId: null,
    at: now,
    payload: { to, reason, unitId: clock.unit_id, clockId: clock.id },
  });
  await writeOutbox(trx, {
    jurisdictionId: clock.jurisdiction_id,
    topic: `handoff.${to}`,
    recipient: { kind: 'role', id: to },
    at: now,
    payload: { caseId: clock.case_id, number, reason, unitId: clock.unit_id },
  });
  result.handoffs++;
}
