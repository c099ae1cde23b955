// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setToken } from '../../api/client';
import type { PolicyApplication } from '../../api/policies';
import { mayDecideApplication } from '../../lib/policy-market';
import { installDomShims, jsonResponse, renderPage } from '../../testing/dom';
import PolicyApplicationsPage from './PolicyApplicationsPage';

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setToken(null);
});

const UNIT = '22222222-2222-4222-8222-222222222222';
const application = (over: Partial<PolicyApplication> = {}): PolicyApplication => ({
  id: '11111111-1111-4111-8111-111111111111',
  policyId: '33333333-3333-4333-8333-333333333333',
  policyTitle: '制造业技术改造奖补',
  enterpriseId: '44444444-4444-4444-8444-444444444444',
  enterpriseName: '滕州一号机械有限公司',
  applicantName: '王经理',
  text: '今年投入技改资金 300 万元，申请奖补。',
  materials: '技改项目备案表',
  status: 'submitted',
  routedUnitId: UNIT,
  routedUnitName: '工业和信息化局',
  decidedBy: null,
  decisionNote: null,
  decidedAt: null,
  paidAt: null,
  amount: null,
  createdAt: '2026-11-02T01:00:00.000Z',
  ...over,
});

function serve(roles: string[], unitId: string | null) {
  const posts: { url: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string, init?: RequestInit) => {
      if (url.startsWith('/api/v1/auth/me')) return jsonResponse({ id: 'u1', name: '审核人', roles, unitId });
      if (init?.method === 'POST') {
        posts.push({ url, body: JSON.parse(init.body as string) });
        return jsonResponse(application({ status: 'approved', decisionNote: '符合条件' }));
      }
      if (url.startsWith('/api/v1/policy-applications')) return jsonResponse([application()]);
      return jsonResponse({ error: { code: 'NOT_FOUND', message: '资源不存在' } }, 404);
    }),
  );
  return posts;
}

describe('PolicyApplicationsPage', () => {
  it('lets the routed unit decide an application with the reason the enterprise is told', async () => {
    const posts = serve(['unit_handler'], UNIT);
    renderPage(<PolicyApplicationsPage />, '/policy-applications');
    const row = (await screen.findByText('滕州一号机械有限公司')).closest('tr')!;
    expect(within(row).getByText('工业和信息化局')).toBeTruthy();
    expect(within(row).getByText('待审核')).toBeTruthy();
    fireEvent.click(await within(row).findByRole('button', { name: '审核' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('今年投入技改资金 300 万元，申请奖补。')).toBeTruthy();
    // The reason is required.
    fireEvent.click(within(dialog).getByRole('button', { name: /提\s*交/ }));
    expect(await within(dialog).findByText('请填写审核意见或理由')).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('审核意见（将告知企业）'), { target: { value: '符合条件' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /提\s*交/ }));
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toEqual({
      url: '/api/v1/policy-applications/11111111-1111-4111-8111-111111111111/decide',
      body: { approve: true, note: '符合条件' },
    });
  });

  it('offers no decision to another unit', async () => {
    serve(['unit_handler'], '99999999-9999-4999-8999-999999999999');
    renderPage(<PolicyApplicationsPage />, '/policy-applications');
    const row = (await screen.findByText('滕州一号机械有限公司')).closest('tr')!;
    expect(within(row).queryByRole('button', { name: '审核' })).toBeNull();
  });

  it('rules who may decide as the server does', () => {
    const a = { routedUnitId: UNIT };
    expect(mayDecideApplication({ roles: ['hub'], unitId: null }, a)).toBe(true);
    expect(mayDecideApplication({ roles: ['unit_head'], unitId: UNIT }, a)).toBe(true);
    expect(mayDecideApplication({ roles: ['unit_handler'], unitId: 'other' }, a)).toBe(false);
    expect(mayDecideApplication({ roles: ['leader'], unitId: UNIT }, a)).toBe(false);
    expect(mayDecideApplication({ roles: ['unit_handler'], unitId: UNIT }, { routedUnitId: null })).toBe(false);
  });
});
