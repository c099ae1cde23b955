// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setToken } from '../../api/client';
import { installDomShims, jsonResponse, renderPage } from '../../testing/dom';
import { ExportButton } from './ExportButton';

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setToken(null);
});

function serve(exportAnswer: () => Promise<Response>) {
  const fetchMock = vi.fn((url: string, _init?: RequestInit) => {
    if (url.startsWith('/api/v1/auth/me')) return jsonResponse({ id: 'u1', name: '营商办专员', roles: ['hub'] });
    if (url.startsWith('/api/v1/cases/export.xlsx')) return exportAnswer();
    return jsonResponse({ error: { code: 'NOT_FOUND', message: '资源不存在' } }, 404);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

describe('ExportButton', () => {
  it('downloads the list with its filters and the token, under the server’s file name', async () => {
    const bytes = new Uint8Array([80, 75, 3, 4, 1, 2, 3]);
    const fetchMock = serve(() =>
      Promise.resolve(
        new Response(bytes, {
          status: 200,
          headers: {
            'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            'content-length': String(bytes.byteLength),
            'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent('诉求清单-2026-12-03.xlsx')}`,
          },
        }),
      ),
    );
    const createObjectURL = vi.fn((_blob: Blob) => 'blob:test');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);

    renderPage(<ExportButton query="status=redo&sort=due" />);
    fireEvent.click(screen.getByRole('button', { name: /导出 Excel/ }));
    await screen.findByText('已导出 诉求清单-2026-12-03.xlsx');

    const call = fetchMock.mock.calls.find(([url]) => url.startsWith('/api/v1/cases/export.xlsx'))!;
    expect(call[0]).toBe('/api/v1/cases/export.xlsx?status=redo&sort=due');
    expect((call[1]?.headers as Record<string, string>)['authorization']).toBe('Bearer test-token');
    expect(createObjectURL).toHaveBeenCalledOnce();
    expect(createObjectURL.mock.calls[0]![0].size).toBe(bytes.byteLength);
    const link = click.mock.instances[0] as unknown as HTMLAnchorElement;
    expect(link.download).toBe('诉求清单-2026-12-03.xlsx');
    click.mockRestore();
  });

  it('says why the server refused, e.g. too many rows', async () => {
    serve(() =>
      jsonResponse({ error: { code: 'EXPORT_TOO_LARGE', message: '导出行数超过 20000 行，请缩小筛选范围' } }, 400),
    );
    renderPage(<ExportButton query="" />);
    fireEvent.click(screen.getByRole('button', { name: /导出 Excel/ }));
    await screen.findByText('导出失败：导出行数超过 20000 行，请缩小筛选范围');
    await waitFor(() => expect(screen.getByRole('button', { name: /导出 Excel/ })).toBeTruthy());
  });
});
