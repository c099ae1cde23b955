import { describe, expect, it } from 'vitest';
import { appointmentSelectable, shanghaiToday } from './services';

describe('appointment days', () => {
  it('takes the Shanghai date, a day ahead of UTC late in the evening', () => {
    expect(shanghaiToday(new Date('2026-12-04T17:00:00Z'))).toBe('2026-12-05');
    expect(shanghaiToday(new Date('2026-12-04T15:00:00Z'))).toBe('2026-12-04');
  });

  it('offers only later weekdays (the server checks holidays)', () => {
    expect(appointmentSelectable('2026-12-07', '2026-12-05')).toBe(true);
    expect(appointmentSelectable('2026-12-05', '2026-12-05')).toBe(false);
    expect(appointmentSelectable('2026-12-06', '2026-12-05')).toBe(false);
    expect(appointmentSelectable('2026-12-12', '2026-12-05')).toBe(false);
  });
});
