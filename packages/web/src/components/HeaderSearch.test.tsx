// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Route, Routes, useLocation } from 'react-router-dom';
import { setToken } from '../api/client';
import { installDomShims, jsonResponse, renderPage } from '../testing/dom';
import { HeaderSearch } from './HeaderSearch';

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setToken(null);
});

function Where() {
  const location = useLocation();
  return <div data-testid="where">{`${location.pathname}${location.search}`}</div>;
}

function serve(items: { id: string; number: string }[]) {
  const fetchMock = vi.fn((url: string) => {
    if (url.startsWith('/api/v1/auth/me')) return jsonResponse({ id: 'u1', name: '营商办专员', roles: ['hub'] });
    if (url.startsWith('/api/v1/cases?')) return jsonResponse({ items, total: items.length, page: 1, pageSize: 20 });
    return jsonResponse({ error: { code: 'NOT_FOUND', message: '资源不存在' } }, 404);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const search = (text: string) => {
  const box = screen.getByRole('searchbox', { name: '搜索诉求' });
  fireEvent.change(box, { target: { value: text } });
  fireEvent.keyDown(box, { key: 'Enter', code: 'Enter', keyCode: 13 });
};

const page = (
  <>
    <HeaderSearch />
    <Routes>
      <Route path="*" element={<Where />} />
    </Routes>
  </>
);

describe('HeaderSearch', () => {
  it('opens the case whose number was typed', async () => {
    const fetchMock = serve([
      { id: 'a', number: 'KH-2026-000120' },
      { id: 'b', number: 'KH-2026-000012' },
    ]);
    renderPage(page, '/');
    search('kh-2026-000012');
    await screen.findByText('/cases/b');
    expect(fetchMock.mock.calls.some(([url]) => url.includes(`q=${'kh-2026-000012'}`))).toBe(true);
  });

  it('opens the worklist searching for anything else', async () => {
    serve([{ id: 'a', number: 'KH-2026-000120' }]);
    renderPage(page, '/');
    search('  电力增容 ');
    await screen.findByText(`/cases?q=${encodeURIComponent('电力增容')}`);
  });

  it('stays narrow in the header and widens while typed in, in place over its neighbours', () => {
    serve([]);
    renderPage(
      <>
        <HeaderSearch />
        <button type="button">elsewhere</button>
      </>,
      '/',
    );
    const box = screen.getByTestId('header-search');
    const slot = box.parentElement!;
    const width = () => box.style.width;
    const input = screen.getByRole('searchbox', { name: '搜索诉求' });
    expect(slot.style.width).toBe('120px');
    expect(width()).toBe('120px');
    expect(input.getAttribute('placeholder')).toBe('搜索诉求');
    fireEvent.focus(input);
    expect(width()).toBe('240px');
    expect(input.getAttribute('placeholder')).toBe('诉求编号或关键词');
    // Its slot in the header keeps its width: the menu beside it does not move.
    expect(slot.style.width).toBe('120px');
    expect(box.style.position).toBe('absolute');
    expect(box.style.right).toBe('0px');
    // To its own button it stays open; anywhere else it closes.
    const button = box.querySelector('button')!;
    fireEvent.blur(input, { relatedTarget: button });
    expect(width()).toBe('240px');
    fireEvent.blur(button, { relatedTarget: screen.getByText('elsewhere') });
    expect(width()).toBe('120px');
  });
});
