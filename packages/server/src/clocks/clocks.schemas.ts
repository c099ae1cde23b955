import { z } from 'zod';
import { CARD_COLOURS } from '@qisu/core';

/** Filters of `GET /api/v1/cards`. */
export const CardQuery = z.object({
  unitId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type CardQueryInput = z.infer<typeof CardQuery>;

/** One card (亮牌) with its unit and case. */
export const CardView = z.object({
  id: z.string(),
  caseId: z.string().nullable(),
  caseNumber: z.string().nullable(),
  unitId: z.string(),
  unitName: z.string(),
  colour: z.enum(CARD_COLOURS),
  reason: z.string().describe('亮牌原因，随 Accept-Language（默认 zh-CN）/ why, in the language of Accept-Language'),
  escalation: z.string().nullable(),
  issuedAt: z.string(),
});

/** The cards of a period, newest first, and each unit's count per colour (most red first). */
export const CardList = z.object({
  items: z.array(CardView),
  perUnit: z.array(z.object({ unitId: z.string(), unitName: z.string(), yellow: z.number(), red: z.number() })),
});
export type CardListDto = z.infer<typeof CardList>;
