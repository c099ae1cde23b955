import { describe, expect, it } from 'vitest';
import { parseNoticeLines } from './notice-lines';

describe('parseNoticeLines', () => {
  it('reads days and ranges, off and working, with or without names', () => {
    const { days, errors } = parseNoticeLines(
      [
        '# 2027 年部分节假日安排',
        '2027-01-01 休 元旦',
        '',
        '2027-02-06~2027-02-08 休 春节',
        '2027-02-14 班',
        '2027-05-01 off Labour Day',
      ].join('\n'),
      2027,
    );
    expect(errors).toEqual([]);
    expect(days).toEqual([
      { date: '2027-01-01', working: false, name: '元旦' },
      { date: '2027-02-06', working: false, name: '春节' },
      { date: '2027-02-07', working: false, name: '春节' },
      { date: '2027-02-08', working: false, name: '春节' },
      { date: '2027-02-14', working: true },
      { date: '2027-05-01', working: false, name: 'Labour Day' },
    ]);
  });

  it('names each bad line with why, and keeps the good ones', () => {
    const { days, errors } = parseNoticeLines(
      [
        '2027-01-01 休 元旦',
        '2027-13-01 休', // 2: no such month
        '2028-01-01 休', // 3: next year
        '2027-02-10~2027-02-06 休', // 4: backwards
        '2027-01-01 班', // 5: repeated
        '元旦 2027-01-01', // 6: not the format
        '2027-03-01 maybe', // 7: neither off nor work
        '2026-12-31~2027-01-02 休', // 8: starts in the previous year
        `2027-06-01 休 ${'长'.repeat(51)}`, // 9: name too long
      ].join('\n'),
      2027,
    );
    expect(errors).toEqual([
      { line: 2, error: 'date' },
      { line: 3, error: 'year' },
      { line: 4, error: 'range' },
      { line: 5, error: 'duplicate' },
      { line: 6, error: 'format' },
      { line: 7, error: 'format' },
      { line: 8, error: 'year' },
      { line: 9, error: 'name' },
    ]);
    expect(days).toEqual([{ date: '2027-01-01', working: false, name: '元旦' }]);
  });

  it('refuses a range longer than a month', () => {
    expect(parseNoticeLines('2027-01-01~2027-02-15 休', 2027).errors).toEqual([{ line: 1, error: 'range' }]);
  });
});
