import { describe, expect, it } from 'vitest';
import { mobileOf, secondsLeft } from './sms-login';

describe('the SMS login’s helpers', () => {
  it('reads a mobile as people type it, and refuses what is not one', () => {
    expect(mobileOf('+86 139-0000-0001')).toBe('13900000001');
    expect(mobileOf('1390000000')).toBeNull();
    expect(mobileOf(undefined)).toBeNull();
  });

  it('counts whole seconds down to zero', () => {
    expect(secondsLeft(60_000, 0)).toBe(60);
    expect(secondsLeft(60_000, 59_001)).toBe(1);
    expect(secondsLeft(60_000, 60_000)).toBe(0);
    expect(secondsLeft(60_000, 99_000)).toBe(0);
  });
});
