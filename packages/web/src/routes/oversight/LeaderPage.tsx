import { PrinterOutlined } from '@ant-design/icons';
import { JURISDICTION_WIDE_ROLES, mayAct } from '@qisu/core';
import { Alert, Button, Card, Col, Row, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { CardRecord, CaseListItem, KpiTrend, OversightSummary, Paged, ProfileDocument } from '../../api/models';
import { useSession } from '../../auth/session';
import { ChartCard } from '../../components/charts/ChartCard';
import { FormsMenu } from '../../components/oversight/FormsMenu';
import { NoticeDocuments } from '../../components/oversight/NoticeDocuments';
import { NoticeMenu } from '../../components/oversight/NoticeMenu';
import { KpiCards } from '../../components/oversight/KpiCards';
import { KpiTable } from '../../components/oversight/KpiTable';
import { PeriodPicker } from '../../components/oversight/PeriodPicker';
import { RankingCard } from '../../components/oversight/RankingCard';
import { SupervisionRecords } from '../../components/oversight/SupervisionRecords';
import type { SuperviseTarget } from '../../components/oversight/SuperviseModal';
import { SuperviseModal } from '../../components/oversight/SuperviseModal';
import { StatusTag } from '../../components/StatusTag';
import { useCaseColumns } from '../../components/worklist/DueCell';
import { ExportButton } from '../../components/worklist/ExportButton';
import { useI18n } from '../../i18n/i18n';
import { shanghaiTime } from '../../lib/clock';
import { leaderSupervisor } from '../../lib/oversight';
import type { DrillChart } from '../../lib/oversight-charts';
import {
  categoryBarOption,
  chartDrillDown,
  channelBarOption,
  dailyLineOption,
  statusPieOption,
  trendDrillDown,
  trendOption,
  unitRankingOption,
} from '../../lib/oversight-charts';
import type { DayRange, PeriodPreset } from '../../lib/period';
import { periodFromParams, rangeInstants } from '../../lib/period';
import { unitsWithProblems } from '../../lib/ranking';
import { useLoad } from '../../lib/use-load';
import type { KpiBy } from '../../lib/kpi-table';
import { KPI_BY } from '../../lib/kpi-table';

const PAGE_SIZE = 10;

/**
 * 领导驾驶舱: the period's figures, the units' ranking, the charts, and the cases that need a
 * leader's push — overdue now, or red-carded in the period — each with a 督办 action.
 */
export default function LeaderPage() {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const { preset, range } = periodFromParams(params, new Date());
  const by = leaderSupervisor(user?.roles ?? []);
  const [target, setTarget] = useState<SuperviseTarget | null>(null);
  const [supervised, setSupervised] = useState(0);
  const [overduePage, setOverduePage] = useState(1);

  const summary = useLoad<OversightSummary>(
    `/api/v1/oversight/summary?${new URLSearchParams({ from: range.from, to: range.to }).toString()}`,
  );
  const cards = useLoad<{ items: CardRecord[] }>(
    `/api/v1/cards?${new URLSearchParams(rangeInstants(range)).toString()}`,
  );
  const overdue = useLoad<Paged<CaseListItem>>(
    `/api/v1/cases?clock=overdue&sort=due&page=${overduePage}&pageSize=${PAGE_SIZE}`,
  );
  // The six months up to the one the period ends in.
  const trend = useLoad<KpiTrend>(`/api/v1/reports/trend?cadence=month&count=6&period=${range.to.slice(0, 7)}`);
  const profile = useLoad<ProfileDocument>('/api/v1/profile');
  // Kept notices cover the whole jurisdiction: its hub, leaders and admin read them.
  const mayReadNotices = mayAct(user?.roles ?? [], JURISDICTION_WIDE_ROLES);
  const caseColumns = useCaseColumns();
  const redCards = useMemo(() => (cards.data?.items ?? []).filter((c) => c.colour === 'red'), [cards.data]);

  const data = summary.data;
  const texts = useMemo(() => ({ t, lang }), [t, lang]);
  const problems = useMemo(() => unitsWithProblems(data?.units ?? []), [data]);
  const charts = useMemo(
    () =>
      data
        ? {
            ranking: unitRankingOption(problems, texts),
            status: statusPieOption(data, texts),
            category: categoryBarOption(data, texts),
            channel: channelBarOption(data, texts),
            daily: dailyLineOption(data, texts),
          }
        : null,
    [data, problems, texts],
  );
  const trendChart = useMemo(() => (trend.data ? trendOption(trend.data, texts) : null), [trend.data, texts]);

  const kpiBy = (KPI_BY as readonly string[]).includes(params.get('by') ?? '') ? (params.get('by') as KpiBy) : 'unit';
  const chooseBy = (next: KpiBy) => {
    const query = new URLSearchParams(params);
    if (next === 'unit') query.delete('by');
    else query.set('by', next);
    setParams(query);
  };

  const navigate = useNavigate();
  /** A click on a chart opens the cases behind it. */
  const drill = (chart: DrillChart) => (index: number) => {
    const to = data ? chartDrillDown(chart, index, data, problems, range) : null;
    if (to) void navigate(to);
  };

  const choose = (next: PeriodPreset, nextRange: DayRange) => {
    const query = new URLSearchParams();
    if (kpiBy !== 'unit') query.set('by', kpiBy);
    if (next !== 'thisMonth') query.set('period', next);
    if (next === 'custom') {
      query.set('from', nextRange.from);
      query.set('to', nextRange.to);
    }
    setParams(query);
  };

  const superviseColumn = <T,>(toTarget: (row: T) => SuperviseTarget | null) =>
    by
      ? [
          {
            title: t('ovsOperation'),
            width: 90,
            render: (_: unknown, row: T) => {
              const next = toTarget(row);
              return next ? (
                <Button size="small" onClick={() => setTarget(next)}>
                  {t('ovsSupervise')}
                </Button>
              ) : null;
            },
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

  const chartLoading = summary.loading && !data;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={t('ovsLeaderTitle')}
        extra={
          <Space wrap>
            <PeriodPicker preset={preset} range={range} onChange={choose} />
            <NoticeMenu range={range} />
            <FormsMenu range={range} />
            <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
              {t('ovsPrint')}
            </Button>
            <Link to="/activities?tab=leaders" data-testid="activities-link">
              {t('actTitle')}
            </Link>
            {profile.data?.reports.publicPage && user?.jurisdiction && (
              <Link to={`/p/${user.jurisdiction}`} target="_blank" data-testid="public-page-link">
                {t('pubLink')}
              </Link>
            )}
          </Space>
        }
        styles={{ header: { flexWrap: 'wrap' } }}
      >
        {loadError(summary.error, summary.reload)}
        <KpiCards summary={data} loading={summary.loading} />
        {data && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {`${data.from} — ${data.to} · ${t('ovsAsOf', { time: shanghaiTime(data.asOf) })}`}
          </Typography.Paragraph>
        )}
      </Card>

      <RankingCard />

      <KpiTable range={range} by={kpiBy} onBy={chooseBy} />

      {mayReadNotices && <NoticeDocuments range={range} />}

      <Typography.Text type="secondary" className="no-print">
        {t('ovsChartHint')}
      </Typography.Text>
      <Row gutter={[16, 16]}>
        <Col span={24}>
          {loadError(trend.error, trend.reload)}
          <ChartCard
            title={t('ovsTrendTitle')}
            option={trendChart ?? {}}
            onPick={(index) => {
              const to = trend.data ? trendDrillDown(trend.data, index) : null;
              if (to) void navigate(to);
            }}
            empty={(trend.data?.rows ?? []).every((r) => r.received === 0)}
            loading={trend.loading && !trend.data}
            height={280}
          />
        </Col>
        <Col span={24}>
          <ChartCard
            title={t('ovsRankingTitle')}
            option={charts?.ranking ?? {}}
            onPick={drill('units')}
            empty={problems.length === 0}
            emptyText={t('ovsNoRanking')}
            loading={chartLoading}
            height={Math.max(260, 48 + problems.length * 36)}
          />
        </Col>
        <Col xs={24} lg={8}>
          <ChartCard
            title={t('ovsStatusTitle')}
            option={charts?.status ?? {}}
            onPick={drill('status')}
            empty={(data?.byStatus.length ?? 0) === 0}
            loading={chartLoading}
          />
        </Col>
        <Col xs={24} lg={8}>
          <ChartCard
            title={t('ovsCategoryTitle')}
            option={charts?.category ?? {}}
            onPick={drill('category')}
            empty={(data?.byCategory.length ?? 0) === 0}
            loading={chartLoading}
          />
        </Col>
        <Col xs={24} lg={8}>
          <ChartCard
            title={t('ovsChannelTitle')}
            option={charts?.channel ?? {}}
            onPick={drill('channel')}
            empty={(data?.byChannel.length ?? 0) === 0}
            loading={chartLoading}
          />
        </Col>
        <Col span={24}>
          <ChartCard
            title={t('ovsDailyTitle')}
            option={charts?.daily ?? {}}
            onPick={drill('daily')}
            empty={(data?.filed ?? 0) === 0}
            loading={chartLoading}
            height={240}
          />
        </Col>
      </Row>

      <Row gutter={[16, 16]}>
        <Col span={24}>
          <Card
            size="small"
            title={t('ovsOverdueCases')}
            extra={<ExportButton query="clock=overdue&sort=due" disabled={!overdue.data?.total} />}
          >
            {loadError(overdue.error, overdue.reload)}
            <Table<CaseListItem>
              size="small"
              rowKey="id"
              loading={overdue.loading}
              dataSource={overdue.data?.items ?? []}
              locale={{ emptyText: t('empty') }}
              scroll={{ x: 900 }}
              pagination={{
                current: overduePage,
                pageSize: PAGE_SIZE,
                total: overdue.data?.total ?? 0,
                showSizeChanger: false,
                showTotal: (n) => t('total', { n }),
                onChange: setOverduePage,
              }}
              columns={[
                caseColumns.number,
                { title: t('title'), dataIndex: 'title', ellipsis: true },
                caseColumns.due,
                { title: t('leadUnit'), width: 150, ellipsis: true, render: (_, r) => r.leadUnit?.name ?? '—' },
                { ...caseColumns.enterprise, width: 160 },
                {
                  title: t('status'),
                  dataIndex: 'status',
                  width: 120,
                  render: (s: string) => <StatusTag status={s} />,
                },
                ...superviseColumn<CaseListItem>((r) => ({ caseId: r.id, number: r.number, title: r.title })),
              ]}
            />
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title={t('ovsRedCardCases')}>
            {loadError(cards.error, cards.reload)}
            <Table<CardRecord>
              size="small"
              rowKey="id"
              loading={cards.loading}
              dataSource={redCards}
              locale={{ emptyText: t('empty') }}
              scroll={{ x: 640 }}
              pagination={{ pageSize: PAGE_SIZE, showSizeChanger: false, showTotal: (n) => t('total', { n }) }}
              columns={[
                {
                  title: t('number'),
                  dataIndex: 'caseNumber',
                  width: 150,
                  render: (v: string | null, r) => (r.caseId ? <Link to={`/cases/${r.caseId}`}>{v}</Link> : '—'),
                },
                { title: t('ovsResponsibleUnit'), dataIndex: 'unitName', width: 150, ellipsis: true },
                { title: t('ovsCardReason'), dataIndex: 'reason', ellipsis: true },
                { title: t('ovsIssuedAt'), dataIndex: 'issuedAt', width: 140, render: (v: string) => shanghaiTime(v) },
                ...superviseColumn<CardRecord>((r) =>
                  r.caseId && r.caseNumber ? { caseId: r.caseId, number: r.caseNumber } : null,
                ),
              ]}
            />
          </Card>
        </Col>
      </Row>

      <Card size="small" title={t('ovsRecords')}>
        <SupervisionRecords version={supervised} />
      </Card>

      {by && (
        <SuperviseModal
          target={target}
          by={by}
          onClose={() => setTarget(null)}
          onDone={() => {
            setTarget(null);
            setSupervised((n) => n + 1);
          }}
        />
      )}
    </Space>
  );
}
