// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter, useLocation } from 'react-router-dom';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setToken } from '../api/client';
import { SessionProvider } from '../auth/session';
import { I18nProvider } from '../i18n/i18n';
import MobileApp from './MobileApp';
import { installJsdomShims } from './testing/jsdom';

beforeAll(installJsdomShims);
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  setToken(null);
  localStorage.clear();
});

function Where() {
  const location = useLocation();
  return <output data-testid="where">{location.pathname + location.search}</output>;
}

const app = (path = '/m/login') =>
  render(
    <I18nProvider>
      <AntApp>
        <MemoryRouter initialEntries={[path]}>
          <SessionProvider>
            <MobileApp />
            <Where />
          </SessionProvider>
        </MemoryRouter>
      </AntApp>
    </I18nProvider>,
  );

const reply = (body: unknown, status = 200) =>
  Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));

/** Opens the SMS tab and types a mobile. */
async function smsTab(mobile: string) {
  fireEvent.click(await screen.findByRole('tab', { name: '短信验证码登录' }));
  fireEvent.change(await screen.findByLabelText('手机号'), { target: { value: mobile } });
}

describe('the phone login by SMS code', () => {
  it('asks for a code, counts 60 seconds down before the next, and signs in with the code', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const fetchMock = vi.fn((url: string) => {
      if (url === '/api/v1/auth/sms-code') return reply({ resendAfterSeconds: 60, expiresInSeconds: 300 }, 202);
      if (url === '/api/v1/auth/sms-login') {
        return reply({
          token: 't-sms',
          expiresAt: '2099-01-01T00:00:00Z',
          user: { id: 'u1', username: 'kh.ent1', name: '企业联系人', roles: ['enterprise'], jurisdiction: 'kh' },
        });
      }
      return reply({ items: [], total: 0, page: 1, pageSize: 10 });
    });
    vi.stubGlobal('fetch', fetchMock);
    app('/m/login?next=%2Fm');
    await smsTab('170 0000 2001');
    fireEvent.click(screen.getByRole('button', { name: '获取验证码' }));
    const waiting = await screen.findByRole('button', { name: '60 秒后重新获取' });
    expect(waiting).toHaveProperty('disabled', true);
    expect(await screen.findByText(/验证码已发送，5 分钟内有效/)).toBeTruthy();
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(JSON.parse(init.body as string)).toEqual({ mobile: '17000002001' });

    await act(async () => {
      await vi.advanceTimersByTimeAsync(15_000);
    });
    expect(screen.getByRole('button', { name: '45 秒后重新获取' })).toHaveProperty('disabled', true);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(45_000);
    });
    expect(screen.getByRole('button', { name: '获取验证码' })).toHaveProperty('disabled', false);

    fireEvent.change(screen.getByLabelText('验证码'), { target: { value: '042917' } });
    fireEvent.click(screen.getByRole('button', { name: /^登\s*录$/ }));
    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe('/m'));
    const login = fetchMock.mock.calls.find(([url]) => url === '/api/v1/auth/sms-login') as unknown as [
      string,
      RequestInit,
    ];
    expect(JSON.parse(login[1].body as string)).toEqual({ mobile: '17000002001', code: '042917' });
  });

  it('shows the server’s refusal of a wrong code and of a locked mobile, and stays on the page', async () => {
    const refusals = [
      { code: 'AUTH_SMS_CODE_INVALID', message: '验证码错误或已失效，请重新获取' },
      { code: 'AUTH_SMS_CODE_LOCKED', message: '验证码错误次数过多，该手机号已锁定，请 15 分钟后再试' },
    ];
    const fetchMock = vi.fn((url: string) => {
      if (url !== '/api/v1/auth/sms-login') return reply({ resendAfterSeconds: 60, expiresInSeconds: 300 }, 202);
      const status = refusals.length === 2 ? 401 : 429;
      return reply({ error: refusals.shift() }, status);
    });
    vi.stubGlobal('fetch', fetchMock);
    app();
    await smsTab('17000002001');
    fireEvent.change(screen.getByLabelText('验证码'), { target: { value: '111111' } });
    fireEvent.click(screen.getByRole('button', { name: /^登\s*录$/ }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('验证码错误或已失效'));
    fireEvent.click(screen.getByRole('button', { name: /^登\s*录$/ }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('该手机号已锁定'));
    expect(screen.getByTestId('where').textContent).toBe('/m/login');
  });

  it('refuses a number that is not a mobile before asking the server, and says why in English too', async () => {
    localStorage.setItem('qisu.lang', 'en-US');
    const fetchMock = vi.fn(() => reply({}));
    vi.stubGlobal('fetch', fetchMock);
    app();
    fireEvent.click(await screen.findByRole('tab', { name: 'SMS code' }));
    fireEvent.change(await screen.findByLabelText('Mobile number'), { target: { value: '12345' } });
    fireEvent.click(screen.getByRole('button', { name: 'Get code' }));
    expect(await screen.findByText('Enter a valid 11-digit mobile number')).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows how long to wait when codes are asked for too often', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() =>
        reply({ error: { code: 'AUTH_SMS_CODE_TOO_OFTEN', message: '获取验证码过于频繁，请 40 秒后再试' } }, 429),
      ),
    );
    app();
    await smsTab('17000002001');
    fireEvent.click(screen.getByRole('button', { name: '获取验证码' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('请 40 秒后再试'));
    expect(screen.getByRole('button', { name: '获取验证码' })).toHaveProperty('disabled', false);
  });
});
