import { DownOutlined, FileWordOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import type { Cadence } from '@qisu/core';
import { CADENCES, periodContaining } from '@qisu/core';
import { useI18n } from '../../i18n/i18n';
import type { DayRange } from '../../lib/period';
import { useDownload } from '../../lib/use-download';

/**
 * 通报与报告: the notice (`GET /api/v1/reports/monthly-notice.docx`) or the service report
 * (服务企业报告, `GET /api/v1/reports/service-report.docx`) of the month, quarter, half-year or year
 * that holds the first day the dashboard shows, as a Word document.
 */
export function NoticeMenu({ range }: { range: DayRange }) {
  const { t, lang } = useI18n();
  const { busy, download } = useDownload();
  const periods = CADENCES.map((cadence: Cadence) => periodContaining(cadence, range.from));

  /** A month by the SPEC's `month`; a quarter, half-year or year by `period`. */
  const noticePath = (code: string) =>
    `/api/v1/reports/monthly-notice.docx?${/^\d{4}-\d{2}$/.test(code) ? `month=${code}` : `period=${code}`}`;
  const name = (p: (typeof periods)[number]) => (lang === 'en-US' ? p.label.en : p.label.zh);

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          {
            type: 'group',
            label: t('noticeGroup'),
            children: periods.map((p) => ({
              key: `notice:${p.code}`,
              label: t('noticeOf', { period: name(p) }),
              icon: <FileWordOutlined />,
            })),
          },
          {
            type: 'group',
            label: t('serviceReportGroup'),
            children: periods.map((p) => ({
              key: `service:${p.code}`,
              label: t('serviceReportOf', { period: name(p) }),
              icon: <FileWordOutlined />,
            })),
          },
        ],
        onClick: ({ key }) => {
          const [kind, code = ''] = key.split(':');
          if (kind === 'notice') void download(noticePath(code), `notice-${code}.docx`);
          else void download(`/api/v1/reports/service-report.docx?period=${code}`, `service-report-${code}.docx`);
        },
      }}
    >
      <Button loading={busy} data-testid="notice-menu">
        {t('noticeMenu')} <DownOutlined />
      </Button>
    </Dropdown>
  );
}
