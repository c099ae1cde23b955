import { z } from 'zod';
import { CASE_STATUSES } from '@qisu/core';

const at = z.string().describe('ISO 8601');

/** One entry of the lower case's record as the level above received it. */
const HistoryEntry = z.object({
  at,
  type: z.string(),
  actorName: z.string().nullable(),
  unitName: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
});

/** The hand-ups of a case, seen from either side (上报上级 / 下级上报). */
export const HandupsViewSchema = z.object({
  handedUp: z
    .array(
      z.object({
        id: z.uuid(),
        round: z.number().int(),
        reason: z.string(),
        handedAt: at,
        handedByName: z.string().nullable(),
        upperNumber: z.string(),
        upperStatus: z.enum(CASE_STATUSES),
        upperJurisdictionName: z.string(),
        returnedAt: at.nullable(),
        returnedTo: z.enum(['replied', 'screening']).nullable(),
      }),
    )
    .describe('上报上级的记录，新者在前 / the hand-ups of this case to the level above, newest first'),
  from: z
    .object({
      id: z.uuid(),
      reason: z.string(),
      handedAt: at,
      handedByName: z.string().nullable(),
      lowerNumber: z.string(),
      lowerJurisdictionName: z.string(),
      returnedAt: at.nullable(),
      history: z.array(HistoryEntry),
    })
    .nullable()
    .describe('下级上报：下级诉求及其办理记录 / the lower case this one came from, with its record'),
});
export type HandupsView = z.infer<typeof HandupsViewSchema>;
