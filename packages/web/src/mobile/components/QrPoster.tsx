import { PrinterOutlined } from '@ant-design/icons';
import { Button, Card, QRCode, Typography } from 'antd';
import type { PublicJurisdiction } from '../../api/models';
import { useI18n } from '../../i18n/i18n';

/**
 * The printable poster of a jurisdiction's QR entry: brand, name, the QR code of the entry page,
 * its link written out (for those who cannot scan) and a print button. The print view hides
 * everything else on the page.
 */
export function QrPoster({ jurisdiction, url }: { jurisdiction: PublicJurisdiction; url: string }) {
  const { t } = useI18n();
  return (
    <Card className="mob-poster" style={{ textAlign: 'center' }} data-testid="qr-poster">
      {jurisdiction.brand && (
        <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
          {jurisdiction.brand}
        </Typography.Title>
      )}
      <Typography.Title level={5} type="secondary" style={{ marginTop: 0 }}>
        {jurisdiction.fullName || jurisdiction.name}
      </Typography.Title>
      <div style={{ display: 'flex', justifyContent: 'center', margin: '12px 0' }}>
        <QRCode value={url} size={200} errorLevel="M" aria-label={url} />
      </div>
      <Typography.Paragraph strong>{t('mobQrScan')}</Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ wordBreak: 'break-all' }}>
        {t('mobQrLink')}
        <Typography.Text copyable={{ text: url }} data-testid="qr-link">
          {url}
        </Typography.Text>
      </Typography.Paragraph>
      {jurisdiction.hotline && (
        <Typography.Paragraph>{t('mobHotlineLine', { phone: jurisdiction.hotline })}</Typography.Paragraph>
      )}
      <Button className="mob-noprint" size="large" icon={<PrinterOutlined />} onClick={() => window.print()}>
        {t('mobQrPrint')}
      </Button>
    </Card>
  );
}
