// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../i18n/i18n';
import type { SupervisionBy } from '../../lib/oversight';
import { SuperviseModal } from './SuperviseModal';
import { installDomShims } from '../../testing/dom';

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

const CASE_ID = '5d8f4f7e-4a55-4f6c-9a43-0b7f1f0c2b11';

function open(by: SupervisionBy = 'leader') {
  const onDone = vi.fn();
  const onClose = vi.fn();
  render(
    <I18nProvider>
      <App>
        <SuperviseModal
          target={{ caseId: CASE_ID, number: 'TA-2026-000007', title: '厂区道路破损' }}
          by={by}
          onClose={onClose}
          onDone={onDone}
        />
      </App>
    </I18nProvider>,
  );
  return { onDone, onClose };
}

const answer = (status: number, body: unknown) =>
  vi.fn(() =>
    Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })),
  );
const submit = () => fireEvent.click(screen.getByRole('button', { name: /提\s*交/ }));

describe('SuperviseModal', () => {
  it('asks for an instruction before sending anything', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    const { onDone } = open();
    expect(screen.getByText('督办 TA-2026-000007')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('督办要求'), { target: { value: '   ' } });
    submit();
    await waitFor(() => expect(screen.getByText('请填写要求')).toBeTruthy());
    expect(fetchMock).not.toHaveBeenCalled();
    expect(onDone).not.toHaveBeenCalled();
  });

  it('sends the instruction as the given supervisor and reports success', async () => {
    const fetchMock = answer(200, { id: CASE_ID, status: 'signed' });
    vi.stubGlobal('fetch', fetchMock);
    const { onDone } = open('leader');
    fireEvent.change(screen.getByLabelText('督办要求'), { target: { value: ' 本周内办结 ' } });
    submit();
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe(`/api/v1/cases/${CASE_ID}/supervise`);
    expect(init.method).toBe('POST');
    expect(JSON.parse(init.body as string)).toEqual({ by: 'leader', instruction: '本周内办结' });
    await waitFor(() => expect(screen.getByText('督办已发出')).toBeTruthy());
  });

  it('shows the server’s refusal in the modal and stays open', async () => {
    vi.stubGlobal(
      'fetch',
      answer(409, {
        error: {
          code: 'CASE_ILLEGAL_TRANSITION',
          message: '诉求当前状态为「已销号」，不能执行「supervise」',
          currentStatus: 'closed',
        },
      }),
    );
    const { onDone, onClose } = open();
    fireEvent.change(screen.getByLabelText('督办要求'), { target: { value: '请说明原因' } });
    submit();
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toContain('诉求当前状态为「已销号」，不能执行「supervise」'),
    );
    expect(onDone).not.toHaveBeenCalled();
    expect(onClose).not.toHaveBeenCalled();
    expect(screen.getByLabelText('督办要求')).toBeTruthy();
  });

  it('puts an error about the instruction beside the field, and speaks of 倒查 for the commission', async () => {
    vi.stubGlobal(
      'fetch',
      answer(400, {
        error: { code: 'VALIDATION_FAILED', message: '输入无效：字段 instruction 过长或过大', field: 'instruction' },
      }),
    );
    open('discipline');
    expect(screen.getByText('倒查 TA-2026-000007')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('倒查要求'), { target: { value: '倒查' } });
    submit();
    await waitFor(() => expect(screen.getByText('输入无效：字段 instruction 过长或过大')).toBeTruthy());
    expect(screen.queryByRole('alert')?.textContent ?? '').not.toContain('输入无效');
  });
});
