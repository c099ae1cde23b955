// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../i18n/i18n';
import ProgressPage from './ProgressPage';
import { installJsdomShims } from './testing/jsdom';

beforeAll(installJsdomShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

const CASE_ID = 'c0ffee00-0000-4000-8000-000000000002';

/** The 4-level scale of 滕州 (profiles/tz.yaml): 非常满意 5, 比较满意 4, 基本满意 3, 不满意 1. */
const PROFILE = {
  code: 'tz',
  rating: {
    scale: '4-level',
    satisfiedMinScore: 3,
    labels: [
      { score: 5, zh: '非常满意', en: 'Very satisfied' },
      { score: 4, zh: '比较满意', en: 'Quite satisfied' },
      { score: 3, zh: '基本满意', en: 'Fairly satisfied' },
      { score: 1, zh: '不满意', en: 'Unsatisfied' },
    ],
  },
  loop: { reviewAfterRounds: 2 },
};

const view = (status: string, allowedCommands: string[], extra: Record<string, unknown> = {}) => ({
  id: CASE_ID,
  number: 'TZ-2026-000007',
  status,
  round: 1,
  title: '厂区供电不稳',
  content: '近一个月频繁停电。',
  kind: 'help',
  channel: 'mobile',
  complexity: 'simple',
  enterprise: null,
  contactName: null,
  contactMobile: null,
  leadUnit: null,
  coUnits: [],
  assignments: [],
  clocks: [],
  cards: [],
  allowedCommands,
  createdAt: '2026-11-02T01:00:00.000Z',
  resultText: null,
  answerText: null,
  rejectReason: null,
  result: null,
  unsatisfiedRounds: 0,
  ...extra,
});

const EVENTS = [
  { seq: 1, type: 'created', actorName: 'x', unitName: null, at: '2026-11-02T01:00:00.000Z', payload: {}, hash: 'a' },
  {
    seq: 2,
    type: 'clock_warned',
    actorName: null,
    unitName: null,
    at: '2026-11-02T02:00:00.000Z',
    payload: {},
    hash: 'b',
  },
  {
    seq: 3,
    type: 'dispatched',
    actorName: 'hub',
    unitName: '营商办',
    at: '2026-11-02T03:00:00.000Z',
    payload: { leadUnitName: '市供电公司' },
    hash: 'c',
  },
];

/** A server answering by path; POSTs are recorded. */
function server(caseBody: unknown) {
  const posts: { url: string; body: unknown }[] = [];
  const fetchMock = vi.fn((url: string, init?: RequestInit) => {
    const reply = (body: unknown, status = 200) =>
      Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
    if (init?.method === 'POST') {
      posts.push({ url, body: JSON.parse(init.body as string) });
      return reply(caseBody);
    }
    if (url === `/api/v1/cases/${CASE_ID}`) return reply(caseBody);
    if (url === `/api/v1/cases/${CASE_ID}/events`) return reply(EVENTS);
    if (url === `/api/v1/cases/${CASE_ID}/attachments`) return reply([]);
    if (url === '/api/v1/profile') return reply(PROFILE);
    return reply({ error: { code: 'NOT_FOUND', message: '资源不存在' } }, 404);
  });
  vi.stubGlobal('fetch', fetchMock);
  return posts;
}

const page = () =>
  render(
    <I18nProvider>
      <AntApp>
        <MemoryRouter initialEntries={[`/m/cases/${CASE_ID}`]}>
          <Routes>
            <Route path="/m/cases/:id" element={<ProgressPage />} />
          </Routes>
        </MemoryRouter>
      </AntApp>
    </I18nProvider>,
  );

describe('ProgressPage', () => {
  it('offers the jurisdiction’s scale, warns before an unsatisfied rating, and sends the score', async () => {
    const posts = server(view('replied', ['rate'], { resultText: '已协调供电公司完成线路改造。', result: 'solved' }));
    page();
    await screen.findByText('请您评价本次办理');
    expect(screen.getAllByRole('radio').map((r) => r.textContent)).toEqual([
      '非常满意',
      '比较满意',
      '基本满意',
      '不满意',
    ]);
    expect(screen.getByText('已协调供电公司完成线路改造。')).toBeTruthy();
    expect(screen.getByText('已交办至 市供电公司')).toBeTruthy();
    expect(screen.queryByText(/临期/)).toBeNull();
    expect(screen.queryByText('对答复有异议？')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: '提交评价' }));
    await screen.findByText('请先选择满意度');
    expect(posts).toEqual([]);

    fireEvent.click(screen.getByRole('radio', { name: '不满意' }));
    expect(screen.getByRole('radio', { name: '不满意' }).getAttribute('aria-checked')).toBe('true');
    await screen.findByText(/该诉求将退回承办单位重新办理/);
    fireEvent.click(screen.getByRole('radio', { name: '基本满意' }));
    await waitFor(() => expect(screen.queryByText(/重新办理。/)).toBeNull());
    fireEvent.click(screen.getByRole('radio', { name: '不满意' }));
    fireEvent.change(screen.getByLabelText('评价意见（可选）'), { target: { value: '仍然停电' } });
    fireEvent.click(screen.getByRole('button', { name: '提交评价' }));
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toEqual({ url: `/api/v1/cases/${CASE_ID}/rate`, body: { score: 1, comment: '仍然停电' } });
  });

  it('says an unsatisfied rating goes to review once the rounds are used up', async () => {
    server(view('replied', ['rate'], { unsatisfiedRounds: 1, round: 2 }));
    page();
    fireEvent.click(await screen.findByRole('radio', { name: '不满意' }));
    await screen.findByText(/该诉求将提交审核/);
  });

  it('lets the enterprise appeal an answer, with a reason it must give', async () => {
    const posts = server(view('answered', ['appeal'], { answerText: '该事项不属于营商环境范围。' }));
    page();
    await screen.findByText('对答复有异议？');
    expect(screen.getByText('该事项不属于营商环境范围。')).toBeTruthy();
    expect(screen.queryByText('请您评价本次办理')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '提交申诉' }));
    await screen.findByText('请填写申诉理由');
    expect(posts).toEqual([]);
    fireEvent.change(screen.getByLabelText('申诉理由'), { target: { value: '  该事项影响企业正常生产  ' } });
    fireEvent.click(screen.getByRole('button', { name: '提交申诉' }));
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toEqual({ url: `/api/v1/cases/${CASE_ID}/appeal`, body: { reason: '该事项影响企业正常生产' } });
  });

  it('shows the server’s 404 for a case outside the enterprise’s scope', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() =>
        Promise.resolve(
          new Response(JSON.stringify({ error: { code: 'CASE_NOT_FOUND', message: '诉求不存在' } }), { status: 404 }),
        ),
      ),
    );
    page();
    await screen.findByText('诉求不存在');
    expect(screen.queryByRole('button', { name: '重试' })).toBeNull();
  });
});
