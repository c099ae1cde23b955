import { Card, Table, Tag, Typography } from 'antd';
import type { OversightUnitFigures } from '../../api/models';
import { useI18n } from '../../i18n/i18n';
import type { RankedUnit } from '../../lib/ranking';
import { formatRate, redBlackLists } from '../../lib/ranking';

/** 红榜 and 黑榜 of the period, side by side in one card. */
export function RedBlackLists({ units, loading }: { units: readonly OversightUnitFigures[]; loading: boolean }) {
  const { t } = useI18n();
  const { best, worst } = redBlackLists(units);
  const table = (rows: RankedUnit[], worstList: boolean) => (
    <Table<RankedUnit>
      size="small"
      rowKey="unitId"
      loading={loading}
      dataSource={rows}
      pagination={false}
      locale={{ emptyText: t('ovsNoRanking') }}
      columns={[
        { title: '#', width: 40, render: (_, __, i) => i + 1 },
        { title: t('ovsUnit'), dataIndex: 'unitName', ellipsis: true },
        worstList
          ? {
              title: t('ovsPenalty'),
              dataIndex: 'penalty',
              width: 70,
              render: (v: number) => <Tag color="red">{v}</Tag>,
            }
          : {
              title: t('ovsOnTimeRate'),
              dataIndex: 'onTimeRate',
              width: 110,
              render: (v: number | null) => formatRate(v),
            },
        {
          title: t('ovsSatisfactionRate'),
          dataIndex: 'satisfactionRate',
          width: 110,
          render: (v: number | null) => formatRate(v),
        },
      ]}
    />
  );
  return (
    <Card size="small">
      <Typography.Text strong style={{ color: '#cf1322' }}>
        {t('ovsRedList')}
      </Typography.Text>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('ovsRedListHint')}
      </Typography.Paragraph>
      {table(best, false)}
      <Typography.Text strong style={{ display: 'block', marginTop: 16 }}>
        {t('ovsBlackList')}
      </Typography.Text>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('ovsBlackListHint')}
      </Typography.Paragraph>
      {table(worst, true)}
    </Card>
  );
}
