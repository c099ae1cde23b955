import { DownOutlined, FileWordOutlined } from '@ant-design/icons';
import { App, Button, Dropdown } from 'antd';
import { useState } from 'react';
import type { Cadence } from '@qisu/core';
import { CADENCES, periodContaining } from '@qisu/core';
import { downloadFile } from '../../api/export';
import { useI18n } from '../../i18n/i18n';
import { errorText } from '../../lib/form-errors';
import type { DayRange } from '../../lib/period';

/**
 * 通报: the notice of the month, quarter, half-year or year that holds the first day the dashboard
 * shows, as a Word document (`GET /api/v1/reports/monthly-notice.docx`).
 */
export function NoticeMenu({ range }: { range: DayRange }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const periods = CADENCES.map((cadence: Cadence) => periodContaining(cadence, range.from));

  const download = async (code: string) => {
    setBusy(true);
    try {
      const query = /^\d{4}-\d{2}$/.test(code) ? `month=${code}` : `period=${code}`;
      const file = await downloadFile(`/api/v1/reports/monthly-notice.docx?${query}`, `notice-${code}.docx`);
      void message.success(t('expDone', { name: file }));
    } catch (e) {
      void message.error(t('expFailed', { message: errorText(e) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: periods.map((p) => ({
          key: p.code,
          label: t('noticeOf', { period: lang === 'en-US' ? p.label.en : p.label.zh }),
          icon: <FileWordOutlined />,
        })),
        onClick: ({ key }) => void download(key),
      }}
    >
      <Button loading={busy} data-testid="notice-menu">
        {t('noticeMenu')} <DownOutlined />
      </Button>
    </Dropdown>
  );
}
