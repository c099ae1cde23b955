import { ApiOutlined } from '@ant-design/icons';
import { Card, Space, Typography } from 'antd';
import { useState } from 'react';
import { IntakeKeysCard } from '../../components/integrations/IntakeKeysCard';
import { WebhooksCard } from '../../components/integrations/WebhooksCard';
import { useI18n } from '../../i18n/i18n';

/**
 * 平台对接 (admin): how other platforms reach the jurisdiction — the 12345 hotline and the city
 * platform by signed intake, each with its keys — and how the case events go out again by webhook.
 */
export default function IntegrationsPage() {
  const { t } = useI18n();
  // A new intake key is offered at once for a webhook's status sync.
  const [keysVersion, setKeysVersion] = useState(0);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <ApiOutlined />
            {t('intTitle')}
          </Space>
        }
      >
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('intIntro', { path: '/api/v1/intake/cases' })}
        </Typography.Paragraph>
      </Card>
      <IntakeKeysCard onChange={() => setKeysVersion((n) => n + 1)} />
      <WebhooksCard key={keysVersion} />
    </Space>
  );
}
