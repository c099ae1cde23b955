import { Alert, Button, Card, Segmented, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import type { KpiAverage, KpiCount, KpiRate } from '@qisu/core';
import { KPI_LABELS } from '@qisu/core';
import type { KpiReport } from '../../api/models';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import type { KpiBy } from '../../lib/kpi-table';
import { countHeat, drillDown, heatColour, KPI_BY } from '../../lib/kpi-table';
import type { DayRange } from '../../lib/period';
import { formatRate } from '../../lib/ranking';
import { useLoad } from '../../lib/use-load';
import { formQuery } from './FormsMenu';

type Row = KpiReport['rows'][number];

/** The rates the table shows, each with whether a higher value is better. */
const RATES: [KpiRate, boolean][] = [
  ['closeRate', true],
  ['onTimeRate', true],
  ['solveRate', true],
  ['satisfactionRate', true],
  ['responseRate', true],
  ['redoRate', false],
  ['returnRate', false],
];
const AVERAGES: KpiAverage[] = ['avgResponseHours', 'avgResolveHours'];
const COUNTS: KpiCount[] = ['late', 'overdue', 'supervised', 'yellowCards', 'redCards'];

const BY_LABELS: Record<KpiBy, MessageKey> = {
  unit: 'kpiByUnit',
  category: 'kpiByCategory',
  region: 'kpiByRegion',
  channel: 'kpiByChannel',
  industry: 'kpiByIndustry',
  liaison: 'kpiByLiaison',
};

interface Props {
  range: DayRange;
  by: KpiBy;
  onBy: (by: KpiBy) => void;
}

/**
 * 指标明细: every KPI of docs/kpi.md for the period by unit, category, region (the heat table by
 * region), channel, industry or liaison; rates shaded from red to green, received counts by their
 * share; each group's name opens the worklist of its cases where the worklist can filter by it.
 */
export function KpiTable({ range, by, onBy }: Props) {
  const { t, lang } = useI18n();
  const en = lang === 'en-US';
  const report = useLoad<KpiReport>(`/api/v1/reports/kpis?${formQuery(range)}&by=${by}`);
  const rows = report.data?.rows ?? [];
  const maxReceived = Math.max(0, ...rows.map((r) => r.received));
  const label = (k: KpiCount | KpiRate | KpiAverage) => KPI_LABELS[k][en ? 'en' : 'zh'];

  const columns: ColumnsType<Row> = [
    {
      title: t(BY_LABELS[by]),
      dataIndex: 'name',
      fixed: 'left',
      width: 170,
      ellipsis: true,
      render: (name: string, row) => {
        const to = drillDown(by, row.key, range);
        return to ? <Link to={to}>{name}</Link> : name;
      },
    },
    {
      title: label('received'),
      dataIndex: 'received',
      width: 72,
      onCell: (row) => ({ style: { background: countHeat(row.received, maxReceived) } }),
    },
    { title: label('closed'), dataIndex: 'closed', width: 72 },
    ...RATES.map(([rate, higherIsBetter]) => ({
      title: label(rate),
      dataIndex: rate,
      width: 96,
      render: (v: number | null) => formatRate(v),
      onCell: (row: Row) => ({ style: { background: heatColour(row[rate], higherIsBetter) } }),
    })),
    ...AVERAGES.map((avg) => ({
      title: label(avg),
      dataIndex: avg,
      width: 120,
      render: (v: number | null) => (v === null ? '—' : v.toFixed(1)),
    })),
    ...COUNTS.map((count) => ({ title: label(count), dataIndex: count, width: 80 })),
  ];

  return (
    <Card
      size="small"
      title={t('kpiTableTitle')}
      data-testid="kpi-table"
      extra={
        <Segmented<KpiBy>
          value={by}
          onChange={onBy}
          options={KPI_BY.map((value) => ({ value, label: t(BY_LABELS[value]) }))}
        />
      }
    >
      {report.error && (
        <Alert
          type="error"
          showIcon
          title={`${t('loadFailed')}: ${report.error}`}
          action={<Button onClick={report.reload}>{t('retry')}</Button>}
          style={{ marginBottom: 12 }}
        />
      )}
      <Table<Row>
        size="small"
        rowKey="key"
        loading={report.loading}
        dataSource={rows}
        columns={columns}
        pagination={false}
        scroll={{ x: 1700 }}
        locale={{ emptyText: t('empty') }}
        summary={() =>
          report.data && rows.length > 1 ? (
            <Table.Summary fixed>
              <Table.Summary.Row>
                {columns.map((c, i) => {
                  const key = (c as { dataIndex?: keyof Row }).dataIndex;
                  const value = key ? report.data!.total[key] : null;
                  const text =
                    i === 0
                      ? t('kpiTotal')
                      : typeof value === 'number' && RATES.some(([r]) => r === key)
                        ? formatRate(value)
                        : typeof value === 'number' && AVERAGES.includes(key as KpiAverage)
                          ? value.toFixed(1)
                          : (value ?? '—');
                  return (
                    <Table.Summary.Cell key={String(key ?? i)} index={i}>
                      <Typography.Text strong>{String(text)}</Typography.Text>
                    </Table.Summary.Cell>
                  );
                })}
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('kpiTableNote')}
      </Typography.Paragraph>
    </Card>
  );
}
