import { Card, Col, Row, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { OversightSummary } from '../../api/models';
import { useI18n } from '../../i18n/i18n';
import { CHART_COLOURS } from '../../lib/oversight-charts';
import { formatRate, ratio } from '../../lib/ranking';

interface Kpi {
  key: string;
  title: string;
  value: number | string;
  hint: string;
  colour?: string;
  to?: string;
}

/**
 * The six figures a leader reads first. Open, overdue and due-soon are counted now (and lead to
 * the worklist filtered the same way); cards and satisfaction belong to the chosen period.
 */
export function KpiCards({ summary, loading }: { summary: OversightSummary | null; loading: boolean }) {
  const { t } = useI18n();
  const rate = summary ? ratio(summary.ratings.satisfied, summary.ratings.total) : null;
  const kpis: Kpi[] = [
    { key: 'open', title: t('ovsOpen'), value: summary?.open ?? 0, hint: t('ovsNow'), to: '/cases' },
    {
      key: 'overdue',
      title: t('ovsOverdue'),
      value: summary?.overdue ?? 0,
      hint: t('ovsNow'),
      colour: CHART_COLOURS.overdue,
      to: '/cases?clock=overdue&sort=due',
    },
    {
      key: 'warned',
      title: t('ovsWarned'),
      value: summary?.warned ?? 0,
      hint: t('ovsNow'),
      colour: CHART_COLOURS.yellow,
      to: '/cases?clock=warned&sort=due',
    },
    {
      key: 'yellow',
      title: t('ovsYellow'),
      value: summary?.cards.yellow ?? 0,
      hint: t('ovsInPeriod'),
      colour: CHART_COLOURS.yellow,
    },
    {
      key: 'red',
      title: t('ovsRed'),
      value: summary?.cards.red ?? 0,
      hint: t('ovsInPeriod'),
      colour: CHART_COLOURS.red,
    },
    {
      key: 'satisfaction',
      title: t('ovsSatisfaction'),
      value: formatRate(rate),
      hint: summary
        ? t('ovsRatingsOf', { satisfied: summary.ratings.satisfied, total: summary.ratings.total })
        : t('ovsInPeriod'),
    },
  ];
  const card = (k: Kpi): ReactNode => (
    <Card size="small" hoverable={k.to !== undefined} data-testid={`kpi-${k.key}`}>
      <Statistic
        title={k.title}
        value={k.value}
        loading={loading && !summary}
        styles={k.colour ? { content: { color: k.colour } } : undefined}
      />
      <Typography.Text type="secondary">{k.hint}</Typography.Text>
    </Card>
  );
  return (
    <Row gutter={[12, 12]}>
      {kpis.map((k) => (
        <Col key={k.key} xs={12} md={8} xl={4}>
          {k.to ? <Link to={k.to}>{card(k)}</Link> : card(k)}
        </Col>
      ))}
    </Row>
  );
}
