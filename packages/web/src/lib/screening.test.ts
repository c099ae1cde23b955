import { describe, expect, it } from 'vitest';
import { applySuggestion, confidencePercent, deadlineView, followSuggestion, screeningBody } from './screening';

describe('screening', () => {
  it('fills the dispatch form from a suggestion without wiping what it does not suggest', () => {
    const suggestion = {
      leadUnit: { id: 'u1', name: '县发改局' },
      coUnits: [],
      complexity: 'general',
      reason: { zh: '派单目录', en: 'catalogue' },
    };
    expect(applySuggestion({ coUnitIds: ['u9'], complexity: 'simple' }, suggestion)).toEqual({
      leadUnitId: 'u1',
      coUnitIds: ['u9'],
      complexity: 'general',
    });
    expect(applySuggestion({ leadUnitId: 'u5' }, { ...suggestion, leadUnit: null, complexity: null })).toEqual({
      leadUnitId: 'u5',
    });
  });

  it('sends each command only its own fields, trimmed, without empty ones', () => {
    const values = { leadUnitId: 'u1', coUnitIds: [], text: ' 答复 ', reason: '', categoryId: 'c1' };
    expect(screeningBody('dispatch', values)).toEqual({ leadUnitId: 'u1', categoryId: 'c1' });
    expect(screeningBody('answer', values)).toEqual({ text: '答复' });
    expect(screeningBody('reject', values)).toEqual({});
  });

  it('sends the hand-up its own reason, never one typed for a refusal', () => {
    const values = { reason: '非涉企事项', handUpReason: ' 跨县管网，县级无法协调 ' };
    expect(screeningBody('hand-up', values)).toEqual({ reason: '跨县管网，县级无法协调' });
    expect(screeningBody('reject', values)).toEqual({ reason: '非涉企事项' });
    expect(screeningBody('hand-up', { reason: '非涉企事项' })).toEqual({});
  });

  it('shows a confidence between 1 % and 99 %, never 100 %', () => {
    expect([0.996, 0.9999, 1, 0.5, 0, 0.004, Number.NaN].map(confidencePercent)).toEqual([99, 99, 99, 50, 1, 1, 1]);
  });

  it('counts down to a time limit in whole days, hours or minutes, and past it as overdue', () => {
    const now = new Date('2026-11-10T02:00:00Z');
    expect(deadlineView({ dueAt: '2026-11-10T05:30:00Z', overdue: false }, now)).toEqual({
      overdue: false,
      soon: true,
      unit: 'hour',
      n: 3,
    });
    expect(deadlineView({ dueAt: '2026-11-08T01:00:00Z', overdue: true }, now)).toEqual({
      overdue: true,
      soon: false,
      unit: 'day',
      n: 2,
    });
    expect(deadlineView({ dueAt: '2026-11-13T02:00:00Z' }, now)).toMatchObject({ overdue: false, soon: false, n: 3 });
    expect(deadlineView({ dueAt: '2026-11-10T02:00:20Z' }, now)).toMatchObject({ unit: 'minute', n: 1 });
    expect(deadlineView({ dueAt: null, overdue: false }, now)).toBeNull();
    expect(deadlineView({}, now)).toBeNull();
  });

  it('moves the units with the catalogue where they still hold its last suggestion, keeping the hub’s own choice', () => {
    const rule = (id: string | null, co: string[] = [], complexity: string | null = null) => ({
      leadUnit: id ? { id, name: id } : null,
      coUnits: co.map((c) => ({ id: c, name: c })),
      complexity,
      reason: { zh: '', en: '' },
    });
    const before = rule('power', ['town'], 'simple');
    expect(
      followSuggestion(
        { leadUnitId: 'power', coUnitIds: ['town'], complexity: 'simple' },
        before,
        rule('water', [], 'general'),
      ),
    ).toEqual({ leadUnitId: 'water', coUnitIds: [], complexity: 'general' });
    expect(followSuggestion({ leadUnitId: 'mine', coUnitIds: ['x'] }, before, rule('water'))).toEqual({
      leadUnitId: 'mine',
      coUnitIds: ['x'],
    });
    expect(followSuggestion({ leadUnitId: 'power' }, before, rule(null))).toEqual({});
  });
});
