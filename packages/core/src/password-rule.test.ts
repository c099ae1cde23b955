import { describe, expect, it } from 'vitest';
import { isStrongPassword } from './password-rule.js';

describe('isStrongPassword', () => {
  it.each([
    ['Qisu@2026', true],
    ['Strong#2026', true],
    ['abcdEFGH12', true],
    ['abcd@efgh1', true],
    ['abcdefgh12', false],
    ['ABCDEFGH!!', false],
    ['Ab@1', false],
    [`Aa1${'x'.repeat(198)}`, false],
    ['', false],
  ])('judges %s as %s', (value, strong) => {
    expect(isStrongPassword(value)).toBe(strong);
  });
});
