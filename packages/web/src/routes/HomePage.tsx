import { Alert, Button, Card, Col, Row, Space, Statistic, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { CaseListItem, Paged } from '../api/models';
import { menuFor } from '../app/screens';
import { useSession } from '../auth/session';
import { StatusTag } from '../components/StatusTag';
import { useCaseColumns } from '../components/worklist/DueCell';
import { useI18n } from '../i18n/i18n';
import { useLoad } from '../lib/use-load';
import type { CaseCounts } from '../lib/worklist-tabs';
import { homeQueues, queueLink, tabCount, urgentQuery } from '../lib/worklist-tabs';

/** How many of the most urgent cases the home page lists. */
const URGENT = 8;

/**
 * The first screen after login: the queues the role must act on with their counts (each opens
 * the worklist on that tab), the most urgent cases by time limit with their countdowns, and the
 * role's other screens.
 */
export default function HomePage() {
  const { t } = useI18n();
  const { user } = useSession();
  const roles = user?.roles ?? [];
  const queues = homeQueues(roles);
  const counts = useLoad<CaseCounts>('/api/v1/cases/counts');
  const urgent = useLoad<Paged<CaseListItem>>(`/api/v1/cases?${urgentQuery(roles, URGENT)}`);
  const columns = useCaseColumns();
  const urgentRows = (urgent.data?.items ?? []).filter((c) => c.dueAt !== null);
  // The role's other screens, one click from home.
  const shortcuts = menuFor(roles).filter((s) => s.path !== '/' && s.path !== '/cases');

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('welcome', { name: user?.name ?? '' })}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('homeQueues')}</Typography.Paragraph>
        {counts.error && (
          <Alert
            type="error"
            showIcon
            title={`${t('loadFailed')}: ${counts.error}`}
            action={<Button onClick={counts.reload}>{t('retry')}</Button>}
            style={{ marginBottom: 12 }}
          />
        )}
        <Row gutter={[16, 16]}>
          {queues.map(({ tab, label }) => {
            const n = counts.data ? tabCount(tab, counts.data) : null;
            const alarm = tab.clock === 'overdue' && (n ?? 0) > 0;
            return (
              <Col key={tab.key} xs={12} md={8} xl={4}>
                <Link to={queueLink(tab)} data-testid={`queue-${tab.key}`}>
                  <Card hoverable size="small" style={alarm ? { borderColor: '#ffa39e' } : undefined}>
                    <Statistic
                      title={t(label)}
                      value={n ?? '—'}
                      loading={counts.loading && !counts.data}
                      styles={alarm ? { content: { color: '#cf1322' } } : undefined}
                    />
                  </Card>
                </Link>
              </Col>
            );
          })}
        </Row>
      </Card>

      <Card
        size="small"
        title={
          <Space>
            {t('homeUrgent')}
            <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>
              {t('homeUrgentHint')}
            </Typography.Text>
          </Space>
        }
        extra={<Link to="/cases?sort=due">{t('homeMore')}</Link>}
      >
        {urgent.error && (
          <Alert
            type="error"
            showIcon
            title={`${t('loadFailed')}: ${urgent.error}`}
            action={<Button onClick={urgent.reload}>{t('retry')}</Button>}
            style={{ marginBottom: 12 }}
          />
        )}
        <Table<CaseListItem>
          size="small"
          rowKey="id"
          loading={urgent.loading}
          dataSource={urgentRows}
          pagination={false}
          locale={{ emptyText: t('homeUrgentEmpty') }}
          scroll={{ x: 900 }}
          data-testid="urgent-cases"
          columns={[
            columns.number,
            { title: t('title'), dataIndex: 'title', ellipsis: true },
            { title: t('status'), dataIndex: 'status', width: 130, render: (s: string) => <StatusTag status={s} /> },
            columns.due,
            columns.enterprise,
          ]}
        />
      </Card>

      {shortcuts.length > 0 && (
        <Card size="small" title={t('shortcuts')}>
          <Space wrap>
            {shortcuts.map(({ path, menu }) => (
              <Link key={path} to={path}>
                <Button icon={menu?.icon}>{menu ? t(menu.label) : path}</Button>
              </Link>
            ))}
          </Space>
        </Card>
      )}
    </Space>
  );
}
