import { randomUUID } from 'node:crypto';
import type { Insertable, Transaction } from 'kysely';
import type { BreachStep, CardColour, Milestone, Profile, WorkCalendar } from '@qisu/core';
import {
  breachConsequences,
  CARD_TEXTS,
  cardReasonText,
  dueAt,
  EMPTY_RUN,
  fillText,
  formatShanghaiMinute,
  opensToDiscipline,
} from '@qisu/core';
import { calendarFor } from '../calendar/calendar.service.js';
import { flagForDiscipline, insertSupervisions, lockCasesById } from '../cases/cases.service.js';
import type { Deps } from '../context.js';
import type { CardsTable, ClockRow, ClocksTable, Database, SupervisionsTable } from '../db/schema.js';
import type { NewEvent } from '../events/events.service.js';
import { appendEvents } from '../events/events.service.js';
import type { OutboxMessage } from '../outbox/outbox.service.js';
import { writeOutboxMany } from '../outbox/outbox.service.js';
import { activeProfile, profileVersion } from '../profiles/profiles.service.js';
import {
  claimDueClocks,
  insertCards,
  insertClocks,
  lockCardRuns,
  lockClocks,
  markBreached,
  markWarned,
  releaseClaims,
  saveCardRuns,
} from './clocks.repository.js';

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
 * hand-offs that `breachConsequences` (core) derives from the clock's profile. Any number of
 * processes may sweep at once: a batch is claimed with `FOR UPDATE SKIP LOCKED`, then fired in
 * one transaction that locks the batch's cases first (the order commands lock in, by id) and
 * fires only what is still unfired, so each warning and card is written exactly once even when
 * a process dies after claiming (its claim expires and another process takes the clocks over).
 */
export async function sweepDue(deps: Deps, options: { batch?: number; maxClocks?: number } = {}): Promise<SweepResult> {
  const result: SweepResult = { warned: 0, breached: 0, cards: 0, handoffs: 0 };
  const batch = options.batch ?? 200;
  const profiles = new ProfileCache();
  let budget = options.maxClocks ?? Number.POSITIVE_INFINITY;
  while (budget > 0) {
    const now = deps.clock.now();
    const claimed = await deps.db
      .transaction()
      .execute((trx) => claimDueClocks(trx, now, Math.min(batch, budget), CLAIM_MS));
    if (claimed.length === 0) break;
    budget -= claimed.length;
    await deps.db.transaction().execute((trx) => fireBatch(trx, claimed, deps.clock.now(), profiles, result));
  }
  return result;
}

/** Profiles and calendars read once per sweep, keyed by jurisdiction and version. */
class ProfileCache {
  private readonly profiles = new Map<string, Promise<Profile>>();
  private readonly calendars = new Map<string, Promise<WorkCalendar>>();

  profile(trx: Transaction<Database>, clock: ClockRow): Promise<Profile> {
    const key = `${clock.jurisdiction_id}|${clock.profile_version ?? 'active'}`;
    let found = this.profiles.get(key);
    if (!found) {
      found = clock.profile_version
        ? profileVersion(trx, clock.jurisdiction_id, clock.profile_version)
        : activeProfile(trx, clock.jurisdiction_id);
      this.profiles.set(key, found);
    }
    return found;
  }

  calendar(trx: Transaction<Database>, jurisdictionId: string, profile: Profile): Promise<WorkCalendar> {
    const key = `${jurisdictionId}|${profile.version}`;
    let found = this.calendars.get(key);
    if (!found) {
      found = calendarFor(trx, jurisdictionId, profile);
      this.calendars.set(key, found);
    }
    return found;
  }
}

/** Everything one batch writes, gathered while the rules run and written set by set. */
class BatchWrites {
  readonly warned: string[] = [];
  readonly breached: string[] = [];
  readonly cards: (Insertable<CardsTable> & { id: string })[] = [];
  readonly followUps: Insertable<ClocksTable>[] = [];
  readonly supervisions: Insertable<SupervisionsTable>[] = [];
  readonly disciplineCases = new Set<string>();
  readonly events: NewEvent[] = [];
  readonly messages: OutboxMessage[] = [];
}

async function fireBatch(
  trx: Transaction<Database>,
  claimed: { id: string; case_id: string }[],
  now: Date,
  profiles: ProfileCache,
  result: SweepResult,
): Promise<void> {
  const cases = new Map(
    (
      await lockCasesById(
        trx,
        claimed.map((c) => c.case_id),
      )
    ).map((c) => [c.id, c]),
  );
  const locked = await lockClocks(
    trx,
    claimed.map((c) => c.id),
  );
  const due = locked.filter(
    (c) =>
      c.next_fire_at &&
      c.next_fire_at <= now &&
      (c.state === 'running' || c.state === 'warned') &&
      cases.has(c.case_id),
  );
  await releaseClaims(
    trx,
    locked.filter((c) => !due.includes(c)).map((c) => c.id),
  );
  // Fire in the order the clocks fell due, case by case, so a unit's run counts its cards in time order.
  due.sort((a, b) => +(a.next_fire_at as Date) - +(b.next_fire_at as Date) || a.case_id.localeCompare(b.case_id));

  const carded = due.filter((c) => c.due_at <= now && c.unit_id && c.card).map((c) => c.unit_id as string);
  const runs = await lockCardRuns(trx, carded, now);
  const writes = new BatchWrites();
  for (const clock of due) {
    const number = cases.get(clock.case_id)?.number ?? '';
    const profile = await profiles.profile(trx, clock);
    if (clock.due_at > now) {
      warn(writes, clock, number, now);
      result.warned++;
      continue;
    }
    const run = clock.unit_id ? (runs.get(clock.unit_id) ?? EMPTY_RUN) : EMPTY_RUN;
    const breached = {
      milestone: clock.milestone as Milestone,
      card: clock.card as CardColour | null,
      unitId: clock.unit_id,
      title: clock.title,
    };
    const outcome = breachConsequences(breached, run, profile);
    if (clock.unit_id && runs.has(clock.unit_id)) runs.set(clock.unit_id, outcome.run);
    // A red card opens the case to the discipline commission where the clock's profile says so (SPEC §2).
    const red = outcome.steps.some((step) => step.kind === 'card' && step.colour === 'red');
    const toDiscipline = red && opensToDiscipline(profile, 'red_card');
    if (toDiscipline) writes.disciplineCases.add(clock.case_id);
    const calendar = () => profiles.calendar(trx, clock.jurisdiction_id, profile);
    await breach(writes, clock, number, outcome.steps, now, calendar, result, toDiscipline);
  }

  await markWarned(trx, writes.warned, now);
  await markBreached(trx, writes.breached, now);
  await insertCards(trx, writes.cards);
  await insertClocks(trx, writes.followUps);
  await insertSupervisions(trx, writes.supervisions);
  await flagForDiscipline(trx, [...writes.disciplineCases]);
  await saveCardRuns(trx, runs, now);
  await appendEvents(trx, writes.events);
  await writeOutboxMany(trx, writes.messages);
}

/** What events and messages about a clock carry. */
function clockFacts(clock: ClockRow) {
  return {
    clockId: clock.id,
    milestone: clock.milestone,
    title: clock.title,
    dueAt: clock.due_at.toISOString(),
    unitId: clock.unit_id,
    round: clock.round,
  };
}

/** A unit's clock concerns its unit; the platform's own clocks concern the hub. */
function clockRecipient(clock: ClockRow): OutboxMessage['recipient'] {
  return clock.unit_id ? { kind: 'unit', id: clock.unit_id } : { kind: 'role', id: 'hub' };
}

function systemEvent(clock: ClockRow, type: string, at: Date, payload: Record<string, unknown>): NewEvent {
  return {
    jurisdictionId: clock.jurisdiction_id,
    caseId: clock.case_id,
    type,
    actorId: null,
    unitId: null,
    at,
    payload,
  };
}

function warn(writes: BatchWrites, clock: ClockRow, number: string, now: Date): void {
  const facts = clockFacts(clock);
  writes.warned.push(clock.id);
  writes.events.push(systemEvent(clock, 'clock_warned', now, facts));
  writes.messages.push({
    jurisdictionId: clock.jurisdiction_id,
    topic: 'clock.warned',
    recipient: clockRecipient(clock),
    at: now,
    payload: { ...facts, caseId: clock.case_id, number },
  });
}

/** Writes a breach and each step the card rules gave it, in their order. */
async function breach(
  writes: BatchWrites,
  clock: ClockRow,
  number: string,
  steps: BreachStep[],
  now: Date,
  calendar: () => Promise<WorkCalendar>,
  result: SweepResult,
  toDiscipline: boolean,
): Promise<void> {
  const facts = clockFacts(clock);
  writes.breached.push(clock.id);
  result.breached++;
  const issued = steps.flatMap((step) => (step.kind === 'card' ? [{ step, id: randomUUID() }] : []));
  const own = issued.find((c) => !c.step.fromRun);
  writes.events.push(
    systemEvent(clock, 'clock_breached', now, {
      ...facts,
      card: own ? { id: own.id, colour: own.step.colour, escalation: own.step.escalation } : null,
      // Whether this breach opened the case to the discipline commission (its red card, by the profile).
      toDiscipline,
    }),
  );
  writes.messages.push({
    jurisdictionId: clock.jurisdiction_id,
    topic: 'clock.breached',
    recipient: clockRecipient(clock),
    at: now,
    payload: { ...facts, caseId: clock.case_id, number, card: own?.step.colour ?? null },
  });
  for (const step of steps) {
    switch (step.kind) {
      case 'card': {
        const id = issued.find((c) => c.step === step)?.id ?? randomUUID();
        writes.cards.push({
          id,
          jurisdiction_id: clock.jurisdiction_id,
          case_id: clock.case_id,
          unit_id: clock.unit_id as string,
          clock_id: clock.id,
          colour: step.colour,
          reason: cardReasonText(step.reason, 'zh'),
          reason_code: JSON.stringify(step.reason),
          escalation: step.escalation,
          issued_at: now,
        });
        result.cards++;
        if (!step.fromRun) break;
        writes.events.push(
          systemEvent(clock, 'card_issued', now, {
            cardId: id,
            colour: step.colour,
            unitId: clock.unit_id,
            reason: cardReasonText(step.reason, 'en'),
            reasonCode: step.reason,
            escalation: step.escalation,
            toDiscipline,
          }),
        );
        writes.messages.push({
          jurisdictionId: clock.jurisdiction_id,
          topic: `card.${step.colour}`,
          recipient: { kind: 'unit', id: clock.unit_id as string },
          at: now,
          payload: { cardId: id, caseId: clock.case_id, number, escalation: step.escalation },
        });
        break;
      }
      case 'follow_up': {
        const due = dueAt(await calendar(), now, step.within);
        writes.followUps.push({
          jurisdiction_id: clock.jurisdiction_id,
          case_id: clock.case_id,
          round: clock.round,
          milestone: 'supervision',
          unit_id: clock.unit_id,
          parent_clock_id: clock.id,
          title: clock.milestone,
          profile_version: clock.profile_version,
          duration: step.within,
          card: 'red',
          started_at: now,
          due_at: due,
          warn_at: null,
          state: 'running',
          next_fire_at: due,
        });
        writes.supervisions.push({
          case_id: clock.case_id,
          by_whom: 'platform',
          instruction: fillText(CARD_TEXTS.follow_up_instruction.zh, { due: formatShanghaiMinute(due) }),
          actor_id: null,
          at: now,
        });
        break;
      }
      case 'handoff': {
        if (step.to === 'discipline') writes.disciplineCases.add(clock.case_id);
        writes.events.push(
          systemEvent(clock, 'handed_off', now, {
            to: step.to,
            reason: step.reason,
            unitId: clock.unit_id,
            clockId: clock.id,
          }),
        );
        writes.messages.push({
          jurisdictionId: clock.jurisdiction_id,
          topic: `handoff.${step.to}`,
          recipient: { kind: 'role', id: step.to },
          at: now,
          payload: { caseId: clock.case_id, number, reason: step.reason, unitId: clock.unit_id },
        });
        result.handoffs++;
        break;
      }
    }
  }
}
