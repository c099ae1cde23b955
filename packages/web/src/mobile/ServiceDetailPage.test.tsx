// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { MemoryRouter, Route, Routes, useParams } from 'react-router-dom';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../i18n/i18n';
import ServiceDetailPage from './ServiceDetailPage';
import { installJsdomShims } from './testing/jsdom';

beforeAll(installJsdomShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

const ITEM = '11111111-1111-4111-8111-111111111111';
const CASE = '22222222-2222-4222-8222-222222222222';

const item = {
  id: ITEM,
  catalogue: 'matters',
  field: 'licensing',
  name: '食品经营许可（新办）',
  description: '餐饮、食品销售等食品经营许可证的新办。',
  providerUnit: { id: 'u1', name: '涪城区市场监督管理局' },
  materials: '申请书、营业执照',
  timeLimit: '5个工作日',
  workingDays: 5,
  assisted: true,
  appointment: true,
  active: true,
  updatedAt: '2026-12-01T01:00:00.000Z',
};

/** A server answering the item and the request; the request's body is recorded. */
function serve(answer: { status: number; body: unknown }) {
  const posts: unknown[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string, init?: RequestInit) => {
      const reply = (body: unknown, status = 200) =>
        Promise.resolve(
          new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
        );
      if (init?.method === 'POST') {
        posts.push(JSON.parse(init.body as string));
        return reply(answer.body, answer.status);
      }
      if (url === `/api/v1/service-items/${ITEM}`) return reply(item);
      return reply({ error: { code: 'NOT_FOUND', message: '不存在' } }, 404);
    }),
  );
  return posts;
}

function Progress() {
  return <div data-testid="progress">{useParams().id}</div>;
}

const renderPage = () =>
  render(
    <I18nProvider>
      <AntApp>
        <MemoryRouter initialEntries={[`/m/services/items/${ITEM}`]}>
          <Routes>
            <Route path="/m/services/items/:id" element={<ServiceDetailPage kind="items" />} />
            <Route path="/m/cases/:id" element={<Progress />} />
          </Routes>
        </MemoryRouter>
      </AntApp>
    </I18nProvider>,
  );

describe('a service item on the phone', () => {
  it('files the request with 帮办代办 and opens the new case’s progress page', async () => {
    const posts = serve({
      status: 201,
      body: { caseId: CASE, number: 'FC-2026-000060', leadUnit: item.providerUnit, coUnits: [] },
    });
    renderPage();
    expect(await screen.findByText('提交后直接交 涪城区市场监督管理局 办理')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('需求说明'), { target: { value: '新开门店，需要办理许可' } });
    fireEvent.click(screen.getByText('需要帮办代办（工作人员全程代为办理）'));
    fireEvent.click(screen.getByTestId('service-submit'));
    await waitFor(() => expect(posts).toHaveLength(1));
    expect((await screen.findByTestId('progress', {}, { timeout: 5000 })).textContent).toBe(CASE);
    expect(posts).toEqual([{ text: '新开门店，需要办理许可', wantsAssistance: true }]);
  });

  it('shows the server’s refusal of the day under the appointment field', async () => {
    serve({
      status: 400,
      body: {
        error: {
          code: 'VALIDATION_FAILED',
          message: '2026-12-12 不是工作日，请另选预约日期',
          field: 'appointmentAt',
        },
      },
    });
    renderPage();
    fireEvent.change(await screen.findByLabelText('需求说明'), { target: { value: '预约办理' } });
    fireEvent.click(screen.getByTestId('service-submit'));
    await waitFor(() => expect(screen.getByText('2026-12-12 不是工作日，请另选预约日期')).toBeTruthy());
    expect(screen.queryByTestId('progress')).toBeNull();
  });
});
