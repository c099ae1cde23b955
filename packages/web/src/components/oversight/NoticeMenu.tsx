import { DownOutlined, FileWordOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import type { Cadence } from '@qisu/core';
import { CADENCES, periodContaining } from '@qisu/core';
import { useI18n } from '../../i18n/i18n';
import type { DayRange } from '../../lib/period';
import { useDownload } from '../../lib/use-download';

/**
 * 通报: the notice of the month, quarter, half-year or year that holds the first day the dashboard
 * shows, as a Word document (`GET /api/v1/reports/monthly-notice.docx`).
 */
export function NoticeMenu({ range }: { range: DayRange }) {
  const { t, lang } = useI18n();
  const { busy, download } = useDownload();
  const periods = CADENCES.map((cadence: Cadence) => periodContaining(cadence, range.from));

  /** A month by the SPEC's `month`; a quarter, half-year or year by `period`. */
  const noticePath = (code: string) =>
    `/api/v1/reports/monthly-notice.docx?${/^\d{4}-\d{2}$/.test(code) ? `month=${code}` : `period=${code}`}`;

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: periods.map((p) => ({
          key: p.code,
          label: t('noticeOf', { period: lang === 'en-US' ? p.label.en : p.label.zh }),
          icon: <FileWordOutlined />,
        })),
        onClick: ({ key }) => void download(noticePath(key), `notice-${key}.docx`),
      }}
    >
      <Button loading={busy} data-testid="notice-menu">
        {t('noticeMenu')} <DownOutlined />
      </Button>
    </Dropdown>
  );
}
