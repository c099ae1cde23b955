// @vitest-environment jsdom
import { DURATION_PROBLEM } from '@qisu/core';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../i18n/i18n';
import { ProfileEditor } from './ProfileEditor';
import { installDomShims } from '../../testing/dom';

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

const BASELINE = [
  'code: ta', // 1
  'version: 2', // 2
  'name: 测试辖区', // 3
  'clocks:', // 4
  '  - milestone: screening', // 5
  '    duration: 1wd', // 6
  '    note: 通用值', // 7
  '  - milestone: resolve', // 8
  '    duration: 5wd', // 9
  '    note: 五个工作日', // 10
].join('\n');

const json = (status: number, body: unknown) =>
  Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));

const editor = (onSaved = vi.fn()) => {
  render(
    <I18nProvider>
      <App>
        <ProfileEditor baseline={BASELINE} basedOn={2} onSaved={onSaved} />
      </App>
    </I18nProvider>,
  );
  return screen.getByLabelText<HTMLTextAreaElement>('规则配置（YAML）');
};

describe('ProfileEditor', () => {
  it('shows the server’s 400 beside the line of the field, and a click puts the caret there', async () => {
    const fetchMock = vi.fn(() =>
      json(400, {
        error: {
          code: 'VALIDATION_FAILED',
          message: '输入无效：clocks.1.duration: duration must be …',
          field: 'clocks.1.duration',
          fields: [{ field: 'clocks.1.duration', problem: DURATION_PROBLEM }],
        },
      }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const onSaved = vi.fn();
    const area = editor(onSaved);
    const edited = BASELINE.replace('duration: 5wd', 'duration: 5 days');
    fireEvent.change(area, { target: { value: edited } });
    fireEvent.click(screen.getByRole('button', { name: '保存为新版本' }));

    const list = await screen.findByTestId('profile-problems');
    const item = within(list).getByRole('button');
    expect(item.textContent).toContain('第 9 行');
    expect(item.textContent).toContain('clocks.1.duration');
    // The server's English sentence, said in Chinese.
    expect(item.textContent).toContain('时限格式不正确');
    expect(item.textContent).not.toContain('duration must be');
    // The gutter marks line 9 and no other.
    const marked = screen.getByTestId('profile-gutter').querySelectorAll('[data-error="true"]');
    expect([...marked].map((n) => n.getAttribute('data-line'))).toEqual(['9']);

    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/profile');
    expect(init.method).toBe('PUT');
    const sent = JSON.parse(init.body as string) as { profile: { clocks: { duration: string }[] } };
    expect(sent.profile.clocks[1]!.duration).toBe('5 days');
    expect(onSaved).not.toHaveBeenCalled();

    fireEvent.click(item);
    expect(document.activeElement).toBe(area);
    const line9 = edited.split('\n')[8]!;
    expect(area.value.slice(area.selectionStart, area.selectionEnd)).toBe(line9);
  });

  it('keeps a problem on its key when lines are inserted above it', async () => {
    vi.stubGlobal('fetch', () =>
      json(200, { valid: false, problems: [{ field: 'clocks.0.duration', problem: 'bad duration' }] }),
    );
    const area = editor();
    fireEvent.click(screen.getByRole('button', { name: /^校\s*验$/ }));
    expect((await screen.findByTestId('profile-problems')).textContent).toContain('第 6 行');
    fireEvent.change(area, {
      target: { value: BASELINE.replace('name: 测试辖区', 'name: 测试辖区\nseed: x.txt\nnote: 说明') },
    });
    await waitFor(() => expect(screen.getByTestId('profile-problems').textContent).toContain('第 8 行'));
  });

  it('shows a YAML syntax error on its line without calling the server', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    const area = editor();
    fireEvent.change(area, { target: { value: BASELINE.replace('    duration: 1wd', '    duration: [1wd') } });
    const list = await screen.findByTestId('profile-problems');
    expect(list.textContent).toContain('YAML 语法错误');
    expect(list.textContent).toMatch(/第 [6-8] 行/);
    fireEvent.click(screen.getByRole('button', { name: /^校\s*验$/ }));
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('reports a valid document and stores it, passing the new version up', async () => {
    const fetchMock = vi.fn((url: string) =>
      url.endsWith('/validate') ? json(200, { valid: true, problems: [] }) : json(200, { code: 'ta', version: 3 }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const onSaved = vi.fn();
    const area = editor(onSaved);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: '保存为新版本' }).disabled).toBe(true);
    fireEvent.change(area, { target: { value: BASELINE.replace('测试辖区', '测试辖区（新）') } });
    fireEvent.change(screen.getByLabelText('修改说明'), { target: { value: '改名' } });
    fireEvent.click(screen.getByRole('button', { name: /^校\s*验$/ }));
    expect(await screen.findByText('校验通过，可以保存')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '保存为新版本' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith({ code: 'ta', version: 3 }));
    // The check numbers the version as saving will: the one after the version edited.
    const [, check] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(JSON.parse(check.body as string)).toMatchObject({ name: '测试辖区（新）', version: 3 });
    const [, init] = fetchMock.mock.calls[1] as unknown as [string, RequestInit];
    expect(JSON.parse(init.body as string)).toMatchObject({ profile: { name: '测试辖区（新）' }, note: '改名' });
  });

  it('asks before a link takes the admin away from unsaved changes', () => {
    vi.stubGlobal('fetch', vi.fn());
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    const area = editor();
    const link = document.createElement('a');
    link.href = '/cases';
    link.textContent = 'cases';
    document.body.appendChild(link);
    // Stands in for the router's handler: it sees the clicks the guard lets through (and stops jsdom navigating).
    let reached = 0;
    const router = (event: MouseEvent) => {
      reached++;
      event.preventDefault();
    };
    document.addEventListener('click', router);
    const click = () => link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 }));

    click();
    expect(reached).toBe(1);
    expect(confirm).not.toHaveBeenCalled();

    fireEvent.change(area, { target: { value: `${BASELINE}\n# 修改` } });
    click();
    expect(confirm).toHaveBeenCalledWith('规则配置有未保存的修改，确定离开吗？');
    expect(reached).toBe(1);

    confirm.mockReturnValue(true);
    click();
    expect(reached).toBe(2);
    document.removeEventListener('click', router);
    link.remove();
  });
});
