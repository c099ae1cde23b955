import { Alert, Button, Card, Input, Select, Space, Table } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../api/client';
import type { CaseListItem } from '../api/types';
import { StatusTag } from '../components/StatusTag';
import { useI18n } from '../i18n/i18n';
import { shanghaiTime } from '../lib/clock';
import { label, STATUS_LABELS } from '../lib/labels';

/** The worklist: server-side paging, a state filter and search, all kept in the URL. */
export default function CasesPage() {
  const { t, lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? '1');
  const status = params.get('status') ?? '';
  const q = params.get('q') ?? '';
  const clock = params.get('clock') ?? '';
  const sort = params.get('sort') === 'due' ? 'due' : 'newest';
  const [data, setData] = useState<{ items: CaseListItem[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  const load = useCallback(() => {
    setLoading(true);
    setError(null);
    const query = new URLSearchParams({ page: String(page), pageSize: '20' });
    if (status) query.set('status', status);
    if (q) query.set('q', q);
    if (clock) query.set('clock', clock);
    if (sort === 'due') query.set('sort', 'due');
    api<{ items: CaseListItem[]; total: number }>(`/api/v1/cases?${query.toString()}`)
      .then(setData, (e: unknown) => setError(e instanceof ApiError ? e.message : String(e)))
      .finally(() => setLoading(false));
  }, [page, status, q, clock, sort]);
  useEffect(load, [load]);

  const update = (next: Record<string, string>) => {
    const merged = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) merged.set(k, v);
      else merged.delete(k);
    }
    setParams(merged);
  };

  return (
    <Card title={t('cases')}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          style={{ width: 180 }}
          value={status}
          onChange={(v: string) => update({ status: v, page: '' })}
          aria-label={t('status')}
          options={[
            { value: '', label: t('allStatuses') },
            ...Object.keys(STATUS_LABELS).map((s) => ({ value: s, label: label(STATUS_LABELS, s, lang) })),
          ]}
        />
        <Select
          style={{ width: 140 }}
          value={clock}
          onChange={(v: string) => update({ clock: v, page: '' })}
          aria-label={t('clocks')}
          options={[
            { value: '', label: t('allClocks') },
            { value: 'warned', label: t('warned') },
            { value: 'overdue', label: t('overdue') },
          ]}
        />
        <Select
          style={{ width: 140 }}
          value={sort}
          onChange={(v: string) => update({ sort: v === 'due' ? 'due' : '', page: '' })}
          aria-label={t('sortBy')}
          options={[
            { value: 'newest', label: t('sortNewest') },
            { value: 'due', label: t('sortDue') },
          ]}
        />
        <Input.Search
          allowClear
          defaultValue={q}
          placeholder={t('search')}
          aria-label={t('search')}
          onSearch={(v) => update({ q: v.trim(), page: '' })}
          style={{ width: 320 }}
        />
      </Space>
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
        scroll={{ x: 900 }}
        pagination={{
          current: page,
          pageSize: 20,
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
          { title: t('enterprise'), dataIndex: 'enterpriseName', width: 220, ellipsis: true },
          { title: t('leadUnit'), width: 180, render: (_, r) => r.leadUnit?.name ?? '—' },
          { title: t('createdAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => shanghaiTime(v) },
        ]}
      />
    </Card>
  );
}
