import { Card, Empty, Skeleton, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';
import type { ChartOption } from '../../lib/oversight-charts';
import { EChart } from './EChart';

interface Props {
  title: string;
  option: ChartOption;
  /** No data to draw: an empty state under the title instead of bare axes. */
  empty: boolean;
  loading: boolean;
  height?: number;
  emptyText?: string;
  /** Opens what is behind the bar, slice or point clicked (its data index). */
  onPick?: (dataIndex: number) => void;
}

/** A chart in a card, with its loading and empty states; the chart draws its own title. */
export function ChartCard({ title, option, empty, loading, height = 300, emptyText, onPick }: Props) {
  const { t } = useI18n();
  let body;
  if (loading) body = <Skeleton active paragraph={{ rows: 6 }} />;
  else if (empty) {
    body = (
      <>
        <Typography.Text strong>{title}</Typography.Text>
        <Empty description={emptyText ?? t('empty')} style={{ marginTop: 48 }} />
      </>
    );
  } else body = <EChart option={option} label={title} height={height} {...(onPick ? { onPick } : {})} />;
  return (
    <Card size="small" styles={{ body: { minHeight: height + 24 } }}>
      {body}
    </Card>
  );
}
