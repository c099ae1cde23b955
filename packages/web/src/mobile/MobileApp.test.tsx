// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
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
  vi.unstubAllGlobals();
  setToken(null);
  localStorage.clear();
});

function Where() {
  const location = useLocation();
  return <output data-testid="where">{location.pathname + location.search}</output>;
}

const app = (path: string) =>
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

describe('MobileApp', () => {
  it('sends a signed-out visitor of the submit page to the mobile login, and back after it', async () => {
    const fetchMock = vi.fn((url: string) => {
      if (url === '/api/v1/auth/login') {
        return reply({
          token: 't1',
          user: { id: 'u1', username: 'kh.ent2', name: '企业联系人', roles: ['enterprise'], jurisdiction: 'kh' },
        });
      }
      if (url === '/api/v1/categories') return reply([]);
      return reply({ error: { code: 'NOT_FOUND', message: '资源不存在' } }, 404);
    });
    vi.stubGlobal('fetch', fetchMock);
    app('/m/new');
    await screen.findByText('企业登录');
    expect(screen.getByTestId('where').textContent).toBe('/m/login?next=%2Fm%2Fnew');
    fireEvent.change(screen.getByLabelText('用户名'), { target: { value: ' kh.ent2 ' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'Qisu@2026' } });
    fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    await screen.findByLabelText('诉求标题');
    expect(screen.getByTestId('where').textContent).toBe('/m/new');
    expect(screen.queryByText(/工作人员账号/)).toBeNull();
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(JSON.parse(init.body as string)).toEqual({ username: 'kh.ent2', password: 'Qisu@2026' });
  });

  it('never follows a next= that leaves the mobile area', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn((url: string) =>
        url === '/api/v1/auth/login'
          ? reply({
              token: 't2',
              user: { id: 'u2', username: 'kh.ent1', name: 'x', roles: ['enterprise'], jurisdiction: 'kh' },
            })
          : reply({ items: [], total: 0, page: 1, pageSize: 10 }),
      ),
    );
    app('/m/login?next=%2F%2Fevil.example%2Fm');
    fireEvent.change(await screen.findByLabelText('用户名'), { target: { value: 'kh.ent1' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'Qisu@2026' } });
    fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    await screen.findByText('您还没有提交过诉求');
    expect(screen.getByTestId('where').textContent).toBe('/m');
  });

  it('lets a staff account go on, telling it these are the enterprise’s pages and linking the console', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn((url: string) =>
        url === '/api/v1/auth/login'
          ? reply({
              token: 't3',
              user: { id: 'u3', username: 'kh.hub', name: '营商办', roles: ['hub'], jurisdiction: 'kh' },
            })
          : reply({ items: [], total: 0, page: 1, pageSize: 10 }),
      ),
    );
    app('/m/login');
    fireEvent.change(await screen.findByLabelText('用户名'), { target: { value: 'kh.hub' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'Qisu@2026' } });
    fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    await screen.findByText(/您使用的是工作人员账号/);
    expect(screen.getByRole('link', { name: '进入工作台' }).getAttribute('href')).toBe('/');
    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe('/m'));
  });

  it('shows the server’s message when the login is refused', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => reply({ error: { code: 'AUTH_INVALID_CREDENTIALS', message: '用户名或密码错误' } }, 401)),
    );
    app('/m/login');
    fireEvent.change(await screen.findByLabelText('用户名'), { target: { value: 'kh.ent1' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('用户名或密码错误'));
    expect(screen.getByTestId('where').textContent).toBe('/m/login');
  });
});
