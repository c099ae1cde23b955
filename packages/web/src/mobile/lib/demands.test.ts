import { describe, expect, it } from 'vitest';
import { appendPage, hasMore, pendingAction } from './demands';

describe('pendingAction', () => {
  it('asks for a rating of a replied case and offers an appeal of an answer or a refusal', () => {
    expect(pendingAction('replied')).toBe('rate');
    expect(pendingAction('answered')).toBe('appeal');
    expect(pendingAction('rejected')).toBe('appeal');
  });

  it('asks nothing in the other states', () => {
    for (const s of ['submitted', 'screening', 'dispatched', 'signed', 'rated', 'redo', 'review', 'closed', 'merged']) {
      expect(pendingAction(s)).toBeNull();
    }
  });
});

describe('paging', () => {
  it('knows whether the server holds more', () => {
    expect(hasMore(10, 23)).toBe(true);
    expect(hasMore(23, 23)).toBe(false);
    expect(hasMore(0, 0)).toBe(false);
  });

  it('appends a page without repeating cases already shown', () => {
    const shown = [{ id: 'a' }, { id: 'b' }];
    expect(appendPage(shown, [{ id: 'b' }, { id: 'c' }]).map((c) => c.id)).toEqual(['a', 'b', 'c']);
    expect(shown).toHaveLength(2);
  });
});
