import { describe, expect, it } from 'vitest';
import { applySuggestion, screeningBody } from './screening';

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
});
