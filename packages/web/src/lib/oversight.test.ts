import { describe, expect, it } from 'vitest';
import { disciplineExportQuery } from './oversight';

const NOVEMBER = { from: '2026-11-01', to: '2026-11-30' };

describe('disciplineExportQuery', () => {
  it('exports the unsatisfied list by its one condition, whatever the red-card period', () => {
    expect(disciplineExportQuery('unsatisfied', NOVEMBER)).toBe('rating=unsatisfied');
  });

  it('exports the red-card list of the period the tab shows, not by the filing date', () => {
    const query = new URLSearchParams(disciplineExportQuery('red', NOVEMBER));
    expect(Object.fromEntries(query)).toEqual({ card: 'red', cardFrom: '2026-11-01', cardTo: '2026-11-30' });
    expect(query.has('from')).toBe(false);
  });
});
