// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setToken } from '../../api/client';
import type { ModelsOverview } from '../../lib/screening';
import { installDomShims, jsonResponse, renderPage } from '../../testing/dom';
import TriageModelsPage from './TriageModelsPage';

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
  setToken(null);
});

const shared = {
  id: 'm1',
  version: 3,
  scope: 'all' as const,
  labels: ['用工', '用电', '融资'],
  examples: 280,
  quality: { accuracy: 0.812, macroF1: 0.771, method: '5-fold cross-validation' },
  active: true,
  serving: true,
  createdAt: '2026-11-01T02:00:00.000Z',
};

function serve(roles: string[], stages: ModelsOverview[]) {
  let stage = 0;
  const fetchMock = vi.fn((url: string, init?: RequestInit) => {
    if (url.startsWith('/api/v1/auth/me')) return jsonResponse({ id: 'me', name: '管理员', roles, jurisdiction: 'ta' });
    if (url === '/api/v1/triage/models' && init?.method === 'POST') {
      stage = 1;
      return jsonResponse(stages[1]?.retraining, 202);
    }
    if (url === '/api/v1/triage/models') {
      const answer = stages[Math.min(stage, stages.length - 1)];
      if (stage === 1) stage = 2;
      return jsonResponse(answer);
    }
    return jsonResponse({ error: { code: 'NOT_FOUND', message: '资源不存在' } }, 404);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

describe('TriageModelsPage', () => {
  it('lists the versions with their quality and follows a retraining until the new version serves', async () => {
    const started = {
      startedAt: '2026-11-10T02:00:00.000Z',
      finishedAt: null,
      examples: 64,
      version: null,
      error: null,
    };
    const fetchMock = serve(
      ['admin'],
      [
        { models: [shared], retraining: null },
        { models: [shared], retraining: started },
        {
          models: [
            { ...shared, id: 'm2', version: 1, scope: 'jurisdiction', examples: 64, quality: null },
            { ...shared, serving: false },
          ],
          retraining: { ...started, finishedAt: '2026-11-10T02:00:05.000Z', version: 1 },
        },
      ],
    );
    renderPage(<TriageModelsPage />, '/admin/triage');
    const row = (await screen.findByText('v3')).closest('tr')!;
    expect(within(row).getByText('当前生效')).toBeTruthy();
    expect(within(row).getByText('77.1%')).toBeTruthy();
    expect(within(row).getByText('通用（各辖区）')).toBeTruthy();

    fireEvent.click(screen.getByTestId('retrain'));
    await waitFor(() =>
      expect(fetchMock.mock.calls.some(([u, init]) => u === '/api/v1/triage/models' && init?.method === 'POST')).toBe(
        true,
      ),
    );
    // The page asks again until the retraining has finished; then the new version serves.
    await waitFor(() => expect(screen.getByTestId('retraining').textContent).toContain('训练完成：第 1 版'), {
      timeout: 8000,
    });
    const own = screen.getByText('v1').closest('tr')!;
    expect(within(own).getByText('当前生效')).toBeTruthy();
    expect(within(own).getByText('本辖区')).toBeTruthy();
    expect(within(own).getAllByText('样本不足未测')).toHaveLength(2);
  }, 15_000);

  it('offers no retraining to the hub', async () => {
    serve(['hub'], [{ models: [shared], retraining: null }]);
    renderPage(<TriageModelsPage />, '/admin/triage');
    await screen.findByText('v3');
    expect(screen.queryByTestId('retrain')).toBeNull();
  });
});
