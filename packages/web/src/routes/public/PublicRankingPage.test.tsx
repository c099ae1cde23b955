// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setToken } from '../../api/client';
import { installDomShims, jsonResponse, renderPage } from '../../testing/dom';
import PublicRankingPage from './PublicRankingPage';

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setToken(null);
});

const RANKING = {
  jurisdiction: { code: 'kh', name: '开化县' },
  period: { code: '2026-11', from: '2026-11-01', to: '2026-12-01', label: { zh: '2026年11月', en: '2026-11' } },
  rule: {
    method: 'weighted',
    measures: [
      { kpi: 'onTimeRate', weight: 40 },
      { kpi: 'satisfactionRate', weight: 40 },
    ],
  },
  rows: [
    {
      name: '华埠镇',
      rank: 1,
      tied: false,
      list: 'red',
      received: 4,
      closed: 4,
      closeRate: 1,
      onTimeRate: 1,
      solveRate: 0.75,
      satisfactionRate: 1,
    },
    {
      name: '开化县市场监督管理局',
      rank: 2,
      tied: false,
      list: 'black',
      received: 5,
      closed: 2,
      closeRate: 0.4,
      onTimeRate: 0.5,
      solveRate: null,
      satisfactionRate: 0.5,
    },
  ],
};

function serve(found: boolean) {
  const fetchMock = vi.fn((url: string) => {
    if (url === '/api/v1/public/jurisdictions/kh/ranking') {
      return found ? jsonResponse(RANKING) : jsonResponse({ error: { code: 'NOT_FOUND', message: '资源不存在' } }, 404);
    }
    return jsonResponse({ error: { code: 'UNAUTHENTICATED', message: '请先登录' } }, 401);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const page = (
  <Routes>
    <Route path="/p/:code" element={<PublicRankingPage />} />
  </Routes>
);

describe('PublicRankingPage', () => {
  it('shows the units’ ranking of the last period with their lists and rates, to anyone', async () => {
    serve(true);
    renderPage(page, '/p/kh');
    expect(await screen.findByText('开化县营商环境晾晒')).toBeTruthy();
    expect(screen.getByText('2026年11月承办单位办理情况')).toBeTruthy();
    expect(screen.getByText(/按按时办结率、满意率排名/)).toBeTruthy();
    const best = screen.getByText('华埠镇').closest('tr')!;
    expect(within(best).getByText('红榜')).toBeTruthy();
    expect(within(best).getByText('75.0%')).toBeTruthy();
    const worst = screen.getByText('开化县市场监督管理局').closest('tr')!;
    expect(within(worst).getByText('黑榜')).toBeTruthy();
    expect(within(worst).getByText('40.0%')).toBeTruthy();
    expect(within(worst).getByText('—')).toBeTruthy();
  });

  it('says so where the jurisdiction publishes nothing', async () => {
    serve(false);
    renderPage(page, '/p/kh');
    expect(await screen.findByText('本辖区未公开晾晒页，或辖区代码有误。')).toBeTruthy();
  });
});
