// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { setToken } from '../../api/client';
import type { RankedPassage } from '../../api/policies';
import { citationText, highlightPieces } from '../../api/policies';
import { I18nProvider } from '../../i18n/i18n';
import { PolicyPassages } from './PolicyPassages';
import { installDomShims } from '../../testing/dom';

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

const passage = (over: Partial<RankedPassage>): RankedPassage => ({
  passageId: 'p1',
  documentId: 'd1',
  documentTitle: '某县支持中小微企业纾困发展若干措施',
  docNumber: '某政办发〔2026〕3号',
  article: '第五条',
  text: '第五条 创业担保贷款及贴息。小微企业可申请最高400万元创业担保贷款，财政给予贴息。',
  score: 12.3456,
  matched: ['创业', '担保', '贷款', '贴息'],
  ...over,
});

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('citationText', () => {
  it('cites title, number and article, without repeating the heading', () => {
    expect(citationText(passage({}))).toBe(
      '根据《某县支持中小微企业纾困发展若干措施》（某政办发〔2026〕3号）第五条：创业担保贷款及贴息。小微企业可申请最高400万元创业担保贷款，财政给予贴息。',
    );
    expect(
      citationText(
        passage({
          docNumber: null,
          article: '二、（一）',
          text: '二、能源与环保\n（一）分布式光伏。屋顶光伏实行备案管理。',
        }),
      ),
    ).toBe('根据《某县支持中小微企业纾困发展若干措施》二、（一）：分布式光伏。屋顶光伏实行备案管理。');
    expect(citationText(passage({ article: null, docNumber: null, text: '1.5万元以下免征。' }))).toBe(
      '根据《某县支持中小微企业纾困发展若干措施》：1.5万元以下免征。',
    );
  });
});

describe('highlightPieces', () => {
  it('marks every occurrence of the matched words, the longer word winning', () => {
    expect(highlightPieces('担保贷款和贷款贴息', ['贷款', '担保贷款'])).toEqual([
      { text: '担保贷款', hit: true },
      { text: '和', hit: false },
      { text: '贷款', hit: true },
      { text: '贴息', hit: false },
    ]);
    expect(highlightPieces('没有命中', [])).toEqual([{ text: '没有命中', hit: false }]);
  });
});

describe('PolicyPassages', () => {
  it('shows the case’s top passages and hands a citing answer to onUse', async () => {
    const fetchMock = vi.fn((url: string) => {
      void url;
      return Promise.resolve(
        json({
          items: [
            passage({}),
            passage({
              passageId: 'p2',
              article: '第六条',
              text: '第六条 融资担保费补贴。'.padEnd(200, '按实际缴纳担保费的50%给予补贴。'),
              score: 3.2,
              matched: ['担保'],
            }),
          ],
        }),
      );
    });
    vi.stubGlobal('fetch', fetchMock);
    const onUse = vi.fn();
    render(
      <I18nProvider>
        <PolicyPassages caseId={CASE_ID} onUse={onUse} />
      </I18nProvider>,
    );

    const first = await screen.findByTestId('policy-passage-p1');
    expect(fetchMock.mock.calls[0]?.[0]).toBe(`/api/v1/cases/${CASE_ID}/policy-passages?limit=5`);
    expect(first.textContent).toContain('《某县支持中小微企业纾困发展若干措施》');
    expect(first.textContent).toContain('第五条');
    expect(first.textContent).toContain('相关度 12.35');
    // Adjacent matched words form one mark.
    expect([...first.querySelectorAll('mark')].map((m) => m.textContent)).toEqual([
      '创业担保贷款',
      '贴息',
      '创业担保贷款',
      '贴息',
    ]);

    // A long passage is clipped until expanded.
    const second = screen.getByTestId('policy-passage-p2');
    expect(second.textContent).toContain('…');
    fireEvent.click(screen.getByRole('button', { name: /^展\s?开$/ }));
    expect(screen.getByTestId('policy-passage-p2').textContent).not.toContain('…');

    fireEvent.click(screen.getAllByRole('button', { name: '用于答复' })[0] as HTMLElement);
    expect(onUse).toHaveBeenCalledWith(
      '根据《某县支持中小微企业纾困发展若干措施》（某政办发〔2026〕3号）第五条：创业担保贷款及贴息。小微企业可申请最高400万元创业担保贷款，财政给予贴息。',
    );
  });

  it('says so when nothing matches, and shows the server’s error with a retry', async () => {
    const fetchMock = vi
      .fn()
      .mockResolvedValueOnce(json({ error: { code: 'CASE_NOT_FOUND', message: '诉求不存在' } }, 404))
      .mockResolvedValueOnce(json({ items: [] }));
    vi.stubGlobal('fetch', fetchMock);
    render(
      <I18nProvider>
        <PolicyPassages caseId={CASE_ID} onUse={() => undefined} />
      </I18nProvider>,
    );
    expect(await screen.findByText('加载失败：诉求不存在')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /^重\s?试$/ }));
    await waitFor(() => expect(screen.getByText('政策库中没有与此诉求相关的条款')).toBeTruthy());
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });
});
