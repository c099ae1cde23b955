// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LedgerEnterprise } from '../../api/models';
import { I18nProvider } from '../../i18n/i18n';
import { EnterpriseForm } from './EnterpriseForm';
import { installDomShims, jsonResponse as json } from '../../testing/dom';

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

const VALID = '913308240000000019';

/** A fetch that answers check-uscc with `check` and anything else with `other`. */
function stubFetch(check: (value: string) => unknown, other: () => Promise<Response> = () => json({})) {
  const fetchMock = vi.fn((url: string, _init?: RequestInit) => {
    if (url.startsWith('/api/v1/enterprises/check-uscc')) {
      return json(check(new URL(url, 'http://x').searchParams.get('value') ?? ''));
    }
    return other();
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const form = (props: Partial<Parameters<typeof EnterpriseForm>[0]> = {}) => {
  const onSaved = vi.fn();
  render(
    <I18nProvider>
      <AntApp>
        <EnterpriseForm
          enterprise={null}
          canAssignLiaison
          regions={[{ code: '330824', name: '开化县', level: 'county', parentCode: null }]}
          liaisons={[{ id: 'l1', name: '助企联络员', unitId: null }]}
          onSaved={onSaved}
          onCancel={() => undefined}
          {...props}
        />
      </AntApp>
    </I18nProvider>,
  );
  return { onSaved, uscc: screen.getByLabelText<HTMLInputElement>('统一社会信用代码') };
};
const feedback = () => screen.getByTestId('uscc-feedback');
const checkCalls = (fetchMock: ReturnType<typeof stubFetch>) =>
  fetchMock.mock.calls.filter(([url]) => url.startsWith('/api/v1/enterprises/check-uscc'));

describe('EnterpriseForm: the USCC as it is typed', () => {
  it('says at once when the length or the characters are wrong, without asking the server', async () => {
    const fetchMock = stubFetch(() => ({ valid: true }));
    const { uscc } = form();
    fireEvent.change(uscc, { target: { value: '9133 0824' } });
    expect(feedback().textContent).toContain('代码无效：应为 18 位（当前 8 位）');
    fireEvent.change(uscc, { target: { value: '91330824OOOOOOOOOO' } });
    expect(feedback().textContent).toContain('含有不允许的字符');
    await new Promise((r) => setTimeout(r, 400));
    expect(checkCalls(fetchMock)).toHaveLength(0);
  });

  it('asks the server after a pause and shows a valid code as valid', async () => {
    const fetchMock = stubFetch((value) => ({ valid: true, normalized: value }));
    const { uscc } = form();
    fireEvent.change(uscc, { target: { value: VALID.toLowerCase() } });
    expect(feedback().textContent).toContain('正在校验');
    await waitFor(() => expect(feedback().getAttribute('data-state')).toBe('valid'));
    expect(feedback().textContent).toContain('代码有效');
    expect(checkCalls(fetchMock).map(([url]) => url)).toEqual([`/api/v1/enterprises/check-uscc?value=${VALID}`]);
  });

  it('shows the server’s reason when the check character is wrong', async () => {
    stubFetch((value) => ({
      valid: false,
      normalized: value,
      problem: { code: 'check', zh: '校验位错误', en: 'wrong check character' },
    }));
    const { uscc } = form();
    fireEvent.change(uscc, { target: { value: `${VALID.slice(0, 17)}8` } });
    await waitFor(() => expect(feedback().getAttribute('data-state')).toBe('invalid'));
    expect(feedback().textContent).toContain('校验位错误');
  });

  it('warns that the enterprise already exists and does not submit it', async () => {
    const fetchMock = stubFetch((value) => ({
      valid: true,
      normalized: value,
      existing: { id: 'e1', name: '开化县某某新材料有限公司' },
    }));
    const { uscc, onSaved } = form();
    fireEvent.change(uscc, { target: { value: VALID } });
    await waitFor(() => expect(feedback().textContent).toContain('该企业已登记：开化县某某新材料有限公司'));
    fireEvent.change(screen.getByLabelText('企业名称'), { target: { value: '重复登记的公司' } });
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    await waitFor(() =>
      expect(screen.getAllByText('该企业已登记：开化县某某新材料有限公司').length).toBeGreaterThan(1),
    );
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(false);
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('registers a valid enterprise and puts a server error beside its field', async () => {
    let answer = json({ error: { code: 'CONFLICT', message: '数据冲突：已登记', field: 'uscc' } }, 409);
    const fetchMock = stubFetch(
      (value) => ({ valid: true, normalized: value }),
      () => answer,
    );
    const { uscc, onSaved } = form();
    fireEvent.change(uscc, { target: { value: VALID } });
    await waitFor(() => expect(feedback().getAttribute('data-state')).toBe('valid'));
    fireEvent.change(screen.getByLabelText('企业名称'), { target: { value: '开化县新登记有限公司' } });
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(screen.getByText('数据冲突：已登记')).toBeTruthy());
    const post = fetchMock.mock.calls.find(([, init]) => init?.method === 'POST');
    expect(post?.[0]).toBe('/api/v1/enterprises');
    expect(JSON.parse(post?.[1]?.body as string)).toEqual({
      uscc: VALID,
      name: '开化县新登记有限公司',
      aboveDesignatedSize: false,
      contacts: [],
    });
    expect(onSaved).not.toHaveBeenCalled();

    const saved = { id: 'e9', uscc: VALID, name: '开化县新登记有限公司' };
    answer = json(saved, 201);
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(saved));
  });

  it('keeps the USCC of a registered enterprise fixed and does not check it', () => {
    const fetchMock = stubFetch(() => ({ valid: true }));
    const enterprise: LedgerEnterprise = {
      id: 'e1',
      uscc: VALID,
      name: '开化县某某新材料有限公司',
      industryCode: null,
      industryName: null,
      scale: null,
      aboveDesignatedSize: false,
      regionCode: null,
      grid: null,
      gridId: null,
      gridName: null,
      liaisonFromGrid: false,
      key: false,
      liaisonUserId: null,
      liaisonName: null,
      contacts: [],
      notes: null,
      openCases: 0,
    };
    const { uscc } = form({ enterprise });
    expect(uscc.disabled).toBe(true);
    expect(uscc.value).toBe(VALID);
    expect(screen.getByText('登记后不可修改')).toBeTruthy();
    expect(checkCalls(fetchMock)).toHaveLength(0);
  });
});
