// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AdminUnit, RoutingRule } from '../../api/models';
import { I18nProvider } from '../../i18n/i18n';
import { RoutingRuleForm } from './RoutingRuleForm';
import { installDomShims } from '../../testing/dom';

beforeAll(installDomShims);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  localStorage.clear();
});

const unit = (id: string, name: string, active = true): AdminUnit => ({
  id,
  name,
  kind: 'department',
  regionCode: null,
  parentId: null,
  contactPhone: null,
  active,
});
const UNITS = [unit('u1', '县市场监管局'), unit('u2', '县自然资源局'), unit('u3', '已撤并的办公室', false)];
const CATEGORIES = [{ id: 'c1', code: 'tax', name: '税费服务', nameEn: 'Taxes', parentId: null }];
const REGIONS = [{ code: '330824115', name: '华埠镇', level: 'town', parentCode: '330824' }];
const RULE: RoutingRule = {
  id: 'r1',
  categoryId: 'c1',
  categoryName: '税费服务',
  regionCode: null,
  regionName: null,
  leadUnit: { id: 'u1', name: '县市场监管局', active: true },
  coUnits: [],
  complexity: 'simple',
  note: null,
  updatedAt: '2026-11-02T01:00:00Z',
  updatedBy: '管理员',
};

const respond = (body: unknown, status = 200) =>
  Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));

function renderForm(rule: RoutingRule | null, answer: () => Promise<Response> = () => respond(RULE)) {
  const fetchMock = vi.fn((_url: string, _init?: RequestInit) => answer());
  vi.stubGlobal('fetch', fetchMock);
  const onSaved = vi.fn();
  render(
    <I18nProvider>
      <AntApp>
        <RoutingRuleForm
          open
          rule={rule}
          units={UNITS}
          categories={CATEGORIES}
          regions={REGIONS}
          onSaved={onSaved}
          onClose={() => undefined}
        />
      </AntApp>
    </I18nProvider>,
  );
  return { fetchMock, onSaved };
}

/** Opens an antd select by its label and picks the option with this text. */
async function choose(labelText: string, optionText: string) {
  const input = screen.getByLabelText(labelText);
  await act(async () => {
    fireEvent.mouseDown(input);
    await Promise.resolve();
  });
  // Several selects may offer the same unit: look only in the popup of this one.
  const option = await waitFor(() => {
    const popup = document.getElementById(`${input.id}_list`)?.closest('.ant-select-dropdown');
    const found = [...(popup?.querySelectorAll<HTMLElement>('.ant-select-item-option') ?? [])].find(
      (o) => o.getAttribute('title') === optionText,
    );
    if (!found) throw new Error(`no option ${optionText}`);
    return found;
  });
  await act(async () => {
    fireEvent.click(option);
    await Promise.resolve();
  });
}

const save = () => fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));

describe('RoutingRuleForm', () => {
  it('asks for a category or a region and a lead unit before sending anything', async () => {
    const { fetchMock, onSaved } = renderForm(null);
    save();
    await waitFor(() => expect(screen.getByText('诉求分类和行政区划至少选择一项')).toBeTruthy());
    expect(screen.getByText('必填')).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('refuses the lead unit among the co-units, and offers no inactive unit', async () => {
    const { fetchMock } = renderForm(null);
    await choose('诉求分类', '税费服务');
    await choose('牵头单位', '县市场监管局');
    await choose('协办单位', '县市场监管局');
    save();
    await waitFor(() => expect(screen.getByText('协办单位不能包含牵头单位')).toBeTruthy());
    expect(screen.queryByText('诉求分类和行政区划至少选择一项')).toBeNull();
    expect(fetchMock).not.toHaveBeenCalled();
    expect(document.querySelector('.ant-select-item-option[title="已撤并的办公室"]')).toBeNull();
  });

  it('sends a valid new rule with "any" as null', async () => {
    const { fetchMock, onSaved } = renderForm(null, () => respond({ ...RULE, id: 'r2' }, 201));
    await choose('行政区划', '华埠镇（330824115）');
    await choose('牵头单位', '县自然资源局');
    save();
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ id: 'r2' })));
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/v1/routing-rules');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(init?.body as string)).toEqual({
      categoryId: null,
      regionCode: '330824115',
      leadUnitId: 'u2',
      coUnitIds: [],
      complexity: null,
      note: null,
    });
  });

  it('shows the server’s refusal beside the field it names', async () => {
    const { fetchMock, onSaved } = renderForm(RULE, () =>
      respond(
        {
          error: {
            code: 'CONFLICT',
            message: '数据冲突：该分类与区划已有派单规则',
            field: 'categoryId',
          },
        },
        409,
      ),
    );
    save();
    await waitFor(() => expect(screen.getByText('数据冲突：该分类与区划已有派单规则')).toBeTruthy());
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/v1/routing-rules/r1');
    expect(init?.method).toBe('PUT');
    expect(JSON.parse(init?.body as string)).toMatchObject({
      categoryId: 'c1',
      leadUnitId: 'u1',
      complexity: 'simple',
    });
    expect(onSaved).not.toHaveBeenCalled();
    const item = screen.getByText('数据冲突：该分类与区划已有派单规则').closest('.ant-form-item');
    expect(item?.textContent).toContain('诉求分类');
  });
});
