import { render } from '@testing-library/react';
import { App } from 'antd';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { setToken } from '../api/client';
import { SessionProvider } from '../auth/session';
import { I18nProvider } from '../i18n/i18n';

/**
 * What antd reads that jsdom lacks: media queries, ResizeObserver, and getComputedStyle with a
 * pseudo-element (jsdom's throws). Safe to call more than once.
 */
export function installDomShims(): void {
  window.matchMedia ??= ((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  })) as unknown as typeof window.matchMedia;
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
  const computed = window.getComputedStyle.bind(window);
  window.getComputedStyle = (element: Element) => computed(element);
}

/** A JSON answer of the API, as `fetch` resolves it. */
export function jsonResponse(body: unknown, status = 200): Promise<Response> {
  return Promise.resolve(
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
  );
}

/** Renders a console page the way the app frames it: languages, antd's App, a session and a router at `path`. */
export function renderPage(page: ReactElement, path = '/') {
  setToken('test-token');
  return render(
    <I18nProvider>
      <App>
        <SessionProvider>
          <MemoryRouter initialEntries={[path]}>{page}</MemoryRouter>
        </SessionProvider>
      </App>
    </I18nProvider>,
  );
}
