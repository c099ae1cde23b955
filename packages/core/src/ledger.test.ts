import { describe, expect, it } from 'vitest';
import { currentConditions, liaisonForGrid, liaisonForOwn } from './ledger.js';

describe('grid ledger rules', () => {
  it.each([
    [
      'no liaison takes the grid’s',
      { liaisonUserId: null, fromGrid: false },
      'g',
      { liaisonUserId: 'g', fromGrid: true },
    ],
    ['an own liaison stays', { liaisonUserId: 'own', fromGrid: false }, 'g', { liaisonUserId: 'own', fromGrid: false }],
    [
      'a grid’s liaison follows the new grid',
      { liaisonUserId: 'old', fromGrid: true },
      'g',
      { liaisonUserId: 'g', fromGrid: true },
    ],
    [
      'leaving the grid drops its liaison',
      { liaisonUserId: 'old', fromGrid: true },
      null,
      { liaisonUserId: null, fromGrid: false },
    ],
    [
      'leaving keeps an own liaison',
      { liaisonUserId: 'own', fromGrid: false },
      null,
      { liaisonUserId: 'own', fromGrid: false },
    ],
  ] as const)('%s', (_, current, grid, expected) => {
    expect(liaisonForGrid(current, grid)).toEqual(expected);
  });

  it('falls back to the grid’s liaison when the own one is cleared', () => {
    expect(liaisonForOwn(null, 'g')).toEqual({ liaisonUserId: 'g', fromGrid: true });
    expect(liaisonForOwn(null, null)).toEqual({ liaisonUserId: null, fromGrid: false });
    expect(liaisonForOwn('x', 'g')).toEqual({ liaisonUserId: 'x', fromGrid: false });
  });

  it('keeps the latest record of each kind, the later-written on a tie', () => {
    const history = [
      { kind: 'operations' as const, recordedAt: '2026-10-01T00:00:00Z', seq: 1, text: 'old' },
      { kind: 'operations' as const, recordedAt: '2026-11-01T00:00:00Z', seq: 2, text: 'new' },
      { kind: 'plans' as const, recordedAt: '2026-11-01T00:00:00Z', seq: 3, text: 'a' },
      { kind: 'plans' as const, recordedAt: '2026-11-01T00:00:00Z', seq: 4, text: 'b' },
    ];
    const current = currentConditions(history);
    expect(current.operations?.text).toBe('new');
    expect(current.plans?.text).toBe('b');
    expect(current.difficulties).toBeNull();
  });
});
