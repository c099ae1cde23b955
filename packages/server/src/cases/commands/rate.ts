import type { Updateable } from 'kysely';
import { z } from 'zod';
import { isOnScale, opensToDiscipline, rateOutcome, scaleScores, scaleText } from '@qisu/core';
import { AppError } from '../../errors.js';
import type { CasesTable } from '../../db/schema.js';
import { insertRating } from '../cases.repository.js';
import { text } from '../cases.schemas.js';
import { loopSettingsOf } from '../cases.service.js';
import { defineCommand, openNextRound } from './command.js';

/** The clocks an unsatisfied rating starts, by where it sent the case. */
const UNSATISFIED_TRIGGER = { redo: 'redo', review: 'review', screening: 'unsatisfied-to-hub', rated: 'redo' } as const;

/**
 * The enterprise (or the hub on its behalf) rates the reply on the 1–5 scale the profile maps
 * its own scale onto; a score that is not one of the scale's answers is refused (SPEC §10). Unsatisfied starts the next round at once, or the review after the
 * profile's rounds. An unsatisfied case opens to the discipline commission when the profile lets
 * it read such cases (SPEC §2) or hands them to it — 开化 also tells it (seed 001 二（二）3).
 */
export const rate = defineCommand({
  name: 'rate',
  summary: '企业评价（1–5）/ rate the reply (1–5)',
  body: z.object({ score: z.number().int().min(1).max(5), comment: text(2000).optional() }),
  handle: async (ctx, body) => {
    const profile = await ctx.profile();
    if (!isOnScale(profile.rating, body.score)) {
      throw new AppError(
        'RATING_NOT_ON_SCALE',
        { score: body.score, scalesZh: scaleText(profile.rating, 'zh'), scalesEn: scaleText(profile.rating, 'en') },
        { field: 'score', scores: scaleScores(profile.rating) },
      );
    }
    // A case whose reply came from the level above has no unit here to redo it: the hub takes it again.
    const settings = loopSettingsOf(profile);
    const noUnit = ctx.row.lead_unit_id === null;
    const outcome = rateOutcome(
      body.score,
      ctx.row.unsatisfied_rounds,
      noUnit ? { ...settings, unsatisfiedTo: 'hub' } : settings,
    );
    await insertRating(ctx.trx, {
      case_id: ctx.row.id,
      round: ctx.row.round,
      score: body.score,
      satisfied: outcome.satisfied,
      comment: body.comment ?? null,
      rated_by: ctx.actor.userId,
      at: ctx.now,
    });
    const patch: Updateable<CasesTable> = { last_score: body.score, unsatisfied_rounds: outcome.unsatisfiedRounds };
    const toDiscipline = !outcome.satisfied && opensToDiscipline(profile, 'unsatisfied');
    if (toDiscipline) patch.discipline_flag = true;
    if (outcome.next === 'redo') patch.round = openNextRound(ctx);
    // 再次派单: back to the hub with a new round that no unit holds until it dispatches again.
    if (outcome.next === 'screening') Object.assign(patch, { round: ctx.row.round + 1, lead_unit_id: null });
    const handoff = !outcome.satisfied && profile.handoffs.unsatisfiedToDiscipline ? ['discipline'] : [];
    const label = profile.rating.labels.find((l) => l.score === body.score);
    return {
      patch,
      choice: { command: 'rate', next: outcome.next },
      event: {
        type: 'rated',
        payload: {
          score: body.score,
          label: label?.zh ?? null,
          satisfied: outcome.satisfied,
          comment: body.comment ?? null,
          ratedRound: ctx.row.round,
          handoff,
          toDiscipline,
        },
      },
      ...(outcome.satisfied ? {} : { clocks: { trigger: UNSATISFIED_TRIGGER[outcome.next] } }),
      messages: handoff.map(() => ({
        jurisdictionId: ctx.row.jurisdiction_id,
        topic: 'case.unsatisfied',
        recipient: { kind: 'role' as const, id: 'discipline' },
        at: ctx.now,
        payload: { caseId: ctx.row.id, number: ctx.row.number, score: body.score, round: ctx.row.round },
      })),
    };
  },
});
