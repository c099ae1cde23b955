// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../i18n/i18n';
import { NoticeImport } from './NoticeImport';
import { installDomShims } from '../../testing/dom';

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

const dialog = (onImported = vi.fn()) =>
  render(
    <I18nProvider>
      <App>
        <NoticeImport open defaultYear={2027} onClose={vi.fn()} onImported={onImported} />
      </App>
    </I18nProvider>,
  );

const importButton = () => screen.getByRole<HTMLButtonElement>('button', { name: /^导\s*入$/ });

describe('NoticeImport', () => {
  it('sends the typed notice as the days of the year, and reports the count', async () => {
    const fetchMock = vi.fn(() =>
      Promise.resolve(
        new Response(JSON.stringify({ year: 2027, days: 4 }), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        }),
      ),
    );
    vi.stubGlobal('fetch', fetchMock);
    const onImported = vi.fn();
    dialog(onImported);
    expect(importButton().disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('放假与调休安排'), {
      target: { value: '2027-01-01 休 元旦\n2027-02-06~2027-02-07 休 春节\n2027-02-14 班 春节调休' },
    });
    expect(screen.getByText('共 3 天休息、1 天调休上班')).toBeTruthy();
    fireEvent.click(importButton());
    await waitFor(() => expect(onImported).toHaveBeenCalledWith(2027));
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/calendar/notices/2027');
    expect(init.method).toBe('PUT');
    expect(JSON.parse(init.body as string)).toEqual({
      days: [
        { date: '2027-01-01', working: false, name: '元旦' },
        { date: '2027-02-06', working: false, name: '春节' },
        { date: '2027-02-07', working: false, name: '春节' },
        { date: '2027-02-14', working: true, name: '春节调休' },
      ],
    });
  });

  it('names the bad lines and sends nothing while there are any', () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    dialog();
    fireEvent.change(screen.getByLabelText('放假与调休安排'), {
      target: { value: '2027-01-01 休 元旦\n2028-01-01 休 元旦' },
    });
    expect(screen.getByText('第 2 行：日期不在 2027 年')).toBeTruthy();
    expect(importButton().disabled).toBe(true);
    fireEvent.click(importButton());
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
