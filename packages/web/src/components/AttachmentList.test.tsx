// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { setToken } from '../api/client';
import type { Attachment } from '../api/models';
import { I18nProvider } from '../i18n/i18n';
import { AttachmentList } from './AttachmentList';
import { installDomShims } from '../testing/dom';

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

const attachment = (over: Partial<Attachment>): Attachment => ({
  id: 'a1',
  caseId: CASE_ID,
  name: '现场照片.png',
  size: 1536,
  mime: 'image/png',
  sha256: 'ab'.repeat(32),
  uploadedBy: { id: 'u1', name: '张经理' },
  sourceUrl: null,
  createdAt: '2026-11-02T01:00:00.000Z',
  ...over,
});

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A stand-in for XMLHttpRequest that answers every upload with the given status and body. */
function fakeXhr(status: number, body: unknown) {
  const sent: { url?: string; headers: Record<string, string>; body?: FormData } = { headers: {} };
  class FakeXhr {
    status = 0;
    statusText = '';
    responseText = '';
    upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = {
      onprogress: null,
    };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    open(_method: string, url: string) {
      sent.url = url;
    }
    setRequestHeader(name: string, value: string) {
      sent.headers[name] = value;
    }
    abort() {
      this.onabort?.();
    }
    send(form: FormData) {
      sent.body = form;
      setTimeout(() => {
        this.upload.onprogress?.({ lengthComputable: true, loaded: 5, total: 10 });
        this.status = status;
        this.responseText = JSON.stringify(body);
        this.onload?.();
      }, 0);
    }
  }
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  return sent;
}

const chooseFile = (file: File) => {
  const input = document.querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) throw new Error('no file input');
  fireEvent.change(input, { target: { files: [file] } });
};

describe('AttachmentList', () => {
  it('lists the case’s files with size, uploader and time, and downloads one with the token', async () => {
    const fetchMock = vi.fn((url: string) => {
      if (url.endsWith('/attachments')) {
        return Promise.resolve(
          json([
            attachment({}),
            attachment({ id: 'a2', name: '整改方案.pdf', size: 2_621_440, mime: 'application/pdf' }),
          ]),
        );
      }
      return Promise.resolve(new Response(new Blob(['%PDF']), { status: 200 }));
    });
    vi.stubGlobal('fetch', fetchMock);
    const createObjectURL = vi.fn(() => 'blob:test');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);

    render(
      <I18nProvider>
        <AttachmentList caseId={CASE_ID} canUpload={false} />
      </I18nProvider>,
    );
    expect(await screen.findByText('现场照片.png')).toBeTruthy();
    expect(screen.getByText('整改方案.pdf')).toBeTruthy();
    expect(screen.getByText('1.5 KB · 张经理 上传于 2026-11-02 09:00')).toBeTruthy();
    expect(screen.getByText(/^2\.5 MB/)).toBeTruthy();
    expect(screen.getByLabelText('PDF 文件')).toBeTruthy();
    expect(document.querySelector('input[type="file"]')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: '下载「整改方案.pdf」' }));
    await waitFor(() => expect(click).toHaveBeenCalled());
    const call = fetchMock.mock.calls.find(([u]) => u === '/api/v1/attachments/a2');
    expect(call).toBeDefined();
    const [url, init] = call as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/attachments/a2');
    expect((init.headers as Record<string, string>)['authorization']).toBe('Bearer test-token');
    expect(createObjectURL).toHaveBeenCalled();
  });

  it('shows the empty state, then the server’s 415 message when it refuses an upload', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(json([]))),
    );
    const sent = fakeXhr(415, {
      error: {
        code: 'ATTACHMENT_TYPE_NOT_ALLOWED',
        message: '不允许上传此类文件（检测到的类型：exe）',
        detectedType: 'exe',
      },
    });
    render(
      <I18nProvider>
        <AttachmentList caseId={CASE_ID} canUpload />
      </I18nProvider>,
    );
    expect(await screen.findByText('暂无附件')).toBeTruthy();
    chooseFile(new File([new Uint8Array([0x4d, 0x5a, 0x90, 0])], 'photo.png', { type: 'image/png' }));

    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toContain(
        '「photo.png」上传失败：不允许上传此类文件（检测到的类型：exe）',
      ),
    );
    expect(sent.url).toBe(`/api/v1/cases/${CASE_ID}/attachments`);
    expect(sent.headers['authorization']).toBe('Bearer test-token');
    expect(sent.headers['accept-language']).toBe('zh-CN');
    expect((sent.body?.get('file') as File).name).toBe('photo.png');
    expect(screen.getByText('暂无附件')).toBeTruthy();
  });

  it('adds an accepted upload to the list and tells the page', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(json([]))),
    );
    fakeXhr(201, attachment({ id: 'new', name: '说明.txt', size: 12, mime: 'text/plain; charset=utf-8' }));
    const onUploaded = vi.fn();
    render(
      <I18nProvider>
        <AttachmentList caseId={CASE_ID} canUpload onUploaded={onUploaded} />
      </I18nProvider>,
    );
    await screen.findByText('暂无附件');
    chooseFile(new File(['协办意见：同意'], '说明.txt', { type: 'text/plain' }));
    expect(await screen.findByTestId('attachment-new')).toBeTruthy();
    expect(screen.getByLabelText('纯文本')).toBeTruthy();
    expect(onUploaded).toHaveBeenCalledWith(expect.objectContaining({ id: 'new' }));
    expect(screen.getByRole('alert').textContent).toContain('已上传「说明.txt」');
    expect(screen.queryByText('暂无附件')).toBeNull();
  });

  it('refuses an oversized file before sending it, in English when chosen', async () => {
    localStorage.setItem('qisu.lang', 'en-US');
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(json([]))),
    );
    const xhr = vi.fn();
    vi.stubGlobal('XMLHttpRequest', xhr);
    render(
      <I18nProvider>
        <AttachmentList caseId={CASE_ID} canUpload maxBytes={1024} />
      </I18nProvider>,
    );
    await screen.findByText('No attachments yet');
    chooseFile(new File([new Uint8Array(2048)], 'scan.pdf', { type: 'application/pdf' }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toContain('“scan.pdf” is 2 KB, over the 1 KB limit per file'),
    );
    expect(xhr).not.toHaveBeenCalled();
  });

  it('shows an image as a thumbnail that opens large, and opens a PDF in a new tab', async () => {
    const fetchMock = vi.fn((url: string) => {
      if (url.endsWith('/attachments')) {
        return Promise.resolve(
          json([
            attachment({}),
            attachment({ id: 'a2', name: '整改方案.pdf', size: 2_621_440, mime: 'application/pdf' }),
          ]),
        );
      }
      return Promise.resolve(new Response(new Blob(['x']), { status: 200 }));
    });
    vi.stubGlobal('fetch', fetchMock);
    const createObjectURL = vi.fn(() => 'blob:thumb');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const tab = { location: { href: '' }, close: vi.fn() };
    const open = vi.spyOn(window, 'open').mockImplementation(() => tab as unknown as Window);

    render(
      <I18nProvider>
        <AttachmentList caseId={CASE_ID} canUpload={false} />
      </I18nProvider>,
    );
    const thumb = await screen.findByRole('button', { name: '预览「现场照片.png」' });
    await waitFor(() => expect(thumb.querySelector('img')?.getAttribute('src')).toBe('blob:thumb'));
    // Only the image is fetched for a thumbnail, with the token in a header, never in the URL.
    const fetched = fetchMock.mock.calls.map(([u]) => u).filter((u) => !u.endsWith('/attachments'));
    expect(fetched).toEqual(['/api/v1/attachments/a1']);

    fireEvent.click(thumb);
    const dialog = await screen.findByRole('dialog');
    expect(dialog.querySelector('img[alt="现场照片.png"]')?.getAttribute('src')).toBe('blob:thumb');

    fireEvent.click(screen.getByRole('button', { name: '预览「整改方案.pdf」' }));
    expect(open).toHaveBeenCalledWith('', '_blank');
    await waitFor(() => expect(tab.location.href).toBe('blob:thumb'));
    expect(fetchMock.mock.calls.some(([u]) => u === '/api/v1/attachments/a2')).toBe(true);
  });

  it('offers a retry when the list cannot be loaded', async () => {
    const fetchMock = vi
      .fn()
      .mockResolvedValueOnce(json({ error: { code: 'INTERNAL', message: '服务器内部错误，请稍后再试' } }, 500))
      .mockResolvedValueOnce(json([attachment({})]));
    vi.stubGlobal('fetch', fetchMock);
    render(
      <I18nProvider>
        <AttachmentList caseId={CASE_ID} canUpload={false} />
      </I18nProvider>,
    );
    expect(await screen.findByText('附件加载失败：服务器内部错误，请稍后再试')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /重\s*试/ }));
    expect(await screen.findByText('现场照片.png')).toBeTruthy();
  });
});
