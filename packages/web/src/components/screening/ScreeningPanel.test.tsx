// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from 'antd';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { setToken } from '../../api/client';
import { I18nProvider } from '../../i18n/i18n';
import type { CaseSuggestions, SimilarCases } from '../../lib/screening';
import { installDomShims, jsonResponse } from '../../testing/dom';
import { ScreeningPanel } from './ScreeningPanel';

beforeAll(installDomShims);
beforeEach(() => setToken('test-token'));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setToken(null);
});

const CASE_ID = '11111111-2222-4333-8444-555555555555';
const unit = (id: string, name: string) => ({ id, name, active: true });
const POWER = unit('u-power', '国网开化县供电公司');
const WATER = unit('u-water', '开化县水务集团');
const TOWN = unit('u-town', '华埠镇人民政府');

const CASE_VIEW = {
  id: CASE_ID,
  number: 'KH-2026-000123',
  status: 'screening',
  title: '华埠工业园区本周频繁停电',
  content: '本周已停电三次，生产线被迫停工，请供电部门排查园区线路。',
  enterprise: { id: 'e1', name: '开化县硅源新材料有限公司', uscc: '91330824MA2DQ4GA1X' },
  contactName: '程志远',
  contactMobile: '170****2006',
  kind: 'complaint',
  channel: 'web',
  category: { id: 'c-policy', name: '政策兑现' },
  complexity: null,
  regionCode: '330824115',
  createdAt: '2026-11-07T11:54:00Z',
  allowedCommands: ['accept', 'reject', 'merge', 'answer', 'dispatch'],
};

const SUGGESTIONS = {
  category: {
    modelVersion: 3,
    label: '水电气讯',
    categoryId: 'c-utility',
    // A model may still say 0.996: the desk never rounds it up to 100 %.
    confidence: 0.996,
    evidence: [{ term: '停电', weight: 1.2 }],
    ranking: [
      { label: '水电气讯', probability: 0.996, categoryId: 'c-utility' },
      { label: '基础设施', probability: 0.003, categoryId: null },
    ],
  },
  suggestedCategory: {
    id: 'c-power',
    name: '供电与报装',
    path: '水电气讯 / 供电与报装',
    basis: 'similar',
    filedDiffers: true,
  },
  regionCode: '330824115',
  routing: {
    rule: null,
    leadUnit: POWER,
    coUnits: [],
    complexity: 'simple',
    match: 'categoryOnly',
    reason: { zh: '派单目录匹配：分类「供电与报装」（不限区划），由国网开化县供电公司牵头', en: 'catalogue' },
    basis: 'suggestion',
  },
  learned: {
    leadUnit: { id: TOWN.id, name: TOWN.name },
    complexity: 'general',
    basis: 'similar',
    support: 5,
    agreeing: 3,
    reason: { zh: '相似诉求', en: 'similar' },
  },
} as unknown as CaseSuggestions;

const brief = (id: string, number: string, title: string, enterpriseName: string) => ({
  id,
  number,
  title,
  status: 'screening',
  enterpriseName,
  createdAt: '2026-11-06T01:00:00Z',
});

const SIMILAR = {
  open: [
    {
      ...brief('dup-1', 'KH-2026-000119', '华埠工业园区突然停电导致设备受损', '开化县华埠纺织有限公司'),
      score: 0.26,
      duplicate: true,
      sameEnterprise: false,
    },
    {
      ...brief('sim-1', 'KH-2026-000101', '厂区电压偏低', '开化县茶叶合作社'),
      score: 0.12,
      duplicate: false,
      sameEnterprise: false,
    },
  ],
  enterpriseOpen: [
    { ...brief('sib-1', 'KH-2026-000090', '咨询高新技术企业认定', '开化县硅源新材料有限公司'), score: 0 },
  ],
  solved: [],
  library: [
    {
      id: 'lib-1',
      problem: '园区频繁停电影响生产',
      resolution: '供电公司对园区专线改造并加装备用电源，停电前一天短信通知企业。',
      score: 0.31,
      typical: true,
      caseNumber: 'KH-2026-000012',
      tags: ['用电'],
    },
  ],
  thresholds: { duplicate: 0.3, similar: 0.1, solved: 0.2 },
} as unknown as SimilarCases;

const CATEGORIES = [
  { id: 'c-policy', name: '政策兑现', nameEn: null, parentId: null },
  { id: 'c-utility', name: '水电气讯', nameEn: null, parentId: null },
  { id: 'c-power', name: '供电与报装', nameEn: null, parentId: 'c-utility' },
  { id: 'c-water', name: '供水排水', nameEn: null, parentId: 'c-utility' },
];

function serve(view: typeof CASE_VIEW = CASE_VIEW) {
  const fetchMock = vi.fn((url: string, init?: RequestInit) => {
    if (url === '/api/v1/units') {
      return jsonResponse([
        { ...POWER, kind: 'department' },
        { ...WATER, kind: 'department' },
        { ...TOWN, kind: 'town' },
        { id: 'u-hub', name: '营商办', kind: 'hub' },
      ]);
    }
    if (url === '/api/v1/categories') return jsonResponse(CATEGORIES);
    if (url === `/api/v1/cases/${CASE_ID}`) return jsonResponse(view);
    if (url === `/api/v1/cases/${CASE_ID}/suggestions`) {
      // Later than the case, as on a real server: the form is on screen, holding the filed category, when they come.
      return new Promise<Response>((resolve) => setTimeout(() => resolve(jsonResponse(SUGGESTIONS)), 300));
    }
    if (url === `/api/v1/cases/${CASE_ID}/similar`) return jsonResponse(SIMILAR);
    if (url.startsWith(`/api/v1/cases/${CASE_ID}/policy-passages`)) return jsonResponse({ items: [] });
    if (url === `/api/v1/cases/${CASE_ID}/attachments`) return jsonResponse([]);
    if (url.startsWith('/api/v1/routing-rules/suggest?')) {
      const water = url.includes('categoryId=c-water');
      return jsonResponse({
        rule: null,
        leadUnit: water ? WATER : null,
        coUnits: [],
        complexity: water ? 'general' : null,
        match: water ? 'categoryOnly' : 'none',
        reason: { zh: water ? '派单目录匹配：分类「供水排水」' : '没有匹配的规则', en: '' },
      });
    }
    if (url === `/api/v1/cases/${CASE_ID}/dispatch` && init?.method === 'POST') {
      return jsonResponse({ ...CASE_VIEW, status: 'dispatched' });
    }
    if (url === `/api/v1/cases/${CASE_ID}/hand-up` && init?.method === 'POST') {
      return jsonResponse({ ...CASE_VIEW, status: 'handed_up' });
    }
    return jsonResponse({ error: { code: 'NOT_FOUND', message: url } }, 404);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function mount(onDone = vi.fn()) {
  render(
    <I18nProvider>
      <App>
        <MemoryRouter>
          <ScreeningPanel caseId={CASE_ID} onDone={onDone} columns />
        </MemoryRouter>
      </App>
    </I18nProvider>,
  );
  return onDone;
}

/** The panel loads several answers in turn; a loaded machine may take seconds. */
const SLOW = { timeout: 15_000 };

const selectShows = (label: string) =>
  screen.getByLabelText(label).closest('.ant-select')?.textContent?.replace(/\s+/g, '') ?? '';

describe('ScreeningPanel', () => {
  it('starts the dispatch form from the suggested category and its rule’s unit, never showing 100 %', async () => {
    serve();
    mount();
    const hint = await screen.findByTestId('category-suggestion', {}, SLOW);
    expect(hint.textContent).toContain('水电气讯 / 供电与报装');
    expect(hint.textContent).toContain('模型判断：水电气讯，置信度 99%');
    expect(document.body.textContent).not.toMatch(/100\s*%/);
    expect(hint.textContent).toContain('企业提交时所选分类与建议不同');
    await waitFor(() => expect(selectShows('牵头单位')).toContain(POWER.name), SLOW);
    expect(selectShows('诉求分类')).toContain('供电与报装');
    const routing = screen.getByTestId('routing-suggestion');
    expect(routing.textContent).toContain(POWER.name);
    // Past dispatches that differ are a note, not a competing suggestion.
    expect(within(routing).getByTestId('learned-suggestion').textContent).toContain('以派单目录为准');
    expect(within(routing).queryByRole('button', { name: /采用/ })).toBeNull();
  });

  it('offers merging into likely duplicates of other enterprises only, and lists the enterprise’s other cases apart', async () => {
    serve();
    mount();
    const duplicate = await screen.findByTestId('similar-open-dup-1', {}, SLOW);
    expect(duplicate.textContent).toContain('疑似重复');
    expect(duplicate.textContent).toContain('开化县华埠纺织有限公司');
    expect(within(duplicate).getByRole('button', { name: '合并到此件' })).toBeTruthy();
    expect(within(screen.getByTestId('similar-open-sim-1')).queryByRole('button')).toBeNull();
    const sibling = screen.getByTestId('enterprise-open-sib-1');
    expect(within(screen.getByTestId('enterprise-open')).getByText(/不作为合并对象/)).toBeTruthy();
    expect(within(sibling).queryByRole('button')).toBeNull();
  });

  it('re-asks the catalogue when the hub picks another category, and the lead unit follows it', async () => {
    const fetchMock = serve();
    const onDone = mount();
    await waitFor(() => expect(selectShows('牵头单位')).toContain(POWER.name), SLOW);
    const input = screen.getByLabelText('诉求分类');
    await act(async () => {
      fireEvent.mouseDown(input);
      await Promise.resolve();
    });
    const node = await waitFor(() => {
      const found = document.querySelector<HTMLElement>('.ant-select-tree-node-content-wrapper[title="供水排水"]');
      if (!found) throw new Error('no tree node 供水排水');
      return found;
    });
    await act(async () => {
      fireEvent.click(node);
      await Promise.resolve();
    });
    await waitFor(() => expect(screen.getByTestId('routing-suggestion').textContent).toContain(WATER.name), SLOW);
    expect(fetchMock.mock.calls.map((c) => c[0])).toContain(
      '/api/v1/routing-rules/suggest?categoryId=c-water&regionCode=330824115',
    );
    await waitFor(() => expect(selectShows('牵头单位')).toContain(WATER.name), SLOW);

    fireEvent.click(screen.getByTestId('screen-dispatch'));
    await waitFor(() => expect(onDone).toHaveBeenCalled(), SLOW);
    expect(onDone).toHaveBeenCalledWith({ id: CASE_ID, number: 'KH-2026-000123', action: 'dispatch', to: WATER.name });
    const sent = fetchMock.mock.calls.find((c) => c[0] === `/api/v1/cases/${CASE_ID}/dispatch`);
    expect(JSON.parse(sent?.[1]?.body as string)).toMatchObject({ leadUnitId: WATER.id, categoryId: 'c-water' });
  });

  it('offers the hand-up only where a level above runs on the platform, and sends it with its own reason', async () => {
    serve();
    const first = mount();
    await screen.findByTestId('screen-dispatch', {}, SLOW);
    expect(screen.queryByRole('tab', { name: '上报上级' })).toBeNull();
    cleanup();

    const fetchMock = serve({ ...CASE_VIEW, allowedCommands: [...CASE_VIEW.allowedCommands, 'hand-up'] });
    const onDone = mount();
    expect(first).not.toHaveBeenCalled();
    fireEvent.click(await screen.findByRole('tab', { name: '上报上级' }, SLOW));
    fireEvent.click(await screen.findByTestId('screen-hand-up'));
    // Without a reason nothing is sent.
    expect(await screen.findByText('必填')).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/上报理由/), {
      target: { value: '园区供电线路归市供电公司，县级无法协调' },
    });
    fireEvent.click(screen.getByTestId('screen-hand-up'));
    await waitFor(() => expect(onDone).toHaveBeenCalled(), SLOW);
    expect(onDone).toHaveBeenCalledWith({ id: CASE_ID, number: 'KH-2026-000123', action: 'hand-up', to: null });
    const sent = fetchMock.mock.calls.find((c) => c[0] === `/api/v1/cases/${CASE_ID}/hand-up`);
    expect(JSON.parse(sent?.[1]?.body as string)).toEqual({ reason: '园区供电线路归市供电公司，县级无法协调' });
  });
});
