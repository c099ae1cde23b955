// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setToken } from '../api/client';
import type { AttachmentLink } from '../api/models';
import { installDomShims, jsonResponse, renderPage } from '../testing/dom';
import { AttachmentLinks, linkName } from './AttachmentLinks';

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setToken(null);
});

const CASE = '11111111-1111-4111-8111-111111111111';

function serve(links: AttachmentLink[]) {
  const fetchMock = vi.fn((url: string) => {
    if (url.startsWith('/api/v1/auth/me')) return jsonResponse({ id: 'u1', name: '营商办专员', roles: ['hub'] });
    if (url === `/api/v1/cases/${CASE}/attachment-links`) return jsonResponse(links);
    return jsonResponse({ error: { code: 'NOT_FOUND', message: '资源不存在' } }, 404);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const link = (over: Partial<AttachmentLink>): AttachmentLink => ({
  id: 1,
  sourceName: '12345 热线',
  url: 'https://files.example.cn/wo/2026/%E7%8E%B0%E5%9C%BA.jpg?token=abc',
  name: null,
  status: 'pending',
  attempts: 0,
  nextAttemptAt: '2026-11-02T01:05:00.000Z',
  failure: null,
  detail: null,
  receivedAt: '2026-11-02T01:00:00.000Z',
  ...over,
});

describe('AttachmentLinks', () => {
  it('names a link by the platform’s name, else by the last segment of its path', () => {
    expect(linkName(link({ name: '现场照片.png' }))).toBe('现场照片.png');
    expect(linkName(link({}))).toBe('现场.jpg');
    expect(linkName(link({ url: 'not a url' }))).toBe('not a url');
  });

  it('shows a waiting link with its tries and next time, and a given-up one with the reason in words', async () => {
    serve([
      link({ id: 1, attempts: 2, failure: 'http_error', detail: 'HTTP 503' }),
      link({
        id: 2,
        name: '营业执照.pdf',
        status: 'failed',
        attempts: 1,
        nextAttemptAt: null,
        failure: 'too_large',
      }),
    ]);
    renderPage(<AttachmentLinks caseId={CASE} />);
    await screen.findByText('其他平台发来、尚未取回的附件');
    const rows = screen.getAllByTestId('attachment-link');
    expect(rows).toHaveLength(2);
    expect(rows[0]?.textContent).toContain('等待获取');
    expect(rows[0]?.textContent).toContain('现场.jpg');
    expect(rows[0]?.textContent).toContain('来自「12345 热线」，2026-11-02 09:00 收到');
    expect(rows[0]?.textContent).toContain('已尝试 2 次，下次 2026-11-02 09:05');
    expect(rows[0]?.textContent).toContain('原因：对方服务器返回错误（HTTP 503）');
    expect(rows[1]?.textContent).toContain('已放弃');
    expect(rows[1]?.textContent).toContain('营业执照.pdf');
    expect(rows[1]?.textContent).toContain('原因：文件超过附件大小上限');
    expect(rows[1]?.textContent).not.toContain('下次');
    const anchor = screen.getByRole('link', { name: /营业执照\.pdf/ });
    expect(anchor.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('shows nothing when every link has become an attachment', async () => {
    const fetchMock = serve([]);
    const { container } = renderPage(<AttachmentLinks caseId={CASE} />);
    await vi.waitFor(() =>
      expect(fetchMock.mock.calls.some(([url]) => String(url).endsWith('/attachment-links'))).toBe(true),
    );
    expect(container.querySelector('[data-testid="attachment-links"]')).toBeNull();
  });
});
