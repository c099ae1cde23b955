import { mayAct, OVERSIGHT_ROLES, SCREENING_ROLES } from '@qisu/core';
import { FilterOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Input, Select, Space, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../api/client';
import type { CaseListItem } from '../api/models';
import { useSession } from '../auth/session';
import { StatusTag } from '../components/StatusTag';
import { BulkDispatchModal } from '../components/worklist/BulkDispatchModal';
import { SavedViews } from '../components/worklist/SavedViews';
import { WorklistFilters } from '../components/worklist/WorklistFilters';
import { codeText, useI18n } from '../i18n/i18n';
import { shanghaiTime } from '../lib/clock';
import { CASE_STATUSES } from '@qisu/core';
import { DISPATCHABLE, listQuery, moreFilterCount, PAGE_SIZE, withFilters } from '../lib/worklist';

/**
 * The worklist: server-side paging, filters by state, time limits, unit, category, channel,
 * region and period, search, saved views and, for those who dispatch, bulk dispatch. All of
 * its state is in the URL.
 */
export default function CasesPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const roles = user?.roles ?? [];
  const dispatcher = mayAct(roles, SCREENING_ROLES);
  const acrossUnits = mayAct(roles, OVERSIGHT_ROLES);
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? '1') || 1;
  const query = listQuery(params);
  const [data, setData] = useState<{ items: CaseListItem[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [showMore, setShowMore] = useState(moreFilterCount(params) > 0);
  const [selected, setSelected] = useState<CaseListItem[]>([]);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [bulkSent, setBulkSent] = useState(false);

  const load = useCallback(() => {
    setLoading(true);
    setError(null);
    api<{ items: CaseListItem[]; total: number }>(`/api/v1/cases?${query}`)
      .then(setData, (e: unknown) => setError(e instanceof ApiError ? e.message : String(e)))
      .finally(() => setLoading(false));
  }, [query]);
  useEffect(load, [load]);

  const update = (next: Record<string, string>) => setParams(withFilters(params, next));
  const more = moreFilterCount(params);

  return (
    <Card title={t('cases')} extra={<SavedViews params={params} onOpen={(q) => setParams(new URLSearchParams(q))} />}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          style={{ width: 180 }}
          value={params.get('status') ?? ''}
          onChange={(v: string) => update({ status: v })}
          aria-label={t('status')}
          options={[
            { value: '', label: t('allStatuses') },
            ...CASE_STATUSES.map((s) => ({ value: s, label: codeText(t, 'status', s) })),
          ]}
        />
        <Select
          style={{ width: 140 }}
          value={params.get('clock') ?? ''}
          onChange={(v: string) => update({ clock: v })}
          aria-label={t('clocks')}
          options={[
            { value: '', label: t('allClocks') },
            { value: 'warned', label: t('warned') },
            { value: 'overdue', label: t('overdue') },
          ]}
        />
        <Select
          style={{ width: 140 }}
          value={params.get('sort') === 'due' ? 'due' : 'newest'}
          onChange={(v: string) => update({ sort: v === 'due' ? 'due' : '' })}
          aria-label={t('sortBy')}
          options={[
            { value: 'newest', label: t('sortNewest') },
            { value: 'due', label: t('sortDue') },
          ]}
        />
        <Input.Search
          key={params.get('q') ?? ''}
          allowClear
          defaultValue={params.get('q') ?? ''}
          placeholder={t('search')}
          aria-label={t('search')}
          onSearch={(v) => update({ q: v.trim() })}
          style={{ width: 300 }}
        />
        <Badge count={more} size="small">
          <Button icon={<FilterOutlined />} aria-expanded={showMore} onClick={() => setShowMore((s) => !s)}>
            {t('wlMoreFilters')}
          </Button>
        </Badge>
        {params.toString() !== '' && <Button onClick={() => setParams(new URLSearchParams())}>{t('wlClear')}</Button>}
      </Space>
      {showMore && (
        <div style={{ marginBottom: 12 }}>
          <WorklistFilters params={params} onChange={update} acrossUnits={acrossUnits} />
        </div>
      )}
      {dispatcher && (
        <Space style={{ marginBottom: 12 }}>
          <Button
            type="primary"
            icon={<SendOutlined />}
            disabled={selected.length === 0}
            onClick={() => setBulkOpen(true)}
            data-testid="bulk-dispatch"
          >
            {t('wlBulkDispatch', { n: selected.length })}
          </Button>
          <span style={{ color: '#888' }}>{t('wlSelectable')}</span>
        </Space>
      )}
      {error && (
        <Alert
          type="error"
          showIcon
          title={`${t('loadFailed')}: ${error}`}
          action={<Button onClick={load}>{t('retry')}</Button>}
          style={{ marginBottom: 16 }}
        />
      )}
      <Table<CaseListItem>
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t('empty') }}
        scroll={{ x: 1000 }}
        rowSelection={
          dispatcher
            ? {
                selectedRowKeys: selected.map((c) => c.id),
                preserveSelectedRowKeys: true,
                onChange: (_keys, rows) => setSelected(rows.filter(Boolean)),
                getCheckboxProps: (r) => ({
                  disabled: !DISPATCHABLE.includes(r.status),
                  'aria-label': r.number,
                }),
              }
            : undefined
        }
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => t('total', { n }),
          onChange: (p) => update({ page: String(p) }),
        }}
        columns={[
          {
            title: t('number'),
            dataIndex: 'number',
            width: 150,
            render: (v: string, r) => <Link to={`/cases/${r.id}`}>{v}</Link>,
          },
          { title: t('title'), dataIndex: 'title', ellipsis: true },
          { title: t('status'), dataIndex: 'status', width: 130, render: (s: string) => <StatusTag status={s} /> },
          { title: t('enterprise'), dataIndex: 'enterpriseName', width: 200, ellipsis: true },
          { title: t('leadUnit'), width: 170, render: (_, r) => r.leadUnit?.name ?? '—' },
          {
            title: t('channel'),
            dataIndex: 'channel',
            width: 100,
            render: (c: string) => codeText(t, 'channel', c),
          },
          { title: t('createdAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => shanghaiTime(v) },
        ]}
      />
      <BulkDispatchModal
        open={bulkOpen}
        cases={selected}
        onClose={() => {
          setBulkOpen(false);
          // The dispatched cases leave the dispatchable states; the selection starts afresh.
          if (bulkSent) setSelected([]);
          setBulkSent(false);
        }}
        onDone={() => {
          setBulkSent(true);
          load();
        }}
      />
    </Card>
  );
}
