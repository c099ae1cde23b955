import { PhoneOutlined } from '@ant-design/icons';
import { Button, Card, Result, Skeleton, Space, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router-dom';
import { api } from '../api/client';
import type { PublicJurisdiction } from '../api/models';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { QrPoster } from './components/QrPoster';
import { useLoad } from './components/useLoad';
import { entryUrl, loginPath } from './lib/paths';

/**
 * The page a jurisdiction's QR code opens, before anyone logs in: who runs the service, a big
 * button to submit a demand (through the login when needed), and the poster the office prints.
 */
export default function EntryPage() {
  const { code = '' } = useParams();
  const { t } = useI18n();
  const { user } = useSession();
  const navigate = useNavigate();
  const j = useLoad(
    code,
    () => api<PublicJurisdiction>(`/api/v1/public/jurisdictions/${encodeURIComponent(code)}`),
    t('mobUnexpected'),
  );

  if (j.loading) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (j.errorStatus === 404 || j.errorStatus === 400) {
    return <Result status="404" title={t('mobEntryUnknown')} />;
  }
  if (j.error !== null || !j.data) {
    return (
      <Result
        status="warning"
        title={`${t('loadFailed')}: ${j.error ?? ''}`}
        extra={
          <Button size="large" onClick={j.reload}>
            {t('retry')}
          </Button>
        }
      />
    );
  }
  const info = j.data;
  return (
    <>
      <Card className="mob-noprint">
        <Typography.Text type="secondary">{t('mobEntryWelcome')}</Typography.Text>
        <Typography.Title level={2} style={{ margin: '4px 0' }} data-testid="entry-brand">
          {info.brand ?? t('mobTitle')}
        </Typography.Title>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {info.fullName || info.name}
        </Typography.Title>
        <Typography.Paragraph>{t('mobEntryIntro')}</Typography.Paragraph>
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Button
            type="primary"
            size="large"
            block
            style={{ height: 56, fontSize: 18 }}
            onClick={() => void navigate(user ? '/m/new' : loginPath('/m/new'))}
          >
            {t('mobEntrySubmit')}
          </Button>
          {user && (
            <Button size="large" block onClick={() => void navigate('/m')}>
              {t('mobEntryMine')}
            </Button>
          )}
          {info.hotline && (
            <Button size="large" block icon={<PhoneOutlined />} href={`tel:${info.hotline.replace(/[^\d+]/g, '')}`}>
              {t('mobEntryHotline')} {info.hotline}
            </Button>
          )}
        </Space>
      </Card>
      <QrPoster jurisdiction={info} url={entryUrl(window.location.origin, info.code)} />
    </>
  );
}
