// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { I18nProvider } from '../i18n/i18n';
import SubmitPage from './SubmitPage';
import type * as AttachmentsApi from '../api/attachments';
import { uploadAttachment } from '../api/attachments';
import { installJsdomShims } from './testing/jsdom';

vi.mock('../api/attachments', async (original) => ({
  ...(await original<typeof AttachmentsApi>()),
  uploadAttachment: vi.fn(),
}));
const upload = vi.mocked(uploadAttachment);

beforeAll(installJsdomShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  upload.mockReset();
  localStorage.clear();
});

const json = (status: number, body: unknown) =>
  Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));

const page = () =>
  render(
    <I18nProvider>
      <MemoryRouter initialEntries={['/m/new']}>
        <SubmitPage />
      </MemoryRouter>
    </I18nProvider>,
  );

const fill = async (files: File[]) => {
  fireEvent.change(screen.getByLabelText('诉求标题'), { target: { value: '厂区门前道路积水' } });
  fireEvent.change(screen.getByLabelText('具体情况'), {
    target: { value: '每逢下雨厂区门前道路积水严重，影响货车进出。' },
  });
  const input = document.querySelector('input[type=file]')!;
  fireEvent.change(input, { target: { files } });
  for (const f of files) await screen.findByText(f.name);
};

describe('SubmitPage', () => {
  it('files the case, names the attachment the server refused with its message, and retries only that one', async () => {
    const fetchMock = vi.fn(() =>
      json(201, { id: 'c0ffee00-0000-4000-8000-000000000001', number: 'KH-2026-000321', status: 'submitted' }),
    );
    vi.stubGlobal('fetch', fetchMock);
    upload.mockImplementation((_caseId, file) =>
      file.name === 'big.png'
        ? Promise.reject(new ApiError(413, 'ATTACHMENT_TOO_LARGE', '附件不能超过 10 MB'))
        : Promise.resolve({
            id: 'a1',
            caseId: 'c',
            name: file.name,
            size: file.size,
            mime: 'image/png',
            sha256: 'x',
            uploadedBy: { id: 'u', name: 'n' },
            sourceUrl: null,
            createdAt: '',
          }),
    );
    page();
    const ok = new File([new Uint8Array(20)], 'ok.png', { type: 'image/png' });
    const big = new File([new Uint8Array(30)], 'big.png', { type: 'image/png' });
    await fill([ok, big]);
    fireEvent.click(screen.getByRole('button', { name: /提交诉求/ }));

    await screen.findByText('诉求编号：KH-2026-000321');
    await screen.findByText('附件不能超过 10 MB');
    expect(screen.getByRole('alert').textContent).toContain('以下附件上传失败');
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/cases');
    expect(JSON.parse(init.body as string)).toEqual({
      title: '厂区门前道路积水',
      content: '每逢下雨厂区门前道路积水严重，影响货车进出。',
      kind: 'help',
    });
    expect(upload.mock.calls.map((c) => [c[0], c[1].name])).toEqual([
      ['c0ffee00-0000-4000-8000-000000000001', 'ok.png'],
      ['c0ffee00-0000-4000-8000-000000000001', 'big.png'],
    ]);

    upload.mockClear();
    upload.mockResolvedValue({
      id: 'a2',
      caseId: 'c',
      name: 'big.png',
      size: 30,
      mime: 'image/png',
      sha256: 'y',
      uploadedBy: { id: 'u', name: 'n' },
      sourceUrl: null,
      createdAt: '',
    });
    fireEvent.click(screen.getByRole('button', { name: '重新上传失败的附件' }));
    await waitFor(() => expect(screen.queryByText('附件不能超过 10 MB')).toBeNull());
    expect(upload.mock.calls.map((c) => c[1].name)).toEqual(['big.png']);
    expect(screen.queryByRole('button', { name: '重新上传失败的附件' })).toBeNull();
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('shows the server’s refusal on its field and uploads nothing when the case is not filed', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => json(400, { error: { code: 'VALIDATION_FAILED', message: '输入无效：title', field: 'title' } })),
    );
    page();
    await fill([new File([new Uint8Array(5)], 'a.png', { type: 'image/png' })]);
    fireEvent.click(screen.getByRole('button', { name: /提交诉求/ }));
    await screen.findByText('输入无效：title');
    expect(upload).not.toHaveBeenCalled();
    expect(screen.queryByText(/诉求编号/)).toBeNull();
  });

  it('asks for subject and details before sending anything', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    page();
    fireEvent.click(screen.getByRole('button', { name: /提交诉求/ }));
    await waitFor(() => expect(screen.getAllByText('必填')).toHaveLength(2));
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
