import type { Interview, Milestone, Profile } from './profile.js';
import { MILESTONE_LABELS } from './profile.js';

/** The colours of a card (亮牌); green (按时办结) is not stored, it only breaks a run. */
export const CARD_COLOURS = ['yellow', 'red'] as const;
export type CardColour = (typeof CARD_COLOURS)[number];

/** How a card's escalation is stored and shown: `interview_deputy_head`, `interview_head`. */
export type Escalation = `interview_${Interview}`;

/** Where a case is handed off after a red card or a run of red cards. */
export type HandoffTarget = 'leader' | 'discipline';

/**
 * A unit's current run of consecutive cards. A run counts only cards in a row: meeting a carded
 * milestone in time breaks it, and reaching the profile's count starts it again from zero.
 */
export interface CardRun {
  yellow: number;
  red: number;
}

export const EMPTY_RUN: CardRun = { yellow: 0, red: 0 };

/** Why a card was issued; rendered through {@link CARD_TEXTS}. */
export type CardReason =
  | { key: 'missed'; milestone: string }
  | { key: 'missed_after_supervision'; milestone: string }
  | { key: 'consecutive_yellows'; count: number };

/** What a breach sets in motion, in the order the sweep must write it. */
export type BreachStep =
  | { kind: 'card'; colour: CardColour; reason: CardReason; escalation: Escalation | null; fromRun: boolean }
  /** The platform supervises: a follow-up clock that gives a red card when still unmet after `within`. */
  | { kind: 'follow_up'; within: string }
  | { kind: 'handoff'; to: HandoffTarget; reason: string };

/** The clock that fell due, as far as the card rules are concerned. */
export interface BreachedClock {
  milestone: Milestone;
  /** The card the clock's rule carries: yellow from the profile, red for a supervision follow-up. */
  card: CardColour | null;
  /** The unit whose work the clock measures; a clock of the platform's own work earns no card. */
  unitId: string | null;
  /** For a supervision follow-up: the milestone it follows up. */
  title: string | null;
}

/** The parts of a profile that drive cards and hand-offs. */
export type CardProfile = Pick<Profile, 'cards' | 'handoffs'>;

/**
 * What one breached clock earns, and the unit's run afterwards. Pure: the sweep reads the run,
 * calls this, and writes the steps. The rules, each from the profile:
 * - the clock's own card (yellow by its rule, red for a supervision follow-up, none without a unit);
 * - after a yellow: the platform's supervision with a follow-up clock (`cards.redAfterYellow`, 峄城),
 *   and, at the `cards.consecutiveYellowsToRed`-th yellow in a row, a red card with the interview
 *   the profile names (滕州: the deputy head);
 * - after any red: the hand-offs of `handoffs.redCardTo` (峄城: 纪委), and at the
 *   `cards.consecutiveRedsToLeader`-th red in a row, a hand-off to the leader with the
 *   interview the profile names (滕州: the head).
 */
export function breachConsequences(
  clock: BreachedClock,
  runBefore: CardRun,
  profile: CardProfile,
): { steps: BreachStep[]; run: CardRun } {
  const steps: BreachStep[] = [];
  let run = { ...runBefore };
  if (!clock.unitId || !clock.card) return { steps, run };
  const { cards, handoffs } = profile;

  const afterRed = () => {
    for (const to of handoffs.redCardTo) steps.push({ kind: 'handoff', to, reason: 'red_card' });
    const threshold = cards.consecutiveRedsToLeader;
    if (!threshold) return;
    run = { ...run, red: run.red + 1 };
    if (run.red < threshold) return;
    run = { ...run, red: 0 };
    const interview = cards.consecutiveRedsInterview;
    const reason = `consecutive_${threshold}_red${interview ? `: interview_${interview}` : ''}`;
    steps.push({ kind: 'handoff', to: 'leader', reason });
  };

  if (clock.card === 'red') {
    const milestone = clock.title ?? clock.milestone;
    steps.push({
      kind: 'card',
      colour: 'red',
      reason: { key: 'missed_after_supervision', milestone },
      escalation: null,
      fromRun: false,
    });
    afterRed();
    return { steps, run };
  }

  steps.push({
    kind: 'card',
    colour: 'yellow',
    reason: { key: 'missed', milestone: clock.milestone },
    escalation: null,
    fromRun: false,
  });
  if (cards.redAfterYellow) steps.push({ kind: 'follow_up', within: cards.redAfterYellow });
  const threshold = cards.consecutiveYellowsToRed;
  if (!threshold) return { steps, run };
  run = { ...run, yellow: run.yellow + 1 };
  if (run.yellow < threshold) return { steps, run };
  run = { ...run, yellow: 0 };
  const interview = cards.consecutiveYellowsInterview;
  steps.push({
    kind: 'card',
    colour: 'red',
    reason: { key: 'consecutive_yellows', count: threshold },
    escalation: interview ? `interview_${interview}` : null,
    fromRun: true,
  });
  afterRed();
  return { steps, run };
}

/**
 * Meeting a carded milestone in time (绿牌) breaks a unit's runs; a milestone met late, or one
 * without a card, does not.
 */
export function breaksRun(met: { card: CardColour | null; breached: boolean }): boolean {
  return met.card !== null && !met.breached;
}

/** The run after a unit meets a milestone: every run starts again when the meeting breaks it. */
export function runAfterMet(run: CardRun, met: { card: CardColour | null; breached: boolean }): CardRun {
  return breaksRun(met) ? EMPTY_RUN : run;
}

/** Texts of card reasons and the platform's supervision, zh-CN and en-US, with `{name}` slots. */
export const CARD_TEXTS = {
  missed: { zh: '未在规定时间内完成：{milestone}', en: 'Not done within the time limit: {milestone}' },
  missed_after_supervision: {
    zh: '督办后仍未按时办理：{milestone}',
    en: 'Still not done in time after supervision: {milestone}',
  },
  consecutive_yellows: { zh: '连续 {count} 次黄牌', en: '{count} yellow cards in a row' },
  follow_up_instruction: {
    zh: '黄灯亮牌：请于 {due} 前反馈办理情况',
    en: 'Yellow card: report on the handling before {due}',
  },
} as const;

/** Fills a text's `{name}` slots. */
export function fillText(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A card's reason in one language, with the milestone's own name. */
export function cardReasonText(reason: CardReason, lang: 'zh' | 'en'): string {
  switch (reason.key) {
    case 'missed':
    case 'missed_after_supervision': {
      const label = (MILESTONE_LABELS as Record<string, { zh: string; en: string } | undefined>)[reason.milestone];
      return fillText(CARD_TEXTS[reason.key][lang], { milestone: label?.[lang] ?? reason.milestone });
    }
    case 'consecutive_yellows':
      return fillText(CARD_TEXTS.consecutive_yellows[lang], { count: reason.count });
  }
}
