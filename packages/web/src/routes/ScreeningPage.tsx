import { Alert, Button, Card, Col, Empty, List, Pagination, Row, Space, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../api/client';
import type { CaseListItem } from '../api/models';
import { ScreeningPanel } from '../components/screening/ScreeningPanel';
import { StatusTag } from '../components/StatusTag';
import { useI18n } from '../i18n/i18n';
import { shanghaiTime } from '../lib/clock';
import { SCREENING_QUEUE } from '../lib/screening';

const PAGE_SIZE = 15;

/**
 * The hub's screening desk: the queue of cases waiting for a decision, earliest time limit
 * first, beside the case being screened. Deciding one opens the next.
 */
export default function ScreeningPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? '1') || 1;
  const selected = params.get('case');
  const [data, setData] = useState<{ items: CaseListItem[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    setError(null);
    api<{ items: CaseListItem[]; total: number }>(
      `/api/v1/cases?status=${SCREENING_QUEUE.join(',')}&sort=due&page=${page}&pageSize=${PAGE_SIZE}`,
    ).then(setData, (e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
  }, [page]);
  useEffect(load, [load]);

  const select = (id: string | null, nextPage = page) => {
    const next = new URLSearchParams();
    if (nextPage > 1) next.set('page', String(nextPage));
    if (id) next.set('case', id);
    setParams(next);
  };
  const current = selected ?? data?.items[0]?.id ?? null;

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={9}>
        <Card title={t('scrQueue')} size="small" extra={data && t('total', { n: data.total })}>
          {error && (
            <Alert
              type="error"
              showIcon
              title={`${t('loadFailed')}: ${error}`}
              action={<Button onClick={load}>{t('retry')}</Button>}
            />
          )}
          <List
            loading={data === null && !error}
            dataSource={data?.items ?? []}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('scrQueueEmpty')} /> }}
            renderItem={(c) => (
              <List.Item
                onClick={() => select(c.id)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') select(c.id);
                }}
                tabIndex={0}
                role="button"
                aria-pressed={c.id === current}
                style={{
                  cursor: 'pointer',
                  paddingInline: 8,
                  background: c.id === current ? 'rgba(22,119,255,0.08)' : undefined,
                }}
              >
                <Space orientation="vertical" size={0} style={{ width: '100%' }}>
                  <Space wrap>
                    <Typography.Text strong>{c.number}</Typography.Text>
                    <StatusTag status={c.status} />
                  </Space>
                  <Typography.Text ellipsis>{c.title}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {c.enterpriseName ?? '—'} · {shanghaiTime(c.createdAt)}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
          {data && data.total > PAGE_SIZE && (
            <Pagination
              size="small"
              style={{ marginTop: 8 }}
              current={page}
              pageSize={PAGE_SIZE}
              total={data.total}
              onChange={(p) => select(null, p)}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={15}>
        {current ? (
          <ScreeningPanel
            key={current}
            caseId={current}
            onDone={() => {
              select(null);
              load();
            }}
          />
        ) : (
          <Card>
            <Empty description={t('scrQueueEmpty')} />
          </Card>
        )}
      </Col>
    </Row>
  );
}
