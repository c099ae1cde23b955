import { Alert, Button, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import type { Paged, SupervisionRecord } from '../../api/models';
import { useI18n } from '../../i18n/i18n';
import { shanghaiTime } from '../../lib/clock';
import type { SupervisionBy } from '../../lib/oversight';
import { SUPERVISION_BY_KEYS } from '../../lib/oversight';
import { useLoad } from '../../lib/use-load';
import { StatusTag } from '../StatusTag';

const PAGE_SIZE = 10;
const BY_COLOURS: Record<SupervisionBy, string> = { platform: 'blue', leader: 'gold', discipline: 'red' };

/**
 * Supervision records on the cases the user may see, newest first, filtered by who supervised.
 * `version` changes after the page records a supervision, to show it at once.
 */
export function SupervisionRecords({ version = 0 }: { version?: number }) {
  const { t } = useI18n();
  const [by, setBy] = useState<SupervisionBy | ''>('');
  const [page, setPage] = useState(1);
  const query = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE) });
  if (by) query.set('by', by);
  const { data, error, loading, reload } = useLoad<Paged<SupervisionRecord>>(
    `/api/v1/supervisions?${query.toString()}`,
  );
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);

  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Select<SupervisionBy | ''>
          style={{ width: 180 }}
          aria-label={t('ovsBy')}
          value={by}
          onChange={(v) => {
            setBy(v);
            setPage(1);
          }}
          options={[
            { value: '', label: t('ovsAllBy') },
            ...(Object.keys(SUPERVISION_BY_KEYS) as SupervisionBy[]).map((k) => ({
              value: k,
              label: t(SUPERVISION_BY_KEYS[k]),
            })),
          ]}
        />
      </Space>
      {error && (
        <Alert
          type="error"
          showIcon
          title={`${t('loadFailed')}: ${error}`}
          action={<Button onClick={reload}>{t('retry')}</Button>}
          style={{ marginBottom: 12 }}
        />
      )}
      <Table<SupervisionRecord>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        locale={{ emptyText: t('empty') }}
        scroll={{ x: 900 }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => t('total', { n }),
          onChange: setPage,
        }}
        columns={[
          {
            title: t('ovsCase'),
            width: 160,
            render: (_, r) => <Link to={`/cases/${r.case.id}`}>{r.case.number}</Link>,
          },
          { title: t('title'), ellipsis: true, render: (_, r) => r.case.title },
          { title: t('status'), width: 130, render: (_, r) => <StatusTag status={r.case.status} /> },
          {
            title: t('ovsBy'),
            dataIndex: 'by',
            width: 120,
            render: (v: SupervisionBy) => <Tag color={BY_COLOURS[v]}>{t(SUPERVISION_BY_KEYS[v])}</Tag>,
          },
          { title: t('ovsInstruction'), dataIndex: 'instruction', ellipsis: true },
          {
            title: t('ovsResponse'),
            dataIndex: 'response',
            ellipsis: true,
            render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('ovsNoResponse')}</Typography.Text>,
          },
          { title: t('ovsActor'), width: 110, render: (_, r) => r.actor?.name ?? '—' },
          { title: t('ovsAt'), dataIndex: 'at', width: 150, render: (v: string) => shanghaiTime(v) },
        ]}
      />
    </>
  );
}
