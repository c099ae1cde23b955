import { BellOutlined } from '@ant-design/icons';
import { Alert, Badge, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import type { PolicyDocument } from '../api/policies';
import { findPolicies } from '../api/policies';
import { useI18n } from '../i18n/i18n';
import { ChevronCard } from './components/ChevronCard';
import { listStatus } from './components/list-status';
import { MobilePage } from './components/MobilePage';
import { MobileSearch } from './components/MobileSearch';
import { useLoad } from './components/useLoad';
import { pushedPolicies } from './lib/policies';
import type { PolicyNotice } from './lib/policies';

/** One policy as a card: title, issuer and how it is claimed; a badge when it was pushed unread. */
function PolicyCard({ doc, notice }: { doc: PolicyDocument; notice: PolicyNotice | undefined }) {
  const { t } = useI18n();
  const to = notice ? `/m/policies/${doc.id}?n=${notice.id}` : `/m/policies/${doc.id}`;
  const card = (
    <ChevronCard testId="policy-card">
      <Typography.Paragraph strong ellipsis={{ rows: 2 }} style={{ margin: '0 0 4px', fontSize: 16 }}>
        {doc.title}
      </Typography.Paragraph>
      <Space size={4} wrap>
        {doc.online && <Tag color="green">{t('mobOnline')}</Tag>}
        {doc.automatic && <Tag color="gold">{t('mobAutomatic')}</Tag>}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {[doc.docNumber, doc.issuer].filter(Boolean).join(' · ')}
        </Typography.Text>
      </Space>
    </ChevronCard>
  );
  return (
    <Link to={to} style={{ display: 'block', marginBottom: 12 }}>
      {notice ? (
        <Badge.Ribbon text={t('mobPushedToMe')} color="red">
          {card}
        </Badge.Ribbon>
      ) : (
        card
      )}
    </Link>
  );
}

/**
 * 政策 on the phone: the policies meant for the enterprise (the server keeps those whose targeting
 * its ledger entry meets), searchable, those pushed to the contact and not yet opened first.
 */
export default function PoliciesPage() {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const policies = useLoad(`policies:${q}`, () => findPolicies(q), t('mobUnexpected'));
  const notices = useLoad(
    'notices',
    () => api<{ items: PolicyNotice[] }>('/api/v1/notifications').then((r) => r.items),
    t('mobUnexpected'),
  );
  const pushed = pushedPolicies(notices.data ?? []);
  const docs = [...(policies.data ?? [])].sort((a, b) => Number(pushed.has(b.id)) - Number(pushed.has(a.id)));

  return (
    <MobilePage active="policies" title={t('mobPoliciesTitle')}>
      <MobileSearch placeholder={t('mobPolicySearch')} onSearch={setQ} />
      {pushed.size > 0 && (
        <Alert type="info" showIcon icon={<BellOutlined />} title={`${t('mobPushedToMe')}：${pushed.size}`} />
      )}
      {listStatus(t, policies, t('mobPoliciesEmpty'))}
      <div>
        {docs.map((doc) => (
          <PolicyCard key={doc.id} doc={doc} notice={pushed.get(doc.id)} />
        ))}
      </div>
    </MobilePage>
  );
}
