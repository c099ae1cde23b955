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
function server(caseBody: Record<string, unknown>, afterPost?: string) {
  const posts: { url: string; body: unknown }[] = [];
  const fetchMock = vi.fn((url: string, init?: RequestInit) => {
    const reply = (body: unknown, status = 200) =>
      Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
    if (init?.method === 'POST') {
      posts.push({ url, body: JSON.parse(init.body as string) });
      // The case after the command: a redo opens the next round.
      return reply(
        afterPost
          ? { ...caseBody, status: afterPost, round: afterPost === 'redo' ? 2 : 1, allowedCommands: [] }
          : caseBody,
      );
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
  it('shows the unit’s reply before the scale, and sends a satisfied score with an optional comment', async () => {
    const posts = server(
      view('replied', ['rate'], {
        resultText: '已协调供电公司完成线路改造。',
        result: 'solved',
        assignments: [
          {
            id: 'a1',
            unit: { id: 'u1', name: '市供电公司' },
            role: 'lead',
            round: 1,
            status: 'replied',
            assignedAt: '2026-11-02T03:00:00.000Z',
            signedAt: null,
            contactedAt: null,
            feedbackAt: null,
            repliedAt: '2026-11-03T03:00:00.000Z',
            replyResult: 'solved',
            replyText: '已协调供电公司完成线路改造。',
          },
        ],
      }),
      'rated',
    );
    page();
    await screen.findByText('请您评价本次办理');
    expect(screen.getAllByRole('radio').map((r) => r.textContent)).toEqual([
      '非常满意',
      '比较满意',
      '基本满意',
      '不满意',
    ]);
    // The reply comes first in the rating card, with its unit, time and result.
    const reply = screen.getByTestId('rate-reply');
    expect(reply.textContent).toContain('已协调供电公司完成线路改造。');
    expect(reply.textContent).toContain('市供电公司 · 2026-11-03 11:00');
    expect(reply.textContent).toContain('已解决');
    const card = screen.getByTestId('rate-card');
    expect(card.textContent?.indexOf('已协调供电公司')).toBeLessThan(card.textContent?.indexOf('非常满意') ?? 0);
    expect(screen.queryByTestId('reply-card')).toBeNull();
    expect(screen.getByText('已交办至 市供电公司')).toBeTruthy();
    expect(screen.queryByText(/临期/)).toBeNull();
    expect(screen.queryByText('对答复有异议？')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: '提交评价' }));
    await screen.findByText('请先选择满意度');
    expect(posts).toEqual([]);

    fireEvent.click(screen.getByRole('radio', { name: '基本满意' }));
    expect(screen.queryByTestId('rate-consequence')).toBeNull();
    fireEvent.change(screen.getByLabelText('评价意见（可选）'), { target: { value: '还可以' } });
    fireEvent.click(screen.getByRole('button', { name: '提交评价' }));
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toEqual({ url: `/api/v1/cases/${CASE_ID}/rate`, body: { score: 3, comment: '还可以' } });
    expect((await screen.findByTestId('rated-next')).textContent).toContain('营商办确认后将办结销号');
  });

  it('asks the reason of an unsatisfied rating, confirms the redo, and says it has started', async () => {
    const posts = server(view('replied', ['rate'], { resultText: '已处理。', result: 'partly' }), 'redo');
    page();
    fireEvent.click(await screen.findByRole('radio', { name: '不满意' }));
    expect(screen.getByRole('radio', { name: '不满意' }).getAttribute('aria-checked')).toBe('true');
    expect(screen.getByTestId('rate-consequence').textContent).toBe('提交后将退回承办单位重新办理。');
    const submit = screen.getByRole('button', { name: '提交评价' });
    // No reason, no sending: the button stays disabled, blanks do not count.
    expect(submit.hasAttribute('disabled')).toBe(true);
    fireEvent.change(screen.getByLabelText('不满意的原因（必填）'), { target: { value: '   ' } });
    expect(submit.hasAttribute('disabled')).toBe(true);
    fireEvent.change(screen.getByLabelText('不满意的原因（必填）'), { target: { value: '仍然停电' } });
    expect(submit.hasAttribute('disabled')).toBe(false);

    fireEvent.click(submit);
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('确认提交“不满意”评价？');
    expect(dialog.textContent).toContain('提交后将退回承办单位重新办理');
    expect(posts).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: '确认提交' }));
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toEqual({ url: `/api/v1/cases/${CASE_ID}/rate`, body: { score: 1, comment: '仍然停电' } });
    expect((await screen.findByTestId('rated-next')).textContent).toContain('承办单位将重新办理（第 2 轮）');
  });

  it('a satisfied choice after an unsatisfied one no longer asks for a reason', async () => {
    server(view('replied', ['rate']));
    page();
    fireEvent.click(await screen.findByRole('radio', { name: '不满意' }));
    expect(screen.getByRole('button', { name: '提交评价' }).hasAttribute('disabled')).toBe(true);
    fireEvent.click(screen.getByRole('radio', { name: '比较满意' }));
    await waitFor(() => expect(screen.queryByTestId('rate-consequence')).toBeNull());
    expect(screen.getByLabelText('评价意见（可选）')).toBeTruthy();
    expect(screen.getByRole('button', { name: '提交评价' }).hasAttribute('disabled')).toBe(false);
  });

  it('says an unsatisfied rating goes to review once the rounds are used up', async () => {
    server(view('replied', ['rate'], { unsatisfiedRounds: 1, round: 2 }));
    page();
    fireEvent.click(await screen.findByRole('radio', { name: '不满意' }));
    expect((await screen.findByTestId('rate-consequence')).textContent).toContain('提交后将转入不满意诉求审核');
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
