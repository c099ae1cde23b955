import { z } from 'zod';
import { CASE_KINDS, SOLICITATION_METHODS } from '@qisu/core';
import { id, text } from '../cases/cases.schemas.js';

const Week = z
  .string()
  .regex(/^\d{4}-W\d{2}$/, 'YYYY-Www')
  .describe('ISO 周，上海时间，如 2026-W49 / the ISO week in Asia/Shanghai');

/** A problem found in a round; it becomes a case with channel `solicitation`. */
export const SolicitedProblem = z.object({
  title: text(200).describe('问题标题 / title'),
  content: text(20_000).describe('问题内容 / content'),
  kind: z.enum(CASE_KINDS).optional(),
  categoryId: id.optional(),
});

/** A solicitation round (SPEC §10); `problems` empty means "no problem found" (未发现问题). */
export const RecordSolicitationBody = z.object({
  enterpriseId: id,
  method: z.enum(SOLICITATION_METHODS).describe('上门走访 / 电话 / 座谈会 / 线上'),
  at: z.iso.datetime({ offset: true }).optional().describe('征询时间，默认现在 / when it was held; now by default'),
  note: z.string().trim().max(2000).optional().describe('征询情况 / what was said'),
  problems: z.array(SolicitedProblem).max(20),
});

export const CreatedSolicitation = z.object({ id: z.uuid(), caseIds: z.array(z.uuid()) });

export const CoverageQuery = z.object({ week: Week.optional() });

const EnterpriseRef = z.object({ id: z.uuid(), name: z.string() });

/** Which ledger enterprises of the caller's scope were solicited in a week (SPEC §10). */
export const CoverageView = z.object({
  week: z.string(),
  from: z.string().describe('周一 00:00（上海）/ Monday 00:00 in Shanghai'),
  to: z.string(),
  enterprises: z.number().int(),
  solicited: z.number().int(),
  problems: z.number().int().describe('本周征询发现的问题数 / problems found this week'),
  missing: z.array(
    EnterpriseRef.extend({
      liaisonName: z.string().nullable(),
      lastSolicitedAt: z.string().nullable().describe('上次征询时间 / the last round before, if any'),
    }),
  ),
});

export const ListSolicitationsQuery = z.object({
  week: Week.optional(),
  enterpriseId: id.optional(),
});

/** One round as lists show it, with the cases its problems became. */
export const SolicitationView = z.object({
  id: z.uuid(),
  enterprise: EnterpriseRef,
  method: z.enum(SOLICITATION_METHODS),
  at: z.string(),
  week: z.string(),
  recordedBy: z.object({ id: z.uuid(), name: z.string() }),
  note: z.string().nullable(),
  problems: z.number().int(),
  cases: z.array(z.object({ id: z.uuid(), number: z.string(), title: z.string(), status: z.string() })),
});

export const WeeklyLedgersQuery = z.object({ week: Week.optional() });

export const SendWeeklyLedgerBody = z.object({
  week: Week.optional().describe('报送哪一周，默认本周 / the week to send; this week by default'),
});

const WeekFigures = z.object({
  rounds: z.number().int().describe('征询次数 / rounds'),
  enterprises: z.number().int().describe('征询企业数 / enterprises solicited'),
  problems: z.number().int().describe('发现问题数 / problems found'),
});

/** A unit's weekly 问题台账 as sent to the hub. */
export const SentWeeklyLedger = WeekFigures.extend({
  id: z.uuid(),
  unitId: z.uuid(),
  week: z.string(),
  firstSentAt: z.string().describe('首次报送时间 / first sent'),
  sentAt: z.string().describe('最近报送时间 / last sent'),
});

/** The soliciting units of a week: what their rounds found so far, and whether they sent their ledger. */
export const WeeklyLedgersView = z.object({
  week: z.string(),
  from: z.string(),
  to: z.string(),
  units: z.array(
    WeekFigures.extend({
      unitId: z.uuid(),
      unitName: z.string(),
      liaisons: z.array(z.string()).describe('征询专员 / the unit’s liaisons'),
      sent: WeekFigures.extend({ firstSentAt: z.string(), sentAt: z.string(), sentBy: z.string() })
        .nullable()
        .describe('已报送的台账，未报送为空 / the ledger as sent, null when not sent'),
    }),
  ),
});

export const LedgerWorkbookParams = z.object({ unitId: id });

export type RecordSolicitationInput = z.infer<typeof RecordSolicitationBody>;
export type CoverageDto = z.infer<typeof CoverageView>;
export type SolicitationDto = z.infer<typeof SolicitationView>;
export type WeeklyLedgersDto = z.infer<typeof WeeklyLedgersView>;
export type SentWeeklyLedgerDto = z.infer<typeof SentWeeklyLedger>;
