import { DatePicker, Select, Space, TreeSelect } from 'antd';
import dayjs from 'dayjs';
import type { CategoryOption, RegionOption, UnitOption } from '../../api/reference';
import { isHandlingUnit, useReference } from '../../api/reference';
import { codeText, useI18n } from '../../i18n/i18n';
import { CHANNELS } from '@qisu/core';

interface Props {
  params: URLSearchParams;
  onChange: (next: Record<string, string>) => void;
  /** Whether the user's scope spans units (hub, leader, admin, discipline): then the unit filter shows. */
  acrossUnits: boolean;
}

interface TreeNode {
  value: string;
  title: string;
  children: TreeNode[];
}

/** Categories as a tree for the category filter. */
export function categoryTree(categories: CategoryOption[], en: boolean): TreeNode[] {
  const nodes = new Map<string, TreeNode>(
    categories.map((c) => [c.id, { value: c.id, title: en && c.nameEn ? c.nameEn : c.name, children: [] }]),
  );
  const roots: TreeNode[] = [];
  for (const c of categories) {
    const node = nodes.get(c.id);
    if (!node) continue;
    const parent = c.parentId ? nodes.get(c.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** The worklist's further filters: unit, category (with those below it), channel, region, period. */
export function WorklistFilters({ params, onChange, acrossUnits }: Props) {
  const { t, lang } = useI18n();
  const units = useReference<UnitOption>(acrossUnits ? '/api/v1/units' : null);
  const categories = useReference<CategoryOption>('/api/v1/categories');
  const regions = useReference<RegionOption>('/api/v1/regions');
  const from = params.get('from');
  const to = params.get('to');
  return (
    <Space wrap>
      {acrossUnits && (
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ width: 200 }}
          placeholder={t('wlUnit')}
          aria-label={t('wlUnit')}
          value={params.get('unitId') ?? undefined}
          onChange={(v?: string) => onChange({ unitId: v ?? '' })}
          options={units.filter(isHandlingUnit).map((u) => ({ value: u.id, label: u.name }))}
        />
      )}
      <TreeSelect
        allowClear
        showSearch
        treeNodeFilterProp="title"
        style={{ width: 200 }}
        placeholder={t('wlCategory')}
        aria-label={t('wlCategory')}
        value={params.get('categoryId') ?? undefined}
        onChange={(v?: string) => onChange({ categoryId: v ?? '' })}
        treeData={categoryTree(categories, lang === 'en-US')}
        treeDefaultExpandAll
      />
      <Select
        allowClear
        mode="multiple"
        style={{ minWidth: 160 }}
        placeholder={t('wlChannel')}
        aria-label={t('wlChannel')}
        value={params.get('channel')?.split(',').filter(Boolean) ?? []}
        onChange={(v: string[]) => onChange({ channel: v.join(',') })}
        options={CHANNELS.map((c) => ({ value: c, label: codeText(t, 'channel', c) }))}
      />
      <Select
        allowClear
        showSearch
        optionFilterProp="label"
        style={{ width: 200 }}
        placeholder={t('wlRegion')}
        aria-label={t('wlRegion')}
        value={params.get('regionCode') ?? undefined}
        onChange={(v?: string) => onChange({ regionCode: v ?? '' })}
        options={regions.map((r) => ({ value: r.code, label: `${r.name}（${r.code}）` }))}
      />
      <DatePicker.RangePicker
        aria-label={t('wlPeriod')}
        placeholder={[t('wlPeriod'), t('wlPeriod')]}
        value={from && to ? [dayjs(from), dayjs(to)] : null}
        onChange={(range) =>
          onChange({
            from: range?.[0]?.format('YYYY-MM-DD') ?? '',
            to: range?.[1]?.format('YYYY-MM-DD') ?? '',
          })
        }
      />
    </Space>
  );
}
