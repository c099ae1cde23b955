import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { BreachedClock, BreachStep, CardRun } from './card-rules.js';
import { breachConsequences, cardReasonText, EMPTY_RUN, runAfterMet } from './card-rules.js';
import type { Profile } from './profile.js';
import { ProfileSchema } from './profile.js';

function preset(code: string): Profile {
  const text = readFileSync(new URL(`../../../profiles/${code}.yaml`, import.meta.url), 'utf8');
  return ProfileSchema.parse(parse(text));
}

const UNIT = 'unit-1';
const missedReport: BreachedClock = { milestone: 'resolve', card: 'yellow', unitId: UNIT, title: null };
const followUp: BreachedClock = { milestone: 'supervision', card: 'red', unitId: UNIT, title: 'resolve' };

/** Breaches in a row for one unit, with on-time finishes (`'green'`) between them: each step's outcome. */
function walk(profile: Profile, events: (BreachedClock | 'green')[]): { steps: BreachStep[]; run: CardRun }[] {
  let run = EMPTY_RUN;
  return events.map((e) => {
    if (e === 'green') {
      run = runAfterMet(run, { card: 'yellow', breached: false });
      return { steps: [], run };
    }
    const out = breachConsequences(e, run, profile);
    run = out.run;
    return out;
  });
}

/** A step reduced to what a table can show. */
function brief(step: BreachStep): string {
  switch (step.kind) {
    case 'card':
      return `${step.colour}${step.escalation ? `+${step.escalation}` : ''}`;
    case 'follow_up':
      return `follow-up ${step.within}`;
    case 'handoff':
      return `→${step.to} (${step.reason})`;
  }
}

describe('card rules of 峄城 (seed 002)', () => {
  const yc = preset('yc');
  it.each([
    ['a missed report', missedReport, ['yellow', 'follow-up 1wd']],
    ['a report still missing one working day after supervision', followUp, ['red', '→discipline (red_card)']],
  ])('%s earns %j', (_name, clock, expected) => {
    expect(breachConsequences(clock, EMPTY_RUN, yc).steps.map(brief)).toEqual(expected);
  });

  it('never turns yellows into red by counting them', () => {
    const steps = walk(yc, [missedReport, missedReport, missedReport]).flatMap((s) => s.steps.map(brief));
    expect(steps.filter((s) => s.startsWith('red'))).toEqual([]);
  });
});

describe('card rules of 滕州 (seed 003)', () => {
  const tz = preset('tz');
  it.each<[string, (BreachedClock | 'green')[], string[][]]>([
    ['one missed feedback', [missedReport], [['yellow']]],
    ['two consecutive yellows', [missedReport, missedReport], [['yellow'], ['yellow', 'red+interview_deputy_head']]],
    ['an on-time finish between two yellows', [missedReport, 'green', missedReport], [['yellow'], [], ['yellow']]],
    [
      'four yellows: two reds in a row reach the leader',
      [missedReport, missedReport, missedReport, missedReport],
      [
        ['yellow'],
        ['yellow', 'red+interview_deputy_head'],
        ['yellow'],
        ['yellow', 'red+interview_deputy_head', '→leader (consecutive_2_red: interview_head)'],
      ],
    ],
    [
      'an on-time finish between two reds',
      [missedReport, missedReport, 'green', missedReport, missedReport],
      [['yellow'], ['yellow', 'red+interview_deputy_head'], [], ['yellow'], ['yellow', 'red+interview_deputy_head']],
    ],
  ])('%s', (_name, events, expected) => {
    expect(walk(tz, events).map((s) => s.steps.map(brief))).toEqual(expected);
  });

  it('starts a run again once it reached its count', () => {
    const runs = walk(tz, [missedReport, missedReport, missedReport]).map((s) => s.run);
    expect(runs).toEqual([
      { yellow: 1, red: 0 },
      { yellow: 0, red: 1 },
      { yellow: 1, red: 1 },
    ]);
  });
});

describe('card rules of the seeds without cards', () => {
  it.each(['jhj', 'kh', 'fc'])('%s issues the clock’s own card and nothing more', (code) => {
    const steps = walk(preset(code), [missedReport, missedReport, missedReport]).map((s) => s.steps.map(brief));
    expect(steps).toEqual([['yellow'], ['yellow'], ['yellow']]);
  });
});

describe('cards in general', () => {
  const tz = preset('tz');
  it('gives no card for a breach of the platform’s own clock', () => {
    expect(breachConsequences({ ...missedReport, unitId: null }, EMPTY_RUN, tz).steps).toEqual([]);
  });

  it('gives no card for a clock whose rule carries none', () => {
    expect(breachConsequences({ ...missedReport, card: null }, EMPTY_RUN, tz).steps).toEqual([]);
  });

  it('keeps the run when a milestone is met late or carries no card', () => {
    const run = { yellow: 1, red: 1 };
    expect(runAfterMet(run, { card: 'yellow', breached: true })).toEqual(run);
    expect(runAfterMet(run, { card: null, breached: false })).toEqual(run);
  });

  it('names the interview only where the profile names one', () => {
    const plain: Profile = { ...tz, cards: { ...tz.cards, consecutiveYellowsInterview: undefined } };
    const second = walk(plain, [missedReport, missedReport])[1]!;
    expect(second.steps.map(brief)).toEqual(['yellow', 'red']);
  });

  it('writes its reasons in both languages with the milestone’s name', () => {
    expect(cardReasonText({ key: 'missed', milestone: 'resolve' }, 'zh')).toBe('未在规定时间内完成：办结答复');
    expect(cardReasonText({ key: 'consecutive_yellows', count: 2 }, 'en')).toBe('2 yellow cards in a row');
  });
});
