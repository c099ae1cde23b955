// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setToken } from '../../api/client';
import { activityBody, monthSpan } from '../../lib/activity';
import ActivitiesPage from '../../routes/activities/ActivitiesPage';
import { installDomShims, jsonResponse as json, renderPage } from '../../testing/dom';

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
  setToken(null);
});

const ACTIVITY = {
  id: '00000000-0000-4000-8000-0000000000a1',
  kind: 'enterprise_day',
  title: '分管领导进企业日',
  heldAt: '2026-11-05T01:00:00.000Z',
  place: '鲁鑫数控机床装配车间',
  ledBy: { id: 'l1', name: '分管领导' },
  recordedBy: { id: 'h1', name: '营商办专员' },
  notes: null,
  attendees: [{ userId: null, name: '孙立新', unit: '工信局' }],
  enterprises: [{ id: 'e1', name: '滕州市鲁鑫数控机床有限公司' }],
  cases: [{ id: 'c1', number: 'TZ-2026-000101', title: '专变增容报装', status: 'submitted', produced: true }],
};

function serve(roles: string[]) {
  const fetchMock = vi.fn((url: string, init?: RequestInit) => {
    if (url.startsWith('/api/v1/auth/me')) return json({ id: 'me', name: '营商办', roles, jurisdiction: 'tz' });
    if (url === '/api/v1/activities' && init?.method === 'POST') return json({ id: 'new', caseIds: ['c2'] }, 201);
    if (url.startsWith('/api/v1/activities/people')) {
      return json([{ id: 'l1', name: '分管领导', roles: ['leader'], unitName: '领导小组' }]);
    }
    if (url.startsWith('/api/v1/activities?')) return json([ACTIVITY]);
    if (url.startsWith('/api/v1/reports/activities')) {
      return json({
        month: '2026-11',
        from: '2026-10-31T16:00:00.000Z',
        to: '2026-11-30T16:00:00.000Z',
        total: 3,
        byKind: [{ kind: 'enterprise_day', count: 3 }],
        leaders: [{ userId: 'l1', name: '分管领导', days: 2, dates: ['2026-11-05', '2026-11-12'], activities: 3 }],
      });
    }
    if (url.startsWith('/api/v1/enterprises')) return json({ items: [], total: 0 });
    return json({ error: { code: 'NOT_FOUND', message: '资源不存在' } }, 404);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

describe('activityBody', () => {
  it('drops blank rows, keeps the leader out of the attendees and sends guests with their unit', () => {
    const body = activityBody({
      kind: 'visit',
      title: ' 走访 ',
      heldAt: null,
      ledBy: 'l1',
      attendeeUserIds: ['l1', 'u2'],
      guests: [{ name: '王经理', unit: '一号公司' }, { name: ' ' }],
      problems: [
        { title: '用电', content: '增容' },
        { title: '', content: '' },
      ],
    });
    expect(body).toMatchObject({
      kind: 'visit',
      title: '走访',
      ledBy: 'l1',
      attendees: [{ userId: 'u2' }, { name: '王经理', unit: '一号公司' }],
      problems: [{ title: '用电', content: '增容' }],
      enterpriseIds: [],
      caseIds: [],
    });
    expect(monthSpan('2026-12')).toEqual({ from: '2026-12-01', to: '2027-01-01' });
  });
});

describe('ActivitiesPage', () => {
  it('records an activity from the drawer, each problem sent to become a case', async () => {
    const fetchMock = serve(['hub']);
    renderPage(<ActivitiesPage />, '/activities?month=2026-11&record=1');
    const form = await screen.findByTestId('activity-form');
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: /保\s*存/ }));
    expect(await within(form).findAllByText('必填')).not.toHaveLength(0);
    expect(fetchMock.mock.calls.some(([u, init]) => u === '/api/v1/activities' && init?.method === 'POST')).toBe(false);

    fireEvent.change(within(form).getByLabelText('活动名称'), { target: { value: '走访鲁鑫数控' } });
    fireEvent.click(within(form).getByRole('button', { name: /添加问题/ }));
    fireEvent.change(await within(form).findByLabelText('问题标题 1'), { target: { value: '专变增容报装慢' } });
    fireEvent.change(within(form).getByLabelText('问题描述 1'), { target: { value: '报装两个月未勘查。' } });
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => {
      const post = fetchMock.mock.calls.find(([u, init]) => u === '/api/v1/activities' && init?.method === 'POST');
      expect(JSON.parse(post![1]!.body as string)).toMatchObject({
        kind: 'visit',
        title: '走访鲁鑫数控',
        heldAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) as string,
        attendees: [],
        problems: [{ title: '专变增容报装慢', content: '报装两个月未勘查。' }],
      });
    });
  });

  it('shows the month’s activities with their cases, and each leader’s days to the hub', async () => {
    serve(['hub']);
    renderPage(<ActivitiesPage />, '/activities?month=2026-11&tab=leaders');
    const table = await screen.findByTestId('leader-days');
    expect(await within(table).findByText('2 天')).toBeTruthy();
    expect(within(table).getByText('11-05、11-12')).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: /活动记录/ }));
    expect((await screen.findByRole('link', { name: 'TZ-2026-000101' })).getAttribute('href')).toBe('/cases/c1');
  });

  it('offers a liaison no leader table', async () => {
    serve(['liaison']);
    renderPage(<ActivitiesPage />, '/activities?month=2026-11&tab=leaders');
    expect(await screen.findByText('分管领导进企业日')).toBeTruthy();
    expect(screen.queryByTestId('leader-days')).toBeNull();
  });
});
