import { z } from 'zod';

/** One chain head as an anchor records it: the jurisdiction's code, the head's seq and hash, the event's time. */
export const ChainAnchorView = z
  .object({
    jurisdiction: z.string().min(1).max(50),
    seq: z.number().int().positive(),
    hash: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hash in lower-case hex'),
    at: z.iso.datetime({ offset: true }),
  })
  .strict();

/** What an anchor file written by `qisu audit anchor` holds. */
export const ChainAnchorFile = z
  .object({
    kind: z.literal('qisu.chain-anchors'),
    version: z.literal(1),
    anchoredAt: z.iso.datetime({ offset: true }),
    chains: z.array(ChainAnchorView),
  })
  .strict();

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
  cases: z.number().describe('与流转记录比对的诉求数 / cases compared with their events'),
  mismatches: z.number().describe('与流转记录不一致的诉求数 / cases whose tables differ from their events'),
  firstMismatch: z
    .object({
      caseId: z.string(),
      number: z.string().nullable(),
      field: z.string().describe('status, round, leadUnit, coUnits, assignments, lastScore, ratings …'),
      table: z.string().nullable().describe('数据表中的值 / the value in the tables'),
      derived: z.string().nullable().describe('按流转记录推出的值 / the value the events lead to'),
      seq: z.number().optional().describe('无法衔接的事件 / the event replay could not follow'),
    })
    .optional()
    .describe('按诉求编号第一件不一致的诉求 / the first case, by number, whose tables differ from its events'),
  anchors: z.number().describe('链已到达的锚点数 / anchors the chain reaches'),
  anchorBreak: z
    .object({
      seq: z.number(),
      hash: z.string(),
      source: z.enum(['file', 'stored']),
      reason: z.enum(['missing', 'hash-mismatch']),
    })
    .optional()
    .describe('链不再到达的锚点 / the anchored head the chain no longer reaches'),
});
