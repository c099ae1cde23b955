// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { Button, Form, Radio } from 'antd';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setToken } from '../api/client';
import { installDomShims, jsonResponse, renderPage } from '../testing/dom';
import type { LimitProfile } from './DispatchLimitField';
import { DispatchLimitField } from './DispatchLimitField';

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setToken(null);
});

// 涪城 三（三）1: general cases "视情况限时 5-15 个工作日", complex ones 30.
const FC = {
  clocks: [{ milestone: 'resolve', duration: { simple: 'immediate', general: '5-15wd', complex: '30wd' } }],
};

let chosen: Record<string, unknown> = {};

function DispatchForm({ profile }: { profile: LimitProfile }) {
  const [form] = Form.useForm();
  return (
    <Form form={form} initialValues={{ complexity: 'general' }}>
      <Form.Item name="complexity">
        <Radio.Group
          options={[
            { value: 'general', label: '一般' },
            { value: 'complex', label: '复杂' },
          ]}
        />
      </Form.Item>
      <DispatchLimitField profile={profile} kind="demand" />
      <Button onClick={() => (chosen = form.getFieldsValue(true) as Record<string, unknown>)}>read</Button>
      <Button onClick={() => form.setFieldValue('limit', '10wd')}>pick 10</Button>
    </Form>
  );
}

function show(profile: LimitProfile) {
  vi.stubGlobal(
    'fetch',
    vi.fn(() => jsonResponse({ error: { code: 'NOT_FOUND', message: '资源不存在' } }, 404)),
  );
  renderPage(<DispatchForm profile={profile} />);
}

describe('DispatchLimitField', () => {
  it('offers the range of a general case and says what an empty choice means', () => {
    show(FC as LimitProfile);
    expect(screen.getByText('办结时限')).toBeTruthy();
    expect(screen.getByText('本辖区规定：5–15 个工作日（交办时选定，默认 15）')).toBeTruthy();
    expect(screen.getByText('15 个工作日')).toBeTruthy(); // the placeholder: the upper bound
  });

  it('shows the fixed limit of a complex case in words, with nothing to pick, and drops a choice made before', async () => {
    show(FC as LimitProfile);
    fireEvent.click(screen.getByText('pick 10'));
    fireEvent.click(screen.getByText('read'));
    expect(chosen['limit']).toBe('10wd');
    await act(async () => {
      fireEvent.click(screen.getByText('复杂'));
      await Promise.resolve();
    });
    expect(screen.getByTestId('dispatch-limit-fixed').textContent).toBe('30 个工作日');
    expect(screen.getByTestId('dispatch-limit-fixed').parentElement?.textContent).toBe(
      '办结时限：30 个工作日（本辖区固定时限）',
    );
    expect(screen.queryByTestId('dispatch-limit')).toBeNull();
    fireEvent.click(screen.getByText('read'));
    expect(chosen['limit']).toBeUndefined();
  });

  it('shows a limit the profile fixes for every case read-only, and nothing without a resolve rule', () => {
    show({ clocks: [{ milestone: 'resolve', duration: '15wd' }] } as LimitProfile);
    expect(screen.getByTestId('dispatch-limit-fixed').textContent).toBe('15 个工作日');
    expect(screen.queryByTestId('dispatch-limit')).toBeNull();
    cleanup();
    show({ clocks: [{ milestone: 'revisit', duration: '2wd' }] } as LimitProfile);
    expect(screen.queryByText(/办结时限/)).toBeNull();
  });
});
