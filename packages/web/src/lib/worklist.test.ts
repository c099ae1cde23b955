import { describe, expect, it } from 'vitest';
import {
  countsQuery,
  exactNumberMatch,
  exportQuery,
  filtersOf,
  listQuery,
  moreFilterCount,
  sameFilters,
  summariseBulk,
  withFilters,
} from './worklist';

describe('the worklist URL', () => {
  const url = (s: string) => new URLSearchParams(s);

  it('keeps filters but not paging or the default order in a view', () => {
    expect(filtersOf(url('status=screening&page=4&sort=newest&channel=qr&q=%20电力%20'))).toEqual({
      status: 'screening',
      channel: 'qr',
      q: '电力',
    });
    expect(filtersOf(url('sort=due&foo=bar'))).toEqual({ sort: 'due' });
  });

  it('asks the API for the page, falling back to page 1 for nonsense', () => {
    expect(listQuery(url('status=signed&page=3'))).toBe('status=signed&page=3&pageSize=20');
    expect(listQuery(url('page=-2'))).toBe('page=1&pageSize=20');
    expect(listQuery(url('page=abc'))).toBe('page=1&pageSize=20');
  });

  it('returns to page 1 when a filter changes and drops emptied filters', () => {
    const next = withFilters(url('status=signed&page=3&unitId=u1'), { unitId: '', channel: 'qr' });
    expect(next.toString()).toBe('status=signed&channel=qr');
    expect(withFilters(url('status=signed'), { page: '2' }).toString()).toBe('status=signed&page=2');
  });

  it('counts the filters hidden under "more"', () => {
    expect(moreFilterCount(url('status=x&unitId=u&from=2026-11-01&to=2026-11-30'))).toBe(2);
    expect(moreFilterCount(url('status=x&q=y'))).toBe(0);
  });

  it('recognises the view that is open', () => {
    expect(sameFilters({ status: 'signed', channel: 'qr' }, url('channel=qr&status=signed&page=2'))).toBe(true);
    expect(sameFilters({ status: 'signed' }, url('status=signed&channel=qr'))).toBe(false);
    expect(sameFilters({}, url('sort=newest'))).toBe(true);
  });
});

describe('the queries beside the list', () => {
  const url = (s: string) => new URLSearchParams(s);

  it('counts the tabs under every other filter', () => {
    expect(countsQuery(url('status=redo&clock=overdue&sort=due&page=3&unitId=u1&q=电力'))).toBe(
      `unitId=u1&q=${encodeURIComponent('电力')}`,
    );
  });

  it('exports the whole filtered list in its order', () => {
    expect(exportQuery(url('status=redo,review&sort=due&page=3&channel=phone'))).toBe(
      'status=redo%2Creview&channel=phone&sort=due',
    );
  });
});

describe('the header search', () => {
  const items = [
    { id: 'a', number: 'KH-2026-000012' },
    { id: 'b', number: 'KH-2026-000120' },
  ];

  it('opens the one case whose number was typed, in any case and with spaces', () => {
    expect(exactNumberMatch(items, ' kh-2026-000012 ')?.id).toBe('a');
  });

  it('searches the list for anything else', () => {
    expect(exactNumberMatch(items, 'KH-2026-0001')).toBeNull();
    expect(exactNumberMatch(items, '')).toBeNull();
    expect(exactNumberMatch([...items, { id: 'c', number: 'KH-2026-000012' }], 'KH-2026-000012')).toBeNull();
  });
});

describe('a bulk dispatch answer', () => {
  it('names what went and why the rest did not', () => {
    const numbers: Record<string, string> = { a: 'KH-1', b: 'KH-2', c: 'KH-3' };
    const summary = summariseBulk(
      [
        { caseId: 'a', ok: true, number: 'KH-1' },
        { caseId: 'b', ok: false, error: { code: 'CASE_ILLEGAL_TRANSITION', message: '状态为已交办' } },
        { caseId: 'c', ok: false, error: { code: 'COORDINATION_REQUIRED', message: '' } },
      ],
      (id) => numbers[id] ?? id,
    );
    expect(summary.sent).toEqual(['KH-1']);
    expect(summary.failed).toEqual([
      { number: 'KH-2', message: '状态为已交办' },
      { number: 'KH-3', message: 'COORDINATION_REQUIRED' },
    ]);
  });
});
