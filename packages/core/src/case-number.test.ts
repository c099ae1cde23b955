import { describe, expect, it } from 'vitest';
import { formatCaseNumber, shanghaiYear } from './case-number.js';

describe('formatCaseNumber', () => {
  it('writes the upper-case jurisdiction code, the year and a six-digit sequence', () => {
    expect(formatCaseNumber('kh', 2026, 123)).toBe('KH-2026-000123');
    expect(formatCaseNumber('jhj', 2027, 1)).toBe('JHJ-2027-000001');
    expect(formatCaseNumber('TZ', 2026, 999999)).toBe('TZ-2026-999999');
  });

  it('never truncates a sequence beyond six digits, so numbers stay unique', () => {
    expect(formatCaseNumber('yc', 2026, 1234567)).toBe('YC-2026-1234567');
  });
});

describe('shanghaiYear', () => {
  it('turns to the new year at midnight in Shanghai, 16:00 UTC the day before', () => {
    expect(shanghaiYear(new Date('2026-12-31T16:00:00.000Z'))).toBe(2027);
    expect(shanghaiYear(new Date('2026-12-31T15:59:59.999Z'))).toBe(2026);
  });

  it('is still the old year in Shanghai early on 31 December UTC and the new year on 1 January UTC', () => {
    expect(shanghaiYear(new Date('2026-12-31T00:00:00.000Z'))).toBe(2026);
    expect(shanghaiYear(new Date('2027-01-01T00:00:00.000Z'))).toBe(2027);
  });

  it('agrees with the Asia/Shanghai calendar across a year', () => {
    const fmt = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric' });
    for (let h = 0; h < 366 * 24; h += 7) {
      const at = new Date(Date.UTC(2026, 0, 1) - 12 * 3600_000 + h * 3600_000);
      expect(shanghaiYear(at), at.toISOString()).toBe(Number(fmt.format(at)));
    }
  });
});
