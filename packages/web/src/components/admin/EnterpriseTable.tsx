import { Input, Space, Table, Tag } from 'antd';
import type { TableColumnType, TableColumnsType, TableProps } from 'antd';
import type { LedgerEnterprise } from '../../api/models';
import type { I18n } from '../../i18n/i18n';
import { useI18n } from '../../i18n/i18n';
import type { EnterprisePage, Fetched } from '../../lib/admin-data';
import { ENTERPRISE_PAGE_SIZE } from '../../lib/admin-data';
import { SCALE_KEYS } from '../../lib/admin-labels';
import { LoadFailedAlert } from './LoadFailedAlert';

/** The search box of the enterprise ledger, by name or USCC; the words are trimmed before they are sent. */
export function EnterpriseSearch(props: { defaultValue: string; onSearch: (q: string) => void }) {
  const { t } = useI18n();
  return (
    <Input.Search
      allowClear
      defaultValue={props.defaultValue}
      placeholder={t('admEntSearch')}
      aria-label={t('admEntSearch')}
      onSearch={(v) => props.onSearch(v.trim())}
      style={{ width: 340 }}
    />
  );
}

/**
 * A page of the enterprise ledger as a table with the total, and above it the load failure with a
 * retry. The page number belongs to the caller, which keeps it in the address.
 */
export function EnterpriseTable(props: {
  list: Fetched<EnterprisePage>;
  page: number;
  onPage: (page: number) => void;
  columns: TableColumnsType<LedgerEnterprise>;
  expandable?: TableProps<LedgerEnterprise>['expandable'];
}) {
  const { t } = useI18n();
  const { list } = props;
  return (
    <>
      {list.error && <LoadFailedAlert error={list.error} onRetry={list.reload} style={{ marginBottom: 16 }} />}
      <Table<LedgerEnterprise>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('admEmpty') }}
        scroll={{ x: 1100 }}
        {...(props.expandable ? { expandable: props.expandable } : {})}
        pagination={{
          current: props.page,
          pageSize: ENTERPRISE_PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => t('admTotal', { n }),
          onChange: props.onPage,
        }}
        columns={props.columns}
      />
    </>
  );
}

/** The ledger's scale column: the enterprise's scale, tagged when it is above designated size (规上). */
export function scaleColumn(t: I18n['t'], width: number): TableColumnType<LedgerEnterprise> {
  return {
    title: t('admScale'),
    width,
    render: (_, e) => (
      <Space size={4}>
        {e.scale ? t(SCALE_KEYS[e.scale]) : '—'}
        {e.aboveDesignatedSize && <Tag color="blue">{t('admAboveSizeYes')}</Tag>}
      </Space>
    ),
  };
}

/** The ledger's region column: the region's name, or its code when the list of regions lacks it. */
export function regionColumn(t: I18n['t'], regionName: ReadonlyMap<string, string>): TableColumnType<LedgerEnterprise> {
  return {
    title: t('admRegion'),
    dataIndex: 'regionCode',
    width: 140,
    render: (code: string | null) => (code ? (regionName.get(code) ?? code) : '—'),
  };
}

/** The ledger's liaison column: who keeps the enterprise, or that nobody does yet. */
export function liaisonColumn(t: I18n['t']): TableColumnType<LedgerEnterprise> {
  return {
    title: t('admLiaison'),
    dataIndex: 'liaisonName',
    width: 120,
    render: (v: string | null) => v ?? t('admNoLiaison'),
  };
}
