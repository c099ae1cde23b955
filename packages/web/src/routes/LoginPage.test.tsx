// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SessionProvider } from '../auth/session';
import { I18nProvider } from '../i18n/i18n';
import LoginPage from './LoginPage';
import { installDomShims } from '../testing/dom';

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

const page = () =>
  render(
    <I18nProvider>
      <SessionProvider>
        <LoginPage />
      </SessionProvider>
    </I18nProvider>,
  );

describe('LoginPage', () => {
  it('shows the server’s message when the password is wrong, in Chinese by default', async () => {
    const fetchMock = vi.fn(() =>
      Promise.resolve(
        new Response(JSON.stringify({ error: { code: 'AUTH_INVALID_CREDENTIALS', message: '用户名或密码错误' } }), {
          status: 401,
          headers: { 'content-type': 'application/json' },
        }),
      ),
    );
    vi.stubGlobal('fetch', fetchMock);
    page();
    fireEvent.change(screen.getByLabelText('用户名'), { target: { value: 'kh.hub' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('用户名或密码错误'));
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/auth/login');
    expect(JSON.parse(init.body as string)).toEqual({ username: 'kh.hub', password: 'wrong' });
    expect((init.headers as Record<string, string>)['accept-language']).toBe('zh-CN');
  });

  it('asks for the fields before sending anything, and speaks English after the switch', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    page();
    fireEvent.click(screen.getByTestId('language-switch'));
    fireEvent.click(screen.getByRole('button', { name: 'Log in' }));
    await waitFor(() => expect(screen.getByText('Enter your username')).toBeTruthy());
    expect(screen.getByText('Enter your password')).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
    expect(localStorage.getItem('qisu.lang')).toBe('en-US');
  });
});
