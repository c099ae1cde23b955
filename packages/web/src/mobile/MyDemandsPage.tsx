import { FormOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Empty, Skeleton, Space, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import type { CaseListItem } from '../api/models';
import type { QuestionnaireItem } from '../api/questionnaires';
import { useSession } from '../auth/session';
import { StatusTag } from '../components/StatusTag';
import { useI18n } from '../i18n/i18n';
import { shanghaiTime } from '../lib/clock';
import { useLoad } from '../lib/use-load';
import { MobilePage } from './components/MobilePage';
import { errorText } from './components/useLoad';
import { appendPage, hasMore, pendingAction } from './lib/demands';

/** Small pages: a phone on a slow network shows the first cards quickly. */
const PAGE_SIZE = 10;

interface Page {
  items: CaseListItem[];
  total: number;
}

/**
 * The satisfaction questionnaires sent to the enterprise and not answered yet, each a line that
 * opens it; nothing for anyone else (a liaison on the phone has none).
 */
function PendingQuestionnaires() {
  const { t } = useI18n();
  const { user } = useSession();
  const isEnterprise = !!user?.roles.includes('enterprise');
  const list = useLoad<QuestionnaireItem[]>(isEnterprise ? '/api/v1/questionnaires' : null);
  // A banner only: whatever the answer is, the demands below must still show.
  const pending = Array.isArray(list.data) ? list.data.filter((q) => !q.answeredAt) : [];
  if (pending.length === 0) return null;
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      {pending.map((q) => (
        <Alert
          key={q.id}
          type="warning"
          showIcon
          icon={<FormOutlined />}
          title={t('qnPending', { title: q.title })}
          action={
            <Link to={`/m/questionnaires/${q.id}`}>
              <Button type="primary">{t('qnFill')}</Button>
            </Link>
          }
        />
      ))}
    </Space>
  );
}

/** One demand as a card: number, title, state, last change, and a badge when the enterprise should act. */
function DemandCard({ item }: { item: CaseListItem }) {
  const { t } = useI18n();
  const action = pendingAction(item.status);
  const card = (
    <Card size="small" hoverable data-testid="demand-card">
      <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <Space size={6} wrap>
            <Typography.Text type="secondary">{item.number}</Typography.Text>
            <StatusTag status={item.status} />
          </Space>
          <Typography.Paragraph strong ellipsis={{ rows: 2 }} style={{ margin: '6px 0 2px', fontSize: 16 }}>
            {item.title}
          </Typography.Paragraph>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('mobUpdated', { time: shanghaiTime(item.updatedAt) })}
          </Typography.Text>
        </div>
        <RightOutlined aria-hidden style={{ color: '#999' }} />
      </div>
    </Card>
  );
  return (
    <Link to={`/m/cases/${item.id}`} style={{ display: 'block' }}>
      {action ? (
        <Badge.Ribbon
          text={t(action === 'rate' ? 'mobNeedRate' : 'mobMayAppeal')}
          color={action === 'rate' ? 'red' : 'orange'}
        >
          {card}
        </Badge.Ribbon>
      ) : (
        card
      )}
    </Link>
  );
}

/**
 * "My demands", the home of a signed-in enterprise: its cases (the server limits an enterprise
 * to its own), newest first, a page at a time with "load more".
 */
export default function MyDemandsPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [items, setItems] = useState<CaseListItem[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);

  const loadPage = useCallback(
    (n: number) => {
      if (busy.current) return;
      busy.current = true;
      setLoading(true);
      setError(null);
      api<Page>(`/api/v1/cases?page=${n}&pageSize=${PAGE_SIZE}`)
        .then(
          (data) => {
            setItems((shown) => (n === 1 ? data.items : appendPage(shown, data.items)));
            setTotal(data.total);
            setPage(n);
          },
          (e: unknown) => setError(errorText(e, t('mobUnexpected'))),
        )
        .finally(() => {
          busy.current = false;
          setLoading(false);
        });
    },
    [t],
  );
  useEffect(() => loadPage(1), [loadPage]);

  const submitButton = (
    <Button type="primary" size="large" block icon={<PlusOutlined />} onClick={() => void navigate('/m/new')}>
      {t('mobEntrySubmit')}
    </Button>
  );

  return (
    <MobilePage active="demands" title={t('mobHome')}>
      <PendingQuestionnaires />
      {submitButton}
      {page === 0 && loading && <Skeleton active paragraph={{ rows: 4 }} />}
      {page > 0 && items.length === 0 && (
        <Card>
          <Empty description={t('mobListEmpty')} />
        </Card>
      )}
      <div>
        {items.map((item) => (
          <div key={item.id} style={{ marginBottom: 12 }}>
            <DemandCard item={item} />
          </div>
        ))}
      </div>
      {error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={`${t('loadFailed')}: ${error}`}
          action={
            <Button onClick={() => loadPage(page + 1)} disabled={loading}>
              {t('retry')}
            </Button>
          }
        />
      )}
      {page > 0 && hasMore(items.length, total) && (
        <Button size="large" block loading={loading} disabled={loading} onClick={() => loadPage(page + 1)}>
          {t('mobLoadMore')}
        </Button>
      )}
      {page > 0 && items.length > 0 && !hasMore(items.length, total) && (
        <Typography.Text type="secondary" style={{ display: 'block', textAlign: 'center' }}>
          {t('mobAllLoaded', { n: total })}
        </Typography.Text>
      )}
    </MobilePage>
  );
}
