import { describe, expect, it } from 'vitest';
import { normalizeMobile } from './mobile.js';

describe('normalizeMobile', () => {
  it.each([
    ['13812341234', '13812341234'],
    [' 138 1234 1234 ', '13812341234'],
    ['138-1234-1234', '13812341234'],
    ['+86 138 1234 1234', '13812341234'],
    ['008613812341234', '13812341234'],
    ['8613812341234', '13812341234'],
  ])('reads %j as %s', (text, expected) => {
    expect(normalizeMobile(text)).toBe(expected);
  });

  it.each(['', '12812341234', '1381234123', '138123412345', '+1 13812341234', '0571-88888888', 'abc'])(
    'refuses %j',
    (text) => {
      expect(normalizeMobile(text)).toBeNull();
    },
  );
});
