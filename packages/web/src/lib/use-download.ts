import { App } from 'antd';
import { useState } from 'react';
import { downloadFile } from '../api/export';
import { useI18n } from '../i18n/i18n';
import { errorText } from './form-errors';

/**
 * Downloads a server-built file (a form, a notice) with the console's usual feedback: a busy flag
 * while it is fetched, then the name it was saved under, or the server's reason for refusing.
 */
export function useDownload(): { busy: boolean; download: (path: string, fallbackName: string) => Promise<void> } {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const download = async (path: string, fallbackName: string) => {
    setBusy(true);
    try {
      const file = await downloadFile(path, fallbackName);
      void message.success(t('expDone', { name: file }));
    } catch (e) {
      void message.error(t('expFailed', { message: errorText(e) }));
    } finally {
      setBusy(false);
    }
  };
  return { busy, download };
}
