import { describe, expect, it } from 'vitest';
import { defaultChannel, fileProblem, filesForOthers, newCaseBody, PHONE_PATTERN } from './new-case';

describe('the new-case form', () => {
  it('opens on the phone for the hub and on the liaison’s rounds for a liaison', () => {
    expect(defaultChannel(['hub'])).toBe('phone');
    expect(defaultChannel(['liaison'])).toBe('liaison');
    expect(defaultChannel(['enterprise'])).toBeUndefined();
    expect(filesForOthers(['liaison'])).toBe(true);
    expect(filesForOthers(['enterprise'])).toBe(false);
  });

  it('sends trimmed texts and leaves empty fields out', () => {
    expect(
      newCaseBody({
        title: ' 用电报装 ',
        content: '内容',
        kind: 'help',
        channel: 'phone',
        enterpriseId: 'e1',
        contactName: '  ',
        contactMobile: '138 0000 1111',
        location: '',
        categoryId: undefined,
      }),
    ).toEqual({
      title: '用电报装',
      content: '内容',
      kind: 'help',
      channel: 'phone',
      enterpriseId: 'e1',
      contactMobile: '13800001111',
    });
    expect(newCaseBody({ title: 't', content: 'c', kind: 'help', enterpriseId: null })).toEqual({
      title: 't',
      content: 'c',
      kind: 'help',
    });
  });

  it('accepts the numbers the server accepts', () => {
    expect(PHONE_PATTERN.test('13800001111')).toBe(true);
    expect(PHONE_PATTERN.test('0570-6012345')).toBe(true);
    expect(PHONE_PATTERN.test('12800001111')).toBe(false);
    expect(PHONE_PATTERN.test('1380000111')).toBe(false);
  });

  it('refuses a file beyond the count or the size', () => {
    const limits = { maxBytes: 100, maxFiles: 2 };
    expect(fileProblem({ name: 'a', size: 100 }, 1, limits)).toBeNull();
    expect(fileProblem({ name: 'a', size: 101 }, 0, limits)).toEqual({ reason: 'tooLarge' });
    expect(fileProblem({ name: 'a', size: 1 }, 2, limits)).toEqual({ reason: 'tooMany' });
  });
});
