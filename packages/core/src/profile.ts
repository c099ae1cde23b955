import { z } from 'zod';
import { durationRange, isDurationSpec } from './calendar.js';
import type { COMPLEXITIES } from './case-status.js';
import { CASE_KINDS } from './case-status.js';
import { RANKING_MEASURES } from './kpi.js';
import { CADENCES } from './report-period.js';
import type { NotificationTextKey } from './notification-rules.js';
import { NOTIFICATION_TEXT_KEYS, unknownPlaceholders } from './notification-rules.js';

/**
 * A jurisdiction's profile (SPEC §5): its working hours, rating scale, loop rules, time limits
 * per milestone, cards and hand-offs, as a versioned document. Every rule carries a note that
 * cites its seed clause, or says that the seed is silent and which common value was taken.
 */

/** Who is interviewed (约谈) when a unit's run of cards reaches the profile's count (SPEC §3). */
export const INTERVIEWS = ['deputy_head', 'head'] as const;
export type Interview = (typeof INTERVIEWS)[number];

export const MILESTONES = [
  'screening',
  'contact',
  'feedback',
  'resolve',
  'revisit',
  'redo',
  'review',
  'plan',
  'supervision',
] as const;
export type Milestone = (typeof MILESTONES)[number];

/** Names of the milestones for people, zh-CN and en-US. */
export const MILESTONE_LABELS: Record<Milestone, { zh: string; en: string }> = {
  screening: { zh: '研判交办', en: 'screening' },
  contact: { zh: '联系企业', en: 'contact' },
  feedback: { zh: '初步反馈', en: 'initial feedback' },
  resolve: { zh: '办结答复', en: 'resolve' },
  revisit: { zh: '回访', en: 'revisit' },
  redo: { zh: '重办', en: 'redo' },
  review: { zh: '审核', en: 'review' },
  plan: { zh: '方案节点', en: 'plan milestone' },
  supervision: { zh: '督办跟踪', en: 'supervision follow-up' },
};

/** The Chinese name of a milestone code, or the code when unknown. */
export function milestoneZh(code: string): string {
  return (MILESTONE_LABELS as Record<string, { zh: string }>)[code]?.zh ?? code;
}

const note = z.string().trim().min(2).max(2000);
/** The problem a malformed duration reports (the console translates it by this text). */
export const DURATION_PROBLEM =
  'duration must be immediate, same-day, Nh, Nwh, Nd, Nwd, Nwdr or a range such as 5-15wd';
const Duration = z.string().refine(isDurationSpec, { message: DURATION_PROBLEM });
const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'time must be HH:MM' });
const MonthDay = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'date must be MM-DD' });
const Periods = z
  .array(z.tuple([Time, Time]))
  .min(1)
  .refine((list) => list.every(([a, b], i) => a < b && (i === 0 || (list[i - 1]?.[1] ?? '') <= a)), {
    message: 'periods must be ordered and must not overlap',
  });

const ByComplexity = z
  .object({ simple: Duration.optional(), general: Duration.optional(), complex: Duration.optional() })
  .refine((v) => Object.keys(v).length > 0, { message: 'give at least one complexity' });

export const ClockRuleSchema = z.object({
  milestone: z.enum(MILESTONES).exclude(['plan', 'supervision']),
  /** One duration, or one per complexity (a complexity without one gets no clock). */
  duration: z.union([Duration, ByComplexity]),
  /** Only cases of these kinds get the clock; all kinds when absent. */
  kinds: z.array(z.enum(CASE_KINDS)).min(1).optional(),
  /** When to warn: a working/natural duration before due (`1wh`, `2h`), or a fraction of the time. */
  warn: z
    .union([
      z.object({ before: z.string().regex(/^\d{1,4}(h|wh)$/, { message: 'before must be Nh or Nwh' }) }),
      z.object({ fraction: z.number().gt(0).lt(1) }),
    ])
    .optional(),
  /** The card the responsible unit gets when the clock is breached. */
  card: z.enum(['yellow']).optional(),
  note,
});
export type ClockRule = z.infer<typeof ClockRuleSchema>;

/**
 * The discipline commission's reading rights where a profile is silent: SPEC §2 gives the role
 * "read access to unsatisfied and red-card cases".
 */
export const DISCIPLINE_DEFAULTS = {
  readsRedCards: true,
  readsUnsatisfied: true,
  note: '未单独规定，取通用值（SPEC §2）：纪委监委可查阅不满意件与红牌件。',
} as const;

const RankingSchema = z
  .object({
    /** The period one ranking covers. */
    cadence: z.enum(CADENCES),
    /** `ordered`: by the first measure, ties broken by the next (002 "按照办结率、满意率从高到低"); `weighted`: by a weighted mean. */
    method: z.enum(['ordered', 'weighted']),
    measures: z
      .array(z.object({ kpi: z.enum(RANKING_MEASURES), weight: z.number().gt(0).max(100).optional() }))
      .min(1)
      .max(RANKING_MEASURES.length),
    /** Who is ranked: the handling units, and the liaisons by the cases of the enterprises they serve. */
    subjects: z
      .array(z.enum(['unit', 'liaison']))
      .min(1)
      .default(['unit']),
    /** How many the positive (红榜) and the negative (黑榜) lists name, before ties. */
    listSize: z.number().int().min(1).max(50).default(5),
    note,
  })
  .superRefine((r, ctx) => {
    const kpis = r.measures.map((m) => m.kpi);
    if (new Set(kpis).size !== kpis.length) {
      ctx.addIssue({ code: 'custom', path: ['measures'], message: 'each measure once' });
    }
    if (r.method === 'weighted') {
      r.measures.forEach((m, i) => {
        if (m.weight === undefined)
          ctx.addIssue({ code: 'custom', path: ['measures', i, 'weight'], message: 'weighted measures need a weight' });
      });
    }
  });

const ReportsSchema = z.object({
  ranking: RankingSchema,
  /** The periods a notice (通报) is issued for. */
  notices: z.array(z.enum(CADENCES)).min(1).default(['month']),
  /** The periods a service report (服务企业报告, seed 001 二（四）1) is written for; none by default. */
  serviceReports: z.array(z.enum(CADENCES)).default([]),
  /**
   * Whether the units' ranking and rates of the last complete period are published on a page
   * anyone may open (晾晒, `/p/<code>`); never a person's name or any case.
   */
  publicPage: z.boolean().default(false),
  note,
});
export type ReportRules = z.infer<typeof ReportsSchema>;

/**
 * The common reporting rules where a seed is silent (SPEC §5: "where a seed is silent, the preset
 * takes the common value").
 */
export function reportDefaults(): ReportRules {
  return {
    ranking: {
      cadence: 'month',
      method: 'weighted',
      measures: [
        { kpi: 'onTimeRate', weight: 40 },
        { kpi: 'satisfactionRate', weight: 40 },
        { kpi: 'solveRate', weight: 20 },
      ],
      subjects: ['unit'],
      listSize: 5,
      note: '未单独规定排名办法，取通用值：按时办结率 40%、满意率 40%、解决率 20% 加权，按月排名。',
    },
    notices: ['month'],
    serviceReports: [],
    publicPage: false,
    note: '未单独规定通报周期，取通用值：每月通报。',
  };
}

/** One message template: zh-CN text with `{number}`, `{title}` … (see `MESSAGE_PLACEHOLDERS`). */
const MessageTemplate = z
  .string()
  .trim()
  .min(2)
  .max(300)
  .superRefine((text, ctx) => {
    const unknown = unknownPlaceholders(text);
    if (unknown.length > 0) {
      ctx.addIssue({ code: 'custom', message: `unknown placeholder ${unknown.map((n) => `{${n}}`).join(', ')}` });
    }
  });

const NotificationsSchema = z.object({
  /** Texts by catalogue key (`caseReplied` …); a key left out keeps `MESSAGE_TEMPLATE_DEFAULTS`. */
  templates: z
    .partialRecord(z.enum(NOTIFICATION_TEXT_KEYS as [NotificationTextKey, ...NotificationTextKey[]]), MessageTemplate)
    .default({}),
  note,
});

export const ProfileSchema = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9]{1,15}$/),
    version: z.number().int().positive(),
    name: z.string().trim().min(2).max(200),
    seed: z.string().max(200).optional(),
    note: note.optional(),
    calendar: z.object({
      periods: Periods,
      summer: z.object({ from: MonthDay, to: MonthDay, periods: Periods }).optional(),
      note,
    }),
    rating: z.object({
      scale: z.enum(['binary', '4-level', '5-level']),
      /** Lowest score on the API's 1–5 scale that counts as satisfied. */
      satisfiedMinScore: z.number().int().min(1).max(5),
      /** How the scale's answers map onto the 1–5 scores of the API. */
      labels: z
        .array(z.object({ score: z.number().int().min(1).max(5), zh: z.string().min(1), en: z.string().min(1) }))
        .min(2),
      note,
    }),
    loop: z.object({
      /** Unsatisfied rounds before the review (不满意诉求审核); absent where the seed names no review. */
      reviewAfterRounds: z.number().int().min(1).max(10).optional(),
      /** Who takes an unsatisfied case: the same unit again, or the hub to dispatch it anew (再次派单). */
      unsatisfiedTo: z.enum(['unit', 'hub']).default('unit'),
      /**
       * After this many unsatisfied rounds the hub may close the case with a recorded reason; absent:
       * only a satisfied rating (or a review) closes it.
       */
      closeUnsatisfiedAfterRounds: z.number().int().min(1).max(10).optional(),
      revisitBeforeClose: z.boolean(),
      /** Complex cases are dispatched only by the coordination group (leader role). */
      complexDispatchByLeader: z.boolean(),
      /** A case under review is decided only after the lead unit's head signs a review form. */
      reviewFormRequired: z.boolean().default(false),
      note,
    }),
    clocks: z.array(ClockRuleSchema),
    cards: z.object({
      /** A red card when the breached milestone is still not met this long after the yellow one. */
      redAfterYellow: Duration.optional(),
      /** A unit's n-th yellow card in a row brings a red card. */
      consecutiveYellowsToRed: z.number().int().min(2).max(10).optional(),
      /** Who is interviewed (约谈) when the yellow run reaches its count; none when absent. */
      consecutiveYellowsInterview: z.enum(INTERVIEWS).optional(),
      /** A unit's n-th red card in a row: the case is handed off to the leader. */
      consecutiveRedsToLeader: z.number().int().min(2).max(10).optional(),
      /** Who the leader interviews when the red run reaches its count; none when absent. */
      consecutiveRedsInterview: z.enum(INTERVIEWS).optional(),
      note,
    }),
    handoffs: z.object({
      /** Copy every unsatisfied rating to the discipline commission (纪委监委). */
      unsatisfiedToDiscipline: z.boolean(),
      /** Who receives red cards. */
      redCardTo: z.array(z.enum(['leader', 'discipline'])),
      note,
    }),
    /**
     * What the discipline commission (纪委监委) reads without a hand-off; SPEC §2's "read access to
     * unsatisfied and red-card cases" when the section or a value is absent, so older documents
     * keep their meaning. Hand-offs (`handoffs`, escalation, supervision by the commission) open a
     * case to it whatever this says.
     */
    discipline: z
      .object({
        /** Every case on which a unit received a red card. */
        readsRedCards: z.boolean().default(DISCIPLINE_DEFAULTS.readsRedCards),
        /** Every case the enterprise rated unsatisfied. */
        readsUnsatisfied: z.boolean().default(DISCIPLINE_DEFAULTS.readsUnsatisfied),
        note: note.default(DISCIPLINE_DEFAULTS.note),
      })
      .default(() => ({ ...DISCIPLINE_DEFAULTS })),
    /**
     * Rankings (红黑榜, 晾晒) and notices (通报): what is measured, in which order or weights, how
     * often; the common value (`REPORT_DEFAULTS`) when absent.
     */
    reports: ReportsSchema.default(reportDefaults),
    /** Hotspot warning (热点预警); optional, defaults in `hotspotSettings`. */
    hotspots: z
      .object({
        /** Length of the sliding window in days. */
        windowDays: z.number().int().min(1).max(90).optional(),
        /** A group of this many similar cases in the window, from as many enterprises, raises one warning. */
        minCases: z.number().int().min(2).max(1000).optional(),
        /** Lowest average similarity (IDF-weighted word cosine) of one group. */
        similarity: z.number().gt(0).lt(1).optional(),
        note,
      })
      .optional(),
    /**
     * The texts of this jurisdiction's SMS and WeChat messages (zh-CN), e.g. naming its brand;
     * optional, and each text it leaves out is `MESSAGE_TEMPLATE_DEFAULTS`'s.
     */
    notifications: NotificationsSchema.optional(),
  })
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.clocks.forEach((rule, i) => {
      const key = `${rule.milestone}|${(rule.kinds ?? []).slice().sort().join(',')}`;
      if (seen.has(key))
        ctx.addIssue({ code: 'custom', path: ['clocks', i, 'milestone'], message: 'duplicate milestone rule' });
      seen.add(key);
    });
    const scores = p.rating.labels.map((l) => l.score);
    if (new Set(scores).size !== scores.length) {
      ctx.addIssue({ code: 'custom', path: ['rating', 'labels'], message: 'each score once' });
    }
    if (p.cards.consecutiveRedsToLeader && !p.cards.consecutiveYellowsToRed && !p.cards.redAfterYellow) {
      ctx.addIssue({
        code: 'custom',
        path: ['cards', 'consecutiveRedsToLeader'],
        message: 'needs a rule that gives red cards',
      });
    }
  });

export type Profile = z.infer<typeof ProfileSchema>;

/** The problems of a candidate profile, each with its path, or an empty list. */
export function profileProblems(candidate: unknown): { path: string; message: string }[] {
  const parsed = ProfileSchema.safeParse(candidate);
  if (parsed.success) return [];
  return parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** The duration a rule gives a case of this complexity and kind, or null when the rule does not apply. */
export function ruleDuration(
  rule: ClockRule,
  complexity: (typeof COMPLEXITIES)[number] | null,
  kind: string,
): string | null {
  if (rule.kinds && !(rule.kinds as readonly string[]).includes(kind)) return null;
  if (typeof rule.duration === 'string') return rule.duration;
  return rule.duration[complexity ?? 'general'] ?? null;
}

/**
 * The resolve limit a case of this complexity and kind runs under, and the limits the hub may
 * choose from when dispatching it: every whole number of the range's unit (`5-15wd` → `5wd` …
 * `15wd`, 涪城's "5-15 个工作日"), or none when the limit is fixed.
 */
export function resolveLimitChoices(
  profile: Pick<Profile, 'clocks'>,
  complexity: (typeof COMPLEXITIES)[number] | null,
  kind: string,
): { spec: string | null; choices: string[] } {
  const spec =
    profile.clocks
      .filter((r) => r.milestone === 'resolve')
      .map((r) => ruleDuration(r, complexity, kind))
      .find((d): d is string => d !== null) ?? null;
  const range = spec ? durationRange(spec) : null;
  if (!range) return { spec, choices: [] };
  const choices = Array.from({ length: range.max - range.min + 1 }, (_, i) => `${range.min + i}${range.unit}`);
  return { spec, choices };
}

/** Hotspot defaults where a profile has no `hotspots` section or leaves a value out. */
export const HOTSPOT_DEFAULTS = { windowDays: 7, minCases: 5, similarity: 0.2 } as const;

/** A profile's hotspot rules with the defaults filled in. */
export function hotspotSettings(profile: Pick<Profile, 'hotspots'>): {
  windowDays: number;
  minCases: number;
  similarity: number;
} {
  return {
    windowDays: profile.hotspots?.windowDays ?? HOTSPOT_DEFAULTS.windowDays,
    minCases: profile.hotspots?.minCases ?? HOTSPOT_DEFAULTS.minCases,
    similarity: profile.hotspots?.similarity ?? HOTSPOT_DEFAULTS.similarity,
  };
}
