import { Alert, Button, Card, Space, Table, Tabs, Tag } from 'antd';
import { useEffect, useState } from 'react';
import type { Paged, RedCardCase, UnsatisfiedCase } from '../../api/models';
import { useSession } from '../../auth/session';
import { PeriodPicker } from '../../components/oversight/PeriodPicker';
import { SupervisionRecords } from '../../components/oversight/SupervisionRecords';
import type { SuperviseTarget } from '../../components/oversight/SuperviseModal';
import { SuperviseModal } from '../../components/oversight/SuperviseModal';
import { StatusTag } from '../../components/StatusTag';
import { CaseNumberCell, DueCell, useCaseColumns } from '../../components/worklist/DueCell';
import { ExportButton } from '../../components/worklist/ExportButton';
import { useI18n } from '../../i18n/i18n';
import { shanghaiTime } from '../../lib/clock';
import { disciplineExportQuery, disciplineSupervisor } from '../../lib/oversight';
import type { DayRange, PeriodPreset } from '../../lib/period';
import { periodFromParams } from '../../lib/period';
import { useLoad } from '../../lib/use-load';
import { useQueryParams } from '../../lib/use-query-params';

const PAGE_SIZE = 10;
const TABS = ['unsatisfied', 'red', 'records'] as const;
type Tab = (typeof TABS)[number];

/**
 * 纪检监督: the cases handed to the discipline commission — unsatisfied ratings and red cards —
 * and every supervision record it may read; on a case it opens a record of its own (倒查).
 * Everything comes from the oversight API, so a leader or an admin sees the same lists over
 * their own scope. Each case list exports to Excel through the worklist export, with the
 * filters that hold that list's cases (`disciplineExportQuery`).
 */
export default function DisciplinePage() {
  const { t } = useI18n();
  const { user } = useSession();
  const [params, update] = useQueryParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as Tab)
    : 'unsatisfied';
  const { preset, range } = periodFromParams(params, new Date());
  const by = disciplineSupervisor(user?.roles ?? []);
  const [target, setTarget] = useState<SuperviseTarget | null>(null);
  const [version, setVersion] = useState(0);
  const [unsatisfiedPage, setUnsatisfiedPage] = useState(1);
  const [redPage, setRedPage] = useState(1);

  const unsatisfied = useLoad<Paged<UnsatisfiedCase>>(
    `/api/v1/oversight/unsatisfied?page=${unsatisfiedPage}&pageSize=${PAGE_SIZE}`,
  );
  const reloadUnsatisfied = unsatisfied.reload;
  useEffect(() => {
    if (version > 0) reloadUnsatisfied();
  }, [version, reloadUnsatisfied]);
  const redQuery = new URLSearchParams({
    from: range.from,
    to: range.to,
    page: String(redPage),
    pageSize: String(PAGE_SIZE),
  });
  const red = useLoad<Paged<RedCardCase> & { from: string; to: string }>(
    tab === 'red' ? `/api/v1/oversight/red-cards?${redQuery.toString()}` : null,
  );

  const choose = (next: PeriodPreset, nextRange: DayRange) => {
    setRedPage(1);
    update({
      period: next === 'thisMonth' ? '' : next,
      from: next === 'custom' ? nextRange.from : '',
      to: next === 'custom' ? nextRange.to : '',
    });
  };

  const auditColumn = <T,>(toTarget: (row: T) => SuperviseTarget, done?: (row: T) => boolean) =>
    by
      ? [
          {
            title: t('ovsOperation'),
            width: 110,
            render: (_: unknown, row: T) => (
              <Space size={4}>
                {done?.(row) && <Tag color="red">{t('ovsAudited')}</Tag>}
                <Button size="small" onClick={() => setTarget(toTarget(row))}>
                  {t('ovsAudit')}
                </Button>
              </Space>
            ),
          },
        ]
      : [];

  const loadError = (error: string | null, retry: () => void) =>
    error && (
      <Alert
        type="error"
        showIcon
        title={`${t('loadFailed')}: ${error}`}
        action={<Button onClick={retry}>{t('retry')}</Button>}
        style={{ marginBottom: 12 }}
      />
    );

  const listColumns = useCaseColumns();

  const unsatisfiedTab = (
    <>
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'flex-end' }}>
        <ExportButton
          query={disciplineExportQuery('unsatisfied', range)}
          disabled={!unsatisfied.data || unsatisfied.data.total === 0}
        />
      </Space>
      {loadError(unsatisfied.error, unsatisfied.reload)}
      <Table<UnsatisfiedCase>
        size="small"
        rowKey="id"
        loading={unsatisfied.loading}
        dataSource={unsatisfied.data?.items ?? []}
        locale={{ emptyText: t('empty') }}
        scroll={{ x: 1720 }}
        pagination={{
          current: unsatisfiedPage,
          pageSize: PAGE_SIZE,
          total: unsatisfied.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => t('total', { n }),
          onChange: setUnsatisfiedPage,
        }}
        columns={[
          listColumns.number,
          { title: t('title'), dataIndex: 'title', width: 220, ellipsis: true },
          { title: t('status'), dataIndex: 'status', width: 120, render: (s: string) => <StatusTag status={s} /> },
          listColumns.due,
          { title: t('enterprise'), dataIndex: 'enterpriseName', width: 180, ellipsis: true },
          { title: t('leadUnit'), width: 140, ellipsis: true, render: (_, r) => r.leadUnit?.name ?? '—' },
          { title: t('ovsScore'), dataIndex: 'lastScore', width: 70 },
          { title: t('ovsUnsatisfiedTimes'), dataIndex: 'unsatisfiedRatings', width: 100 },
          {
            title: t('ovsComment'),
            dataIndex: 'lastComment',
            width: 200,
            ellipsis: true,
            render: (v: string | null) => v ?? '—',
          },
          { title: t('ovsRatedAt'), dataIndex: 'lastRatedAt', width: 140, render: (v: string) => shanghaiTime(v) },
          ...auditColumn<UnsatisfiedCase>(
            (r) => ({ caseId: r.id, number: r.number, title: r.title }),
            (r) => r.disciplineSupervised,
          ),
        ]}
      />
    </>
  );

  const redTab = (
    <>
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <PeriodPicker preset={preset} range={range} onChange={choose} />
        <ExportButton query={disciplineExportQuery('red', range)} disabled={!red.data || red.data.total === 0} />
      </Space>
      {loadError(red.error, red.reload)}
      <Table<RedCardCase>
        size="small"
        rowKey="id"
        loading={red.loading}
        dataSource={red.data?.items ?? []}
        locale={{ emptyText: t('empty') }}
        scroll={{ x: 1560 }}
        pagination={{
          current: redPage,
          pageSize: PAGE_SIZE,
          total: red.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => t('total', { n }),
          onChange: setRedPage,
        }}
        columns={[
          { title: t('number'), width: 200, render: (_, r) => <CaseNumberCell row={r.case} /> },
          { title: t('title'), width: 220, ellipsis: true, render: (_, r) => r.case.title },
          { title: t('status'), width: 120, render: (_, r) => <StatusTag status={r.case.status} /> },
          { title: t('dlColumn'), width: 200, render: (_, r) => <DueCell row={r.case} /> },
          { title: t('enterprise'), width: 180, ellipsis: true, render: (_, r) => r.case.enterpriseName ?? '—' },
          { title: t('ovsResponsibleUnit'), width: 150, ellipsis: true, render: (_, r) => r.unit.name },
          { title: t('ovsCardReason'), dataIndex: 'reason', width: 200, ellipsis: true },
          { title: t('ovsIssuedAt'), dataIndex: 'issuedAt', width: 140, render: (v: string) => shanghaiTime(v) },
          ...auditColumn<RedCardCase>((r) => ({ caseId: r.case.id, number: r.case.number, title: r.case.title })),
        ]}
      />
    </>
  );

  return (
    <Card title={t('ovsDisciplineTitle')}>
      <Tabs
        activeKey={tab}
        onChange={(key) => update({ tab: key === 'unsatisfied' ? '' : key })}
        items={[
          { key: 'unsatisfied', label: t('ovsUnsatisfiedCases'), children: unsatisfiedTab },
          { key: 'red', label: t('ovsRedCardCases'), children: redTab },
          { key: 'records', label: t('ovsRecords'), children: <SupervisionRecords version={version} /> },
        ]}
      />
      {by && (
        <SuperviseModal
          target={target}
          by={by}
          onClose={() => setTarget(null)}
          onDone={() => {
            setTarget(null);
            setVersion((n) => n + 1);
          }}
        />
      )}
    </Card>
  );
}
