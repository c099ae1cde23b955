import { z } from 'zod';

/** One jurisdiction's chain verification: how many events were checked and the first break, if any. */
export const ChainReportView = z.object({
  jurisdiction: z.string(),
  events: z.number(),
  intact: z.boolean(),
  firstBreak: z
    .object({
      seq: z.number(),
      reason: z.string(),
      eventId: z.number(),
      caseId: z.string().nullable(),
      type: z.string(),
    })
    .optional(),
});
