import { Alert, Button, Skeleton, Typography } from 'antd';
import { api } from '../api/client';
import type { PublicJurisdiction } from '../api/models';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { QrPoster } from './components/QrPoster';
import { useLoad } from './components/useLoad';
import { entryUrl } from './lib/paths';

/**
 * The console screen where the business office gets the QR code of its own jurisdiction's
 * entry page, to print and put up. The code comes from the signed-in user's jurisdiction; the
 * poster shows exactly what enterprises will see (the public details).
 */
export default function QrStaffPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const code = user?.jurisdiction ?? '';
  const j = useLoad(
    code,
    () => api<PublicJurisdiction>(`/api/v1/public/jurisdictions/${encodeURIComponent(code)}`),
    t('mobUnexpected'),
  );
  return (
    <div className="mob-page" style={{ maxWidth: 560, margin: '0 auto' }}>
      <style>{'@media print { .mob-noprint, .ant-layout-header { display: none !important; } }'}</style>
      <Typography.Title level={4} className="mob-noprint" style={{ marginTop: 0 }}>
        {t('mobQrMenu')}
      </Typography.Title>
      <Typography.Paragraph className="mob-noprint" type="secondary">
        {t('mobQrStaffHint')}
      </Typography.Paragraph>
      {j.loading ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : j.error !== null || !j.data ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={`${t('loadFailed')}: ${j.error ?? ''}`}
          action={<Button onClick={j.reload}>{t('retry')}</Button>}
        />
      ) : (
        <QrPoster jurisdiction={j.data} url={entryUrl(window.location.origin, j.data.code)} />
      )}
    </div>
  );
}
