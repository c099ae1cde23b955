// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SessionProvider } from '../auth/session';
import { I18nProvider } from '../i18n/i18n';
import { pushedPolicies } from './lib/policies';
import MyApplicationsPage from './MyApplicationsPage';
import PoliciesPage from './PoliciesPage';
import PolicyDetailPage from './PolicyDetailPage';
import { installJsdomShims } from './testing/jsdom';

beforeAll(installJsdomShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

const ONLINE = '11111111-1111-4111-8111-111111111111';
const AUTO = '22222222-2222-4222-8222-222222222222';
const NOTICE = '33333333-3333-4333-8333-333333333333';

const doc = (id: string, title: string, over: Record<string, unknown> = {}) => ({
  id,
  title,
  docNumber: null,
  issuer: '滕州市人民政府',
  sourceName: null,
  format: 'text',
  passageCount: 1,
  createdAt: '2026-11-02T01:00:00.000Z',
  targeting: { industryCodes: ['C'], scales: [], regionCodes: [], aboveDesignatedSize: null },
  issuingUnitId: null,
  issuingUnitName: '工业和信息化局',
  online: false,
  automatic: false,
  benefit: null,
  passages: [{ id: `${id}-p`, seq: 1, article: '第一条', text: `第一条 ${title}。` }],
  ...over,
});

/** A server answering by path; POSTs are recorded. */
function serve() {
  const posts: { url: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string, init?: RequestInit) => {
      const reply = (body: unknown, status = 200) =>
        Promise.resolve(
          new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
        );
      if (init?.method === 'POST') {
        posts.push({ url, body: init.body ? JSON.parse(init.body as string) : null });
        return reply({ id: 'a1', status: 'submitted' }, 201);
      }
      if (url.startsWith('/api/v1/policies?') || url === '/api/v1/policies') {
        return reply([
          doc(ONLINE, '制造业技术改造奖补', { online: true }),
          doc(AUTO, '小微企业稳岗返还', { automatic: true }),
        ]);
      }
      if (url === `/api/v1/policies/${ONLINE}`) return reply(doc(ONLINE, '制造业技术改造奖补', { online: true }));
      if (url === `/api/v1/policies/${AUTO}`) {
        return reply(doc(AUTO, '小微企业稳岗返还', { automatic: true, benefit: '稳岗返还 2 万元' }));
      }
      if (url === '/api/v1/notifications') {
        return reply({
          items: [
            { id: NOTICE, type: 'policy', policyId: AUTO, title: '政策推送：小微企业稳岗返还', at: '', readAt: null },
          ],
          unread: 1,
        });
      }
      if (url === '/api/v1/policy-applications') {
        return reply([
          {
            id: 'a1',
            policyId: ONLINE,
            policyTitle: '制造业技术改造奖补',
            enterpriseId: 'e1',
            enterpriseName: '一号公司',
            applicantName: '王经理',
            text: '申请',
            materials: null,
            status: 'rejected',
            routedUnitId: 'u1',
            routedUnitName: '工业和信息化局',
            decidedBy: '李科长',
            decisionNote: '技改投资额未达 200 万元',
            decidedAt: '2026-11-03T01:00:00.000Z',
            paidAt: null,
            amount: null,
            createdAt: '2026-11-02T01:00:00.000Z',
          },
        ]);
      }
      return reply({ error: { code: 'NOT_FOUND', message: '资源不存在' } }, 404);
    }),
  );
  return posts;
}

const at = (path: string) =>
  render(
    <I18nProvider>
      <AntApp>
        <SessionProvider>
          <MemoryRouter initialEntries={[path]}>
            <Routes>
              <Route path="/m/policies" element={<PoliciesPage />} />
              <Route path="/m/policies/:id" element={<PolicyDetailPage />} />
              <Route path="/m/applications" element={<MyApplicationsPage />} />
            </Routes>
          </MemoryRouter>
        </SessionProvider>
      </AntApp>
    </I18nProvider>,
  );

describe('the policy supermarket on the phone', () => {
  it('lists the policies for the enterprise, the one pushed to it first, linked with its notice', async () => {
    serve();
    at('/m/policies');
    await screen.findByText('推送给我：1');
    const cards = await screen.findAllByTestId('policy-card');
    expect(cards[0]!.textContent).toContain('小微企业稳岗返还');
    expect(cards[0]!.closest('a')!.getAttribute('href')).toBe(`/m/policies/${AUTO}?n=${NOTICE}`);
    expect(cards[1]!.textContent).toContain('可在线申报');
  });

  it('says 免申即享 with what the enterprise receives, offers no form, and marks the notice it came from read', async () => {
    const posts = serve();
    at(`/m/policies/${AUTO}?n=${NOTICE}`);
    expect((await screen.findByTestId('automatic-notice')).textContent).toContain('享受内容：稳岗返还 2 万元');
    expect(screen.queryByRole('button', { name: /提交申请/ })).toBeNull();
    await waitFor(() => expect(posts.map((p) => p.url)).toEqual([`/api/v1/notifications/${NOTICE}/read`]));
  });

  it('applies online for an online policy with the text and the materials', async () => {
    const posts = serve();
    at(`/m/policies/${ONLINE}`);
    fireEvent.change(await screen.findByLabelText('申请说明'), { target: { value: '投入技改资金 300 万元' } });
    fireEvent.change(screen.getByLabelText(/申报材料/), { target: { value: '备案表' } });
    fireEvent.click(screen.getByRole('button', { name: /提交申请/ }));
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toEqual({
      url: '/api/v1/policy-applications',
      body: { policyId: ONLINE, text: '投入技改资金 300 万元', materials: '备案表' },
    });
  });

  it('shows my applications with their state and the decision’s reason', async () => {
    serve();
    at('/m/applications');
    const card = await screen.findByTestId('application-card');
    expect(card.textContent).toContain('未通过');
    expect(card.textContent).toContain('审核意见：技改投资额未达 200 万元');
  });

  it('keeps only unread policy notices, the newest per policy', () => {
    const map = pushedPolicies([
      { id: 'n3', type: 'policy', policyId: 'p1', readAt: null },
      { id: 'n2', type: 'policy', policyId: 'p1', readAt: null },
      { id: 'n1', type: 'policy.automatic', policyId: 'p2', readAt: '2026-11-02T01:00:00Z' },
      { id: 'n0', type: 'case.replied', readAt: null },
    ]);
    expect([...map.entries()].map(([k, v]) => [k, v.id])).toEqual([['p1', 'n3']]);
  });
});
