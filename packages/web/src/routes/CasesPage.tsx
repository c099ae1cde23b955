import { IMPORTER_ROLES, mayAct, OVERSIGHT_ROLES, SCREENING_ROLES } from '@qisu/core';
import { FilterOutlined, SendOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Input, Select, Space, Table, Tooltip } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../api/client';
import type { CaseListItem } from '../api/models';
import { useSession } from '../auth/session';
import { ImportDialog } from '../components/imports/ImportDialog';
import { StatusTag } from '../components/StatusTag';
import { BulkDispatchModal } from '../components/worklist/BulkDispatchModal';
import { useCaseColumns } from '../components/worklist/DueCell';
import { ExportButton } from '../components/worklist/ExportButton';
import { SavedViews } from '../components/worklist/SavedViews';
import { WorklistFilters } from '../components/worklist/WorklistFilters';
import { WorklistTabs } from '../components/worklist/WorklistTabs';
import { codeText, useI18n } from '../i18n/i18n';
import { shanghaiTime } from '../lib/clock';
import { useLoad } from '../lib/use-load';
import {
  countsQuery,
  DISPATCHABLE,
  exportQuery,
  listQuery,
  moreFilterCount,
  PAGE_SIZE,
  withFilters,
} from '../lib/worklist';
import type { CaseCounts } from '../lib/worklist-tabs';
import { activeTab, isUnitInbox, tabFilters, tabsFor, worklistParams } from '../lib/worklist-tabs';

/**
 * The worklist: tabs of the role's states with their counts, server-side paging, each case's
 * nearest time limit as a countdown, filters by unit, category, channel, region and period,
 * search, saved views, export to Excel and, for those who dispatch, bulk dispatch. All of its
 * state is in the URL; a unit's inbox opens due-first.
 */
export default function CasesPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const roles = user?.roles ?? [];
  const dispatcher = mayAct(roles, SCREENING_ROLES);
  const acrossUnits = mayAct(roles, OVERSIGHT_ROLES);
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? '1') || 1;
  const unitInbox = isUnitInbox(roles);
  // What the list shows: the URL, with a unit's defaults (due-first, its own states).
  const shown = useMemo(() => worklistParams(params, roles), [params, roles]);
  const query = listQuery(shown);
  const tabs = tabsFor(roles);
  const tab = activeTab(tabs, shown);
  const counts = useLoad<CaseCounts>(`/api/v1/cases/counts?${countsQuery(shown)}`);
  const columns = useCaseColumns();
  const [data, setData] = useState<{ items: CaseListItem[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [showMore, setShowMore] = useState(moreFilterCount(params) > 0);
  const [selected, setSelected] = useState<CaseListItem[]>([]);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [bulkSent, setBulkSent] = useState(false);
  const importer = mayAct(roles, IMPORTER_ROLES);
  const [importing, setImporting] = useState(false);

  const load = useCallback(() => {
    setLoading(true);
    setError(null);
    api<{ items: CaseListItem[]; total: number }>(`/api/v1/cases?${query}`)
      .then(setData, (e: unknown) => setError(e instanceof ApiError ? e.message : String(e)))
      .finally(() => setLoading(false));
  }, [query]);
  useEffect(load, [load]);
  const reloadCounts = counts.reload;

  const update = (next: Record<string, string>) => setParams(withFilters(params, next));
  const more = moreFilterCount(params);

  return (
    <Card
      title={t('cases')}
      extra={
        <Space>
          {importer && (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="import-cases">
              {t('impButton')}
            </Button>
          )}
          <SavedViews params={params} onOpen={(q) => setParams(new URLSearchParams(q))} />
        </Space>
      }
    >
      <WorklistTabs
        tabs={tabs}
        active={tab}
        otherStatuses={(shown.get('status') ?? '').split(',').filter(Boolean)}
        otherClock={shown.get('clock') ?? ''}
        counts={counts.data}
        onChoose={(next) => update(tabFilters(next))}
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          style={{ width: 140 }}
          value={shown.get('sort') === 'due' ? 'due' : 'newest'}
          // A unit's inbox is due-first unless it says otherwise; everyone else's newest-first.
          onChange={(v: string) => update({ sort: v === 'due' ? (unitInbox ? '' : 'due') : unitInbox ? 'newest' : '' })}
          aria-label={t('sortBy')}
          options={[
            { value: 'newest', label: t('sortNewest') },
            { value: 'due', label: t('sortDue') },
          ]}
        />
        <Tooltip title={t('wlSearchFinds')} placement="topLeft">
          <Input.Search
            key={params.get('q') ?? ''}
            allowClear
            defaultValue={params.get('q') ?? ''}
            placeholder={t('wlSearchHint')}
            aria-label={t('wlSearchFinds')}
            onSearch={(v) => update({ q: v.trim() })}
            style={{ width: 360 }}
            data-testid="worklist-search"
          />
        </Tooltip>
        <Badge count={more} size="small">
          <Button icon={<FilterOutlined />} aria-expanded={showMore} onClick={() => setShowMore((s) => !s)}>
            {t('wlMoreFilters')}
          </Button>
        </Badge>
        {params.toString() !== '' && <Button onClick={() => setParams(new URLSearchParams())}>{t('wlClear')}</Button>}
        <ExportButton query={exportQuery(shown)} disabled={!data || data.total === 0} />
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
        scroll={{ x: 1200 }}
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
          columns.number,
          { title: t('title'), dataIndex: 'title', ellipsis: true },
          { title: t('status'), dataIndex: 'status', width: 120, render: (s: string) => <StatusTag status={s} /> },
          columns.due,
          columns.enterprise,
          // A unit's own cases name it as lead unit (or co-unit): the column says nothing there.
          ...(unitInbox
            ? []
            : [
                {
                  title: t('leadUnit'),
                  width: 130,
                  ellipsis: true,
                  render: (_: unknown, r: CaseListItem) => r.leadUnit?.name ?? '—',
                },
              ]),
          {
            title: t('channel'),
            dataIndex: 'channel',
            width: 104,
            render: (c: string) => codeText(t, 'channel', c),
          },
          {
            title: t('createdAt'),
            dataIndex: 'createdAt',
            width: 150,
            render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{shanghaiTime(v)}</span>,
          },
        ]}
      />
      {importer && (
        <ImportDialog
          kind="cases"
          open={importing}
          onClose={() => setImporting(false)}
          onImported={() => {
            load();
            reloadCounts();
          }}
        />
      )}
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
          reloadCounts();
        }}
      />
    </Card>
  );
}
