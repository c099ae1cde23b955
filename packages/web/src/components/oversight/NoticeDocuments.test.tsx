// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setToken } from '../../api/client';
import { installDomShims, jsonResponse, renderPage } from '../../testing/dom';
import { NoticeDocuments } from './NoticeDocuments';

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setToken(null);
});

const KEPT = [
  {
    id: 'd1',
    kind: 'notice',
    period: '2026-10',
    fileName: '峄城区企业诉求办理情况通报-2026-10.docx',
    generatedBy: '定时生成',
    scheduled: true,
    generatedAt: '2026-11-01T01:00:00.000Z',
  },
];

describe('NoticeDocuments', () => {
  it('lists the kept notices with their kind and who generated them, and generates the month’s notice on demand', async () => {
    let list = KEPT;
    const fetchMock = vi.fn((url: string, init?: RequestInit) => {
      if (url === '/api/v1/reports/documents' && init?.method === 'POST') {
        const made = { ...KEPT[0]!, id: 'd2', period: '2026-11', generatedBy: '分管领导', scheduled: false };
        list = [made, ...KEPT];
        return jsonResponse(made, 201);
      }
      if (url === '/api/v1/reports/documents') return jsonResponse(list);
      return jsonResponse({ error: { code: 'UNAUTHENTICATED', message: '请先登录' } }, 401);
    });
    vi.stubGlobal('fetch', fetchMock);
    renderPage(<NoticeDocuments range={{ from: '2026-11-01', to: '2026-11-30' }} />);
    const card = await screen.findByTestId('notice-documents');
    const scheduled = (await within(card).findByText('峄城区企业诉求办理情况通报-2026-10.docx')).closest('tr')!;
    expect(within(scheduled).getByText('定时生成')).toBeTruthy();

    fireEvent.click(within(card).getByText('生成并保存2026年11月通报'));
    await waitFor(() => {
      const post = fetchMock.mock.calls.find(([, init]) => init?.method === 'POST');
      expect(JSON.parse(post?.[1]?.body as string)).toEqual({ kind: 'notice', period: '2026-11' });
    });
    expect(await within(card).findByText('分管领导')).toBeTruthy();
    expect(within(scheduled).getByText('通报')).toBeTruthy();
  });

  it('generates the service report of the quarter shown and names its kind in the list', async () => {
    let list = KEPT;
    const fetchMock = vi.fn((url: string, init?: RequestInit) => {
      if (url === '/api/v1/reports/documents' && init?.method === 'POST') {
        const made = {
          ...KEPT[0]!,
          id: 'd3',
          kind: 'service-report',
          period: '2026-Q4',
          fileName: '开化县服务企业报告-2026-Q4.docx',
          generatedBy: '周敏',
          scheduled: false,
        };
        list = [made, ...KEPT];
        return jsonResponse(made, 201);
      }
      if (url === '/api/v1/reports/documents') return jsonResponse(list);
      return jsonResponse({ error: { code: 'UNAUTHENTICATED', message: '请先登录' } }, 401);
    });
    vi.stubGlobal('fetch', fetchMock);
    renderPage(<NoticeDocuments range={{ from: '2026-11-01', to: '2026-11-30' }} />);
    const card = await screen.findByTestId('notice-documents');
    fireEvent.click(within(card).getByText('生成并保存2026年第四季度服务企业报告'));
    await waitFor(() => {
      const post = fetchMock.mock.calls.find(([, init]) => init?.method === 'POST');
      expect(JSON.parse(post?.[1]?.body as string)).toEqual({ kind: 'service-report', period: '2026-Q4' });
    });
    const row = (await within(card).findByText('开化县服务企业报告-2026-Q4.docx')).closest('tr')!;
    expect(within(row).getByText('服务企业报告')).toBeTruthy();
  });
});
