import { describe, expect, it } from 'vitest';
import { readGrowth } from './growth';

describe('readGrowth', () => {
  it('reads a rise from zero as new, not as a percentage', () => {
    expect(readGrowth(6, 0, 6)).toEqual({ kind: 'new' });
    expect(readGrowth(0, 0, 0)).toEqual({ kind: 'flat' });
  });

  it('reads other changes as signed percentages', () => {
    expect(readGrowth(6, 1, 5)).toEqual({ kind: 'up', percent: 500 });
    expect(readGrowth(2, 4, -0.5)).toEqual({ kind: 'down', percent: 50 });
    expect(readGrowth(2, 2, 0)).toEqual({ kind: 'flat' });
    expect(readGrowth(1001, 1000, 0.001)).toEqual({ kind: 'flat' });
  });
});
