// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { enterpriseNames } from './enterprise-names';

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

const page = (from: number, count: number, total: number) =>
  new Response(
    JSON.stringify({
      items: Array.from({ length: count }, (_, i) => ({ id: `e${from + i}`, name: `企业${from + i}` })),
      total,
    }),
    { status: 200, headers: { 'content-type': 'application/json' } },
  );

describe('enterpriseNames', () => {
  it('reads the ledger a page at a time until every id is named, then stops', async () => {
    const fetchMock = vi.fn((url: string) => {
      const n = Number(new URL(url, 'http://x').searchParams.get('page'));
      return Promise.resolve(page((n - 1) * 200, 200, 1000));
    });
    vi.stubGlobal('fetch', fetchMock);
    const names = await enterpriseNames(['e5', 'e250', 'missing-later']);
    expect(names.get('e5')).toBe('企业5');
    expect(names.get('e250')).toBe('企业250');
    expect(names.has('missing-later')).toBe(false);
    // All five pages are read looking for the missing one, and not one more.
    expect(fetchMock).toHaveBeenCalledTimes(5);

    fetchMock.mockClear();
    await enterpriseNames(['e1']);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/v1/enterprises?page=1&pageSize=200');
  });
});
