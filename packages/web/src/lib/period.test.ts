import { describe, expect, it } from 'vitest';
import { isDay, periodFromParams, presetRange, rangeDays, rangeInstants, shanghaiDate, validRange } from './period';

// 2026-01-31 23:30 UTC is already 1 February in Shanghai.
const lateNight = new Date('2026-01-31T17:30:00Z');

describe('periods in Shanghai calendar days', () => {
  it('takes the day of Shanghai, not of UTC', () => {
    expect(shanghaiDate(lateNight)).toBe('2026-02-01');
    expect(shanghaiDate(new Date('2026-01-31T15:59:00Z'))).toBe('2026-01-31');
  });

  it('builds this month, last month and this quarter around now', () => {
    expect(presetRange('thisMonth', lateNight)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(presetRange('lastMonth', lateNight)).toEqual({ from: '2026-01-01', to: '2026-01-31' });
    expect(presetRange('thisQuarter', lateNight)).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    const january = new Date('2026-01-15T04:00:00Z');
    expect(presetRange('lastMonth', january)).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(presetRange('thisQuarter', new Date('2024-11-20T04:00:00Z'))).toEqual({
      from: '2024-10-01',
      to: '2024-12-31',
    });
    expect(presetRange('thisMonth', new Date('2024-02-10T04:00:00Z')).to).toBe('2024-02-29');
  });

  it('counts days with both ends and refuses what the API refuses', () => {
    expect(rangeDays({ from: '2026-11-01', to: '2026-11-01' })).toBe(1);
    expect(rangeDays({ from: '2024-01-01', to: '2024-12-31' })).toBe(366);
    expect(validRange({ from: '2024-01-01', to: '2024-12-31' })).toBe(true);
    expect(validRange({ from: '2025-01-01', to: '2026-01-02' })).toBe(false);
    expect(validRange({ from: '2026-11-10', to: '2026-11-01' })).toBe(false);
    expect(validRange({ from: '2026-02-30', to: '2026-03-02' })).toBe(false);
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-1-01')).toBe(false);
  });

  it('turns days into the instants the card API takes, `to` exclusive', () => {
    expect(rangeInstants({ from: '2026-12-01', to: '2026-12-31' })).toEqual({
      from: '2026-12-01T00:00:00+08:00',
      to: '2027-01-01T00:00:00+08:00',
    });
  });

  it('reads the period from the URL, falling back to this month', () => {
    const read = (q: string) => periodFromParams(new URLSearchParams(q), lateNight);
    expect(read('')).toEqual({ preset: 'thisMonth', range: { from: '2026-02-01', to: '2026-02-28' } });
    expect(read('period=lastMonth').range).toEqual({ from: '2026-01-01', to: '2026-01-31' });
    expect(read('period=custom&from=2025-07-01&to=2025-09-15')).toEqual({
      preset: 'custom',
      range: { from: '2025-07-01', to: '2025-09-15' },
    });
    expect(read('period=custom&from=2025-07-01&to=2024-09-15').preset).toBe('thisMonth');
    expect(read('period=custom&from=x&to=y').preset).toBe('thisMonth');
  });
});
