import { DownloadOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import type { ExportProgress } from '../../api/export';
import { exportCases } from '../../api/export';
import { formatFileSize } from '../../api/attachments';
import { useI18n } from '../../i18n/i18n';
import { errorText } from '../../lib/form-errors';

/** What the button says while the workbook arrives: a percentage when the size is known. */
function progressText(p: ExportProgress | null): string {
  if (!p) return '…';
  if (p.total) return `${Math.min(100, Math.round((p.received / p.total) * 100))}%`;
  return formatFileSize(p.received);
}

/**
 * 导出 Excel: downloads the list as the server builds it (`/api/v1/cases/export.xlsx`) with the
 * list's own filters and order, showing progress, and the server's message when it refuses
 * (e.g. more rows than one export holds).
 */
export function ExportButton({ query, disabled }: { query: string; disabled?: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    setProgress(null);
    try {
      const name = await exportCases(query, setProgress);
      void message.success(t('expDone', { name }));
    } catch (e) {
      void message.error(t('expFailed', { message: errorText(e) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button
      icon={<DownloadOutlined />}
      loading={busy}
      disabled={disabled}
      onClick={() => void run()}
      data-testid="export-xlsx"
    >
      {busy ? t('expProgress', { p: progressText(progress) }) : t('expButton')}
    </Button>
  );
}
