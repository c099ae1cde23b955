import { Alert, Button, Card, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { CADENCE_LABELS, dayToDate, KPI_LABELS, shanghaiDay } from '@qisu/core';
import type { Ranking, RankingRow } from '../../api/models';
import { useI18n } from '../../i18n/i18n';
import { formatRate, rankingPeriods, rankText, ruleText } from '../../lib/ranking';
import { useLoad } from '../../lib/use-load';

type Subject = Ranking['subject'];

/**
 * 排名与红黑榜: the ranking of a period by the jurisdiction's own rule (measures, order or weights,
 * cadence), computed by the server. Ties are shown as ties; the 红榜 and 黑榜 are marked on the rows.
 */
export function RankingCard() {
  const { t, lang } = useI18n();
  const [period, setPeriod] = useState<string | null>(null);
  const [subject, setSubject] = useState<Subject | null>(null);
  const query = new URLSearchParams();
  if (period) query.set('period', period);
  if (subject) query.set('subject', subject);
  const ranking = useLoad<Ranking>(`/api/v1/reports/ranking?${query.toString()}`);
  const data = ranking.data;
  const en = lang === 'en-US';

  const periods = useMemo(
    () => (data ? rankingPeriods(data.rule.cadence, dayToDate(shanghaiDay(new Date()))) : []),
    [data],
  );

  const columns: ColumnsType<RankingRow> = [
    {
      title: t('rankRank'),
      width: 76,
      render: (_, row) => (row.tied ? <Tag>{rankText(row, lang)}</Tag> : rankText(row, lang)),
    },
    {
      title: data?.subject === 'liaison' ? t('rankLiaison') : t('ovsUnit'),
      dataIndex: 'name',
      render: (name: string, row) => (
        <Space size={4}>
          <span>{name}</span>
          {row.list === 'red' && <Tag color="red">{t('ovsRedList')}</Tag>}
          {row.list === 'black' && <Tag color="default">{t('ovsBlackList')}</Tag>}
        </Space>
      ),
    },
    ...(data?.rule.measures ?? []).map((m) => ({
      title: KPI_LABELS[m.kpi][en ? 'en' : 'zh'],
      dataIndex: m.kpi,
      width: 110,
      render: (v: number | null) => formatRate(v),
    })),
    ...(data?.rule.method === 'weighted'
      ? [{ title: t('rankScore'), dataIndex: 'score', width: 80, render: (v: number | null) => formatRate(v) }]
      : []),
    { title: KPI_LABELS.received[en ? 'en' : 'zh'], dataIndex: 'received', width: 72 },
    {
      title: KPI_LABELS.late[en ? 'en' : 'zh'],
      dataIndex: 'late',
      width: 72,
      render: (v: number) => (v > 0 ? <Typography.Text type="danger">{v}</Typography.Text> : v),
    },
  ];

  return (
    <Card
      size="small"
      title={
        data
          ? t('rankTitle', {
              period: data.period.label[en ? 'en' : 'zh'],
              cadence: CADENCE_LABELS[data.rule.cadence][en ? 'en' : 'zh'],
            })
          : t('rankTitleLoading')
      }
      extra={
        <Space wrap>
          {data && data.rule.subjects.length > 1 && (
            <Segmented<Subject>
              size="small"
              value={data.subject}
              options={data.rule.subjects.map((s) => ({
                value: s,
                label: s === 'liaison' ? t('rankLiaisons') : t('rankUnits'),
              }))}
              onChange={setSubject}
            />
          )}
          <Select
            size="small"
            style={{ width: 170 }}
            aria-label={t('rankPeriod')}
            value={data?.period.code}
            options={periods.map((p) => ({
              value: p.code,
              label: p.complete ? p.label[en ? 'en' : 'zh'] : `${p.label[en ? 'en' : 'zh']}${t('rankInProgress')}`,
            }))}
            onChange={setPeriod}
          />
        </Space>
      }
    >
      {ranking.error && (
        <Alert
          type="error"
          showIcon
          title={`${t('loadFailed')}: ${ranking.error}`}
          action={<Button onClick={ranking.reload}>{t('retry')}</Button>}
          style={{ marginBottom: 8 }}
        />
      )}
      {data && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          <Tooltip title={data.rule.note}>
            <span>{ruleText(data.rule, lang)}</span>
          </Tooltip>
          {` · ${t('rankListsHint', { size: data.rule.listSize })}`}
        </Typography.Paragraph>
      )}
      <Table<RankingRow>
        size="small"
        rowKey="key"
        loading={ranking.loading}
        dataSource={data?.rows ?? []}
        columns={columns}
        pagination={false}
        scroll={{ y: 360 }}
        rowClassName={(row) => (row.rank === null ? 'qisu-row-idle' : '')}
        locale={{ emptyText: t('ovsNoRanking') }}
      />
    </Card>
  );
}
