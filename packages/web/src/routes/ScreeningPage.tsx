import { Alert, Button, Card, Empty, Grid, Input, List, Pagination, Space, Tag, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../api/client';
import type { CaseListItem } from '../api/models';
import { ScreeningPanel } from '../components/screening/ScreeningPanel';
import { StatusTag } from '../components/StatusTag';
import { useI18n } from '../i18n/i18n';
import type { HandledCase } from '../lib/screening';
import { deadlineView, SCREENING_QUEUE } from '../lib/screening';

const PAGE_SIZE = 15;
/** The console's header (64 px) and the content's padding (2 × 16 px): what the desk leaves of the window. */
const FRAME_PX = 96;

/** A queue item; `dueAt` and `overdue` are read when the server sends them. */
type QueueItem = CaseListItem & { dueAt?: string | null; overdue?: boolean | null };

/** The screening time limit of a queue item as a countdown tag: red when overdue, orange within eight hours. */
function DeadlineTag({ item, now }: { item: QueueItem; now: Date }) {
  const { t } = useI18n();
  const d = deadlineView(item, now);
  if (!d) return null;
  return (
    <Tag color={d.overdue ? 'red' : d.soon ? 'orange' : 'default'} data-testid="queue-deadline">
      {t(d.overdue ? `scrOverdue_${d.unit}` : `scrDueLeft_${d.unit}`, { n: d.n })}
    </Tag>
  );
}

/**
 * The hub's screening desk on one screen: the queue of cases waiting for a decision (earliest time
 * limit first, each with its countdown, searchable) | the case and what relates to it | the
 * decision with its suggestions, each column scrolling on its own so the decision is always in
 * view. Deciding a case names it above the desk and opens the next one from its top.
 */
export default function ScreeningPage() {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  const wide = Boolean(screens.xl);
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? '1') || 1;
  const q = params.get('q') ?? '';
  const selected = params.get('case');
  const [data, setData] = useState<{ items: QueueItem[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [handled, setHandled] = useState<HandledCase | null>(null);
  const [now, setNow] = useState(() => new Date());
  const [search, setSearch] = useState(q);

  const load = useCallback(() => {
    setError(null);
    const query = new URLSearchParams({
      status: SCREENING_QUEUE.join(','),
      sort: 'due',
      page: String(page),
      pageSize: String(PAGE_SIZE),
    });
    if (q) query.set('q', q);
    api<{ items: QueueItem[]; total: number }>(`/api/v1/cases?${query.toString()}`).then(
      (d) => {
        setData(d);
        setNow(new Date());
      },
      (e: unknown) => setError(e instanceof ApiError ? e.message : String(e)),
    );
  }, [page, q]);
  useEffect(load, [load]);
  // The countdowns move on while the desk is open.
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);

  const select = (id: string | null, next: { page?: number; q?: string } = {}) => {
    const out = new URLSearchParams();
    const nextPage = next.page ?? page;
    const nextQ = next.q ?? q;
    if (nextPage > 1) out.set('page', String(nextPage));
    if (nextQ) out.set('q', nextQ);
    if (id) out.set('case', id);
    setParams(out);
  };
  const current = selected ?? data?.items[0]?.id ?? null;

  const done = (h: HandledCase) => {
    setHandled(h);
    // The next case is the one after the decided one in the queue as it was, else the one before.
    const items = data?.items ?? [];
    const at = items.findIndex((c) => c.id === h.id);
    const next = items[at + 1] ?? items[at - 1] ?? null;
    select(next && next.id !== h.id ? next.id : null);
    load();
    window.scrollTo({ top: 0 });
  };

  const queue = (
    <Card
      title={t('scrQueue')}
      size="small"
      extra={data && t('total', { n: data.total })}
      style={wide ? { height: '100%', display: 'flex', flexDirection: 'column' } : undefined}
      styles={{ body: wide ? { flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', padding: 8 } : {} }}
      data-testid="screening-queue"
    >
      <Input.Search
        allowClear
        placeholder={t('scrSearch')}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        onSearch={(v) => select(null, { page: 1, q: v.trim() })}
        style={{ marginBottom: 8 }}
        aria-label={t('scrSearch')}
      />
      {error && (
        <Alert
          type="error"
          showIcon
          title={`${t('loadFailed')}: ${error}`}
          action={<Button onClick={load}>{t('retry')}</Button>}
        />
      )}
      <div style={wide ? { flex: 1, minHeight: 0, overflowY: 'auto' } : undefined}>
        <List
          size="small"
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
              data-testid={`queue-${c.number}`}
              style={{
                cursor: 'pointer',
                paddingInline: 8,
                borderLeft: `3px solid ${c.id === current ? '#1677ff' : 'transparent'}`,
                background: c.id === current ? 'rgba(22,119,255,0.08)' : undefined,
              }}
            >
              <Space orientation="vertical" size={0} style={{ width: '100%', minWidth: 0 }}>
                <Space size={4} wrap>
                  <Typography.Text strong>{c.number}</Typography.Text>
                  <StatusTag status={c.status} />
                  <DeadlineTag item={c} now={now} />
                </Space>
                <Typography.Text ellipsis style={{ maxWidth: '100%' }}>
                  {c.title}
                </Typography.Text>
                <Typography.Text type="secondary" ellipsis style={{ fontSize: 12, maxWidth: '100%' }}>
                  {c.enterpriseName ?? '—'}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      </div>
      {data && data.total > PAGE_SIZE && (
        <Pagination
          size="small"
          simple
          style={{ marginTop: 8, textAlign: 'center' }}
          current={page}
          pageSize={PAGE_SIZE}
          total={data.total}
          onChange={(p) => select(null, { page: p })}
        />
      )}
    </Card>
  );

  const banner = handled && (
    <Alert
      type="success"
      showIcon
      closable={{ onClose: () => setHandled(null) }}
      data-testid="screening-handled"
      style={{ marginBottom: 8, padding: '4px 12px' }}
      title={
        <Space wrap size={12}>
          <span>{t(`scrHandled_${handled.action}`, { number: handled.number, to: handled.to ?? '—' })}</span>
          <Link to={`/cases/${handled.id}`}>{t('scrHandledView')}</Link>
          {current && current !== handled.id && data && (
            <Typography.Text type="secondary">
              {t('scrNowShowing', { number: data.items.find((c) => c.id === current)?.number ?? '' })}
            </Typography.Text>
          )}
        </Space>
      }
    />
  );

  const panel = current ? (
    <ScreeningPanel key={current} caseId={current} onDone={done} columns={wide} />
  ) : (
    <Card>
      <Empty description={t('scrQueueEmpty')} />
    </Card>
  );

  if (!wide) {
    return (
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {banner}
        {queue}
        {panel}
      </Space>
    );
  }
  const desk: CSSProperties = {
    height: `calc(100vh - ${FRAME_PX}px)`,
    display: 'flex',
    flexDirection: 'column',
    minHeight: 480,
  };
  return (
    <div style={desk} data-testid="screening-desk">
      {banner}
      <div
        style={{
          flex: 1,
          minHeight: 0,
          display: 'grid',
          gridTemplateColumns: '264px minmax(0, 1fr)',
          gridTemplateRows: 'minmax(0, 1fr)',
          gap: 12,
        }}
      >
        {queue}
        <div style={{ minHeight: 0, height: '100%', overflow: 'hidden' }}>{panel}</div>
      </div>
    </div>
  );
}
