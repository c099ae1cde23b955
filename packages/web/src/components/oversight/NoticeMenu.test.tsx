// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../i18n/i18n';
import { installDomShims } from '../../testing/dom';
import { NoticeMenu } from './NoticeMenu';

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe('NoticeMenu', () => {
  it('offers the notice and the service report of the month, quarter, half-year and year of the period shown, and downloads the one chosen', async () => {
    const fetchMock = vi.fn(() =>
      Promise.resolve(
        new Response(new Blob(['docx']), {
          headers: { 'content-disposition': "attachment; filename*=UTF-8''%E9%80%9A%E6%8A%A5.docx" },
        }),
      ),
    );
    vi.stubGlobal('fetch', fetchMock);
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() }));
    render(
      <I18nProvider>
        <App>
          <NoticeMenu range={{ from: '2026-11-01', to: '2026-11-30' }} />
        </App>
      </I18nProvider>,
    );
    fireEvent.click(screen.getByTestId('notice-menu'));
    for (const label of ['2026年11月通报（Word）', '2026年第四季度通报（Word）', '2026年下半年通报（Word）'])
      expect(await screen.findByText(label)).toBeTruthy();
    fireEvent.click(await screen.findByText('2026年度通报（Word）'));
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    expect((fetchMock.mock.calls[0] as unknown as [string])[0]).toBe('/api/v1/reports/monthly-notice.docx?period=2026');

    fireEvent.click(screen.getByTestId('notice-menu'));
    fireEvent.click(await screen.findByText('2026年11月通报（Word）'));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
    expect((fetchMock.mock.calls[1] as unknown as [string])[0]).toBe(
      '/api/v1/reports/monthly-notice.docx?month=2026-11',
    );
    await screen.findByText(/通报\.docx/);

    // 服务企业报告 of the quarter shown (seed 001).
    fireEvent.click(screen.getByTestId('notice-menu'));
    expect(await screen.findByText('服务企业报告（供党委政府决策参考）')).toBeTruthy();
    fireEvent.click(await screen.findByText('2026年第四季度服务企业报告（Word）'));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(3));
    expect((fetchMock.mock.calls[2] as unknown as [string])[0]).toBe(
      '/api/v1/reports/service-report.docx?period=2026-Q4',
    );
  });
});
