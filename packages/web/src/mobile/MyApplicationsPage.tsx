import { Card, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { PolicyApplication, PolicyApplicationStatus } from '../api/policies';
import { listApplications } from '../api/policies';
import { useI18n } from '../i18n/i18n';
import { shanghaiTime } from '../lib/clock';
import { listStatus } from './components/list-status';
import { MobilePage } from './components/MobilePage';
import { useLoad } from './components/useLoad';

const COLOURS: Record<PolicyApplicationStatus, string> = {
  submitted: 'blue',
  approved: 'green',
  rejected: 'red',
  paid: 'gold',
};

/** One application as a card: the policy, its state, the decision's reason and the payout. */
function ApplicationCard({ item }: { item: PolicyApplication }) {
  const { t } = useI18n();
  return (
    <Card size="small" data-testid="application-card">
      <Space size={6} wrap>
        <Tag color={COLOURS[item.status]}>{t(`pmStatus_${item.status}`)}</Tag>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {shanghaiTime(item.createdAt)}
        </Typography.Text>
      </Space>
      <Typography.Paragraph strong style={{ margin: '6px 0 2px', fontSize: 16 }}>
        <Link to={`/m/policies/${item.policyId}`}>{item.policyTitle}</Link>
      </Typography.Paragraph>
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {t('mobIssuer', { unit: item.routedUnitName ?? t('pmHub') })}
      </Typography.Text>
      {item.decisionNote && (
        <Typography.Paragraph style={{ margin: '6px 0 0', whiteSpace: 'pre-wrap' }}>
          {t('mobDecisionNote', { note: item.decisionNote })}
        </Typography.Paragraph>
      )}
      {item.status === 'paid' && item.amount !== null && (
        <Typography.Text strong>{t('mobPaidAmount', { amount: item.amount.toLocaleString('zh-CN') })}</Typography.Text>
      )}
    </Card>
  );
}

/** 我的申请: the enterprise's policy applications, newest first, with their state and the decision's reason. */
export default function MyApplicationsPage() {
  const { t } = useI18n();
  const apps = useLoad('applications', () => listApplications(), t('mobUnexpected'));
  return (
    <MobilePage active="applications" title={t('mobMyApplications')}>
      {listStatus(t, apps, t('mobApplicationsEmpty'))}
      {apps.data?.map((item) => (
        <ApplicationCard key={item.id} item={item} />
      ))}
    </MobilePage>
  );
}
