import { Alert, Card, Layout, Table, Tag, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { KPI_LABELS } from '@qisu/core';
import type { ResponseOf } from '../../api/models';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useI18n } from '../../i18n/i18n';
import { formatRate, rankText } from '../../lib/ranking';
import { useLoad } from '../../lib/use-load';

type PublicRanking = ResponseOf<'/api/v1/public/jurisdictions/{code}/ranking'>;
type Row = PublicRanking['rows'][number];

const RATES = ['closeRate', 'onTimeRate', 'solveRate', 'satisfactionRate'] as const;

/**
 * 晾晒: a jurisdiction's public ranking of its units for the last complete period, for anyone
 * without logging in, where its profile publishes one. Units and rates only; no person, no case.
 */
export default function PublicRankingPage() {
  const { code = '' } = useParams();
  const { t, lang } = useI18n();
  const en = lang === 'en-US';
  const loaded = useLoad<PublicRanking>(`/api/v1/public/jurisdictions/${encodeURIComponent(code)}/ranking`);
  const data = loaded.data;

  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <Layout.Content style={{ maxWidth: 1100, width: '100%', margin: '0 auto', padding: 24 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {data ? t('pubTitle', { name: data.jurisdiction.name }) : t('pubTitleShort')}
          </Typography.Title>
          <LanguageSwitch />
        </div>
        {loaded.error && <Alert type="warning" showIcon title={t('pubNone')} style={{ marginTop: 16 }} />}
        {data && (
          <Card
            style={{ marginTop: 16 }}
            title={t('pubPeriod', { period: en ? data.period.label.en : data.period.label.zh })}
            extra={<Typography.Text type="secondary">{`${data.period.from} — ${data.period.to}`}</Typography.Text>}
          >
            <Typography.Paragraph type="secondary">
              {t('pubRule', {
                measures: data.rule.measures
                  .map((m) => KPI_LABELS[m.kpi as keyof typeof KPI_LABELS]?.[en ? 'en' : 'zh'] ?? m.kpi)
                  .join(en ? ', ' : '、'),
              })}
            </Typography.Paragraph>
            <Table<Row>
              size="small"
              rowKey="name"
              dataSource={data.rows}
              pagination={false}
              scroll={{ x: 800 }}
              columns={[
                {
                  title: t('rankRank'),
                  width: 90,
                  render: (_, row) => (row.tied ? <Tag>{rankText(row, lang)}</Tag> : rankText(row, lang)),
                },
                {
                  title: t('ovsUnit'),
                  dataIndex: 'name',
                  render: (name: string, row) => (
                    <span>
                      {name} {row.list === 'red' && <Tag color="red">{t('ovsRedList')}</Tag>}
                      {row.list === 'black' && <Tag>{t('ovsBlackList')}</Tag>}
                    </span>
                  ),
                },
                { title: KPI_LABELS.received[en ? 'en' : 'zh'], dataIndex: 'received', width: 80 },
                { title: KPI_LABELS.closed[en ? 'en' : 'zh'], dataIndex: 'closed', width: 80 },
                ...RATES.map((rate) => ({
                  title: KPI_LABELS[rate][en ? 'en' : 'zh'],
                  dataIndex: rate,
                  width: 110,
                  render: (v: number | null) => formatRate(v),
                })),
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
              {t('pubNote')}
            </Typography.Paragraph>
          </Card>
        )}
      </Layout.Content>
    </Layout>
  );
}
