// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { setToken } from '../../api/client';
import { I18nProvider } from '../../i18n/i18n';
import { installDomShims } from '../../testing/dom';
import { FallbackAction } from './FallbackAction';

beforeAll(installDomShims);
beforeEach(() => setToken('test-token'));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  localStorage.clear();
  setToken(null);
});

const CASE_ID = '11111111-2222-4333-8444-555555555555';
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('转兜底办 at the screening desk', () => {
  it('sends the case to the fallback office with the complexity chosen in the pop-up', async () => {
    const fetch = vi.fn((_url: string, _init?: RequestInit) => Promise.resolve(json({ id: CASE_ID })));
    vi.stubGlobal('fetch', fetch);
    const onDone = vi.fn();
    render(
      <I18nProvider>
        <App>
          <FallbackAction
            caseId={CASE_ID}
            unit={{ id: 'u-fallback', name: '兜底办' }}
            complexity="general"
            onDone={onDone}
          />
        </App>
      </I18nProvider>,
    );
    fireEvent.click(screen.getByTestId('screen-fallback'));
    fireEvent.click(await screen.findByText('复杂'));
    fireEvent.click(screen.getAllByRole('button', { name: /转兜底办/ }).at(-1)!);
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe(`/api/v1/cases/${CASE_ID}/fallback`);
    expect(JSON.parse(init?.body as string)).toEqual({ complexity: 'complex' });
  });
});
