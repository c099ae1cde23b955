import { describe, expect, it } from 'vitest';
import type { NotificationFacts, NotificationTarget, OutboxNotice } from './notification-rules.js';
import { NOTIFICATION_TEXTS, notificationPlan, notificationText } from './notification-rules.js';

const facts: NotificationFacts = {
  leadUnitId: 'lead',
  coUnitIds: ['co'],
  enterpriseId: 'ent',
  handoffs: { unsatisfiedToDiscipline: true, redCardTo: ['discipline'] },
};
const quiet: NotificationFacts = { ...facts, handoffs: { unsatisfiedToDiscipline: false, redCardTo: [] } };
const onCase = { kind: 'case' as const, id: 'case-1' };
const U = (unitId: string): NotificationTarget => ({ kind: 'unit', unitId });
const E: NotificationTarget = { kind: 'enterprise', enterpriseId: 'ent' };
const R = (role: 'hub' | 'leader' | 'discipline'): NotificationTarget => ({ kind: 'role', role });

const table: [string, OutboxNotice, NotificationFacts, NotificationTarget[] | null, string | null][] = [
  [
    'dispatch tells the lead and co-units',
    { topic: 'case.dispatched', recipient: onCase, payload: { leadUnitId: 'u1', coUnitIds: ['u2'] } },
    facts,
    [U('u1'), U('u2')],
    'caseDispatched',
  ],
  [
    'supervision tells the lead unit',
    { topic: 'case.supervised', recipient: onCase, payload: {} },
    facts,
    [U('lead')],
    'caseSupervised',
  ],
  [
    'a reply tells the enterprise',
    { topic: 'case.replied', recipient: onCase, payload: {} },
    facts,
    [E],
    'caseReplied',
  ],
  [
    'a case handed up from below tells the upper hub',
    { topic: 'handup.received', recipient: { kind: 'role', id: 'hub' }, payload: { number: 'TC-2026-000001' } },
    facts,
    [R('hub')],
    'handupReceived',
  ],
  [
    'a reply from the level above tells the enterprise to rate it',
    { topic: 'case.handup_returned', recipient: onCase, payload: { to: 'replied' } },
    facts,
    [E],
    'caseReplied',
  ],
  [
    'a hand-up sent back without a reply tells the hub below',
    { topic: 'case.handup_returned', recipient: onCase, payload: { to: 'screening' } },
    facts,
    [R('hub')],
    'handupReturned',
  ],
  [
    'an answer tells the enterprise',
    { topic: 'case.answered', recipient: onCase, payload: {} },
    facts,
    [E],
    'caseAnswered',
  ],
  [
    'a rejection tells the enterprise',
    { topic: 'case.rejected', recipient: onCase, payload: {} },
    facts,
    [E],
    'caseRejected',
  ],
  [
    'an approved extension tells the enterprise',
    { topic: 'case.extension_decided', recipient: onCase, payload: { approve: true } },
    facts,
    [E],
    'extensionApproved',
  ],
  [
    'a refused extension tells the enterprise',
    { topic: 'case.extension_decided', recipient: onCase, payload: { approve: false } },
    facts,
    [E],
    'extensionRefused',
  ],
  [
    'a reply of a case without enterprise tells nobody',
    { topic: 'case.replied', recipient: onCase, payload: {} },
    { ...facts, enterpriseId: null },
    null,
    null,
  ],
  ['signing tells nobody', { topic: 'case.signed', recipient: onCase, payload: {} }, facts, null, null],
  [
    'an unsatisfied rating goes to discipline where the profile says',
    { topic: 'case.unsatisfied', recipient: { kind: 'role', id: 'discipline' }, payload: {} },
    facts,
    [R('discipline')],
    'caseUnsatisfied',
  ],
  [
    '… and nowhere otherwise',
    { topic: 'case.unsatisfied', recipient: { kind: 'role', id: 'discipline' }, payload: {} },
    quiet,
    null,
    null,
  ],
  [
    'a unit clock warning tells the unit',
    { topic: 'clock.warned', recipient: { kind: 'unit', id: 'u1' }, payload: {} },
    facts,
    [U('u1')],
    'clockWarned',
  ],
  [
    'the hub is warned of its own clocks',
    { topic: 'clock.warned', recipient: { kind: 'role', id: 'hub' }, payload: {} },
    facts,
    [R('hub')],
    'clockWarned',
  ],
  [
    'a breach with a yellow card tells the unit of its card',
    { topic: 'clock.breached', recipient: { kind: 'unit', id: 'u1' }, payload: { card: 'yellow' } },
    facts,
    [U('u1')],
    'cardYellow',
  ],
  [
    'a breach of a hub clock tells the hub',
    { topic: 'clock.breached', recipient: { kind: 'role', id: 'hub' }, payload: { card: null } },
    facts,
    [R('hub')],
    'clockBreached',
  ],
  [
    'a red card tells the unit',
    { topic: 'card.red', recipient: { kind: 'unit', id: 'u1' }, payload: {} },
    facts,
    [U('u1')],
    'cardRed',
  ],
  [
    'a red-card hand-off to discipline follows the profile',
    { topic: 'handoff.discipline', recipient: { kind: 'role', id: 'discipline' }, payload: { reason: 'red_card' } },
    facts,
    [R('discipline')],
    'handoffDiscipline',
  ],
  [
    'a red-card hand-off the profile does not name tells nobody',
    { topic: 'handoff.leader', recipient: { kind: 'role', id: 'leader' }, payload: { reason: 'red_card' } },
    facts,
    null,
    null,
  ],
  [
    'consecutive reds go to the leaders',
    { topic: 'handoff.leader', recipient: { kind: 'role', id: 'leader' }, payload: { reason: 'consecutive_2_red' } },
    quiet,
    [R('leader')],
    'handoffLeader',
  ],
  [
    'a hotspot warning tells the named role',
    { topic: 'hotspot.warned', recipient: { kind: 'role', id: 'leader' }, payload: { title: 't', size: 5 } },
    facts,
    [R('leader')],
    'hotspotWarned',
  ],
  ['an unknown topic tells nobody', { topic: 'case.whatever', recipient: onCase, payload: {} }, facts, null, null],
  [
    'a chain anchor for the upper platform tells nobody here',
    { topic: 'audit.anchor', recipient: { kind: 'role', id: 'upper' }, payload: { jurisdiction: 'ta', seq: 9 } },
    facts,
    null,
    null,
  ],
];

describe('notification rules', () => {
  it.each(table)('%s', (_name, notice, f, targets, key) => {
    const plan = notificationPlan(notice, f);
    expect(plan?.targets ?? null).toEqual(targets);
    expect(plan?.text.key ?? null).toBe(key);
    if (plan) expect(plan.channels).toContain('inApp');
  });

  it('sends enterprises WeChat and SMS, and hub warnings only in the console', () => {
    expect(notificationPlan({ topic: 'case.replied', recipient: onCase, payload: {} }, facts)?.channels).toEqual([
      'inApp',
      'sms',
      'wechat',
    ]);
    expect(
      notificationPlan({ topic: 'clock.warned', recipient: { kind: 'role', id: 'hub' }, payload: {} }, facts)?.channels,
    ).toEqual(['inApp']);
  });

  it('says every text in both languages with its parameters filled', () => {
    for (const entry of Object.values(NOTIFICATION_TEXTS)) {
      expect(entry.zh).not.toBe('');
      expect(entry.en).not.toBe('');
    }
    const plan = notificationPlan(
      { topic: 'case.dispatched', recipient: onCase, payload: { number: 'YC-2026-000001', leadUnitId: 'u1' } },
      facts,
    );
    if (!plan) throw new Error('no plan');
    expect(notificationText(plan.text.key, plan.text.params, 'zh')).toBe('诉求 YC-2026-000001 已交办你单位办理');
    expect(notificationText(plan.text.key, plan.text.params, 'en')).toBe(
      'Case YC-2026-000001 was dispatched to your unit',
    );
  });
});
