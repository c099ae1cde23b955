// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../i18n/i18n';
import { installDomShims } from '../../testing/dom';
import { FormsMenu, formQuery } from './FormsMenu';

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe('FormsMenu', () => {
  it('asks for the cases received from the first day to the day after the last', () => {
    expect(formQuery({ from: '2026-11-01', to: '2026-11-30' })).toBe('from=2026-11-01&to=2026-12-01');
    expect(formQuery({ from: '2026-12-01', to: '2026-12-31' })).toBe('from=2026-12-01&to=2027-01-01');
  });

  it('downloads the chosen form of seed 003 for the period, or says why the server refused', async () => {
    const fetchMock = vi.fn((url: string) =>
      Promise.resolve(
        url.includes('satisfaction')
          ? new Response(new Blob(['xlsx']), {
              headers: { 'content-disposition': "attachment; filename*=UTF-8''%E6%BB%A1%E6%84%8F.xlsx" },
            })
          : new Response(JSON.stringify({ error: { code: 'EXPORT_TOO_LARGE', message: '超过单次导出上限' } }), {
              status: 400,
            }),
      ),
    );
    vi.stubGlobal('fetch', fetchMock);
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() }));
    render(
      <I18nProvider>
        <App>
          <FormsMenu range={{ from: '2026-11-01', to: '2026-11-30' }} />
        </App>
      </I18nProvider>,
    );
    fireEvent.click(screen.getByTestId('forms-menu'));
    fireEvent.click(await screen.findByText('附件5 满意度评价表'));
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/v1/exports/satisfaction.xlsx?from=2026-11-01&to=2026-12-01');
    await screen.findByText(/满意\.xlsx/);

    fireEvent.click(screen.getByTestId('forms-menu'));
    fireEvent.click(await screen.findByText('附件2 问题台账'));
    await screen.findByText(/超过单次导出上限/);
  });
});
