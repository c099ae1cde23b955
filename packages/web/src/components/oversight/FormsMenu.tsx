import { DownOutlined, FileExcelOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { dateToDay, dayToDate } from '@qisu/core';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import type { DayRange } from '../../lib/period';
import { useDownload } from '../../lib/use-download';

/** Seed 003's four ledger forms, by the name of their export. */
const FORMS: { name: string; label: MessageKey }[] = [
  { name: 'problem-ledger', label: 'formProblemLedger' },
  { name: 'transfer-list', label: 'formTransferList' },
  { name: 'resolution-feedback', label: 'formResolutionFeedback' },
  { name: 'satisfaction', label: 'formSatisfaction' },
];

/** `[from, to)` of the API from a range whose last day is included. */
export function formQuery(range: DayRange): string {
  const after = dayToDate(dateToDay(range.to) + 1);
  return new URLSearchParams({ from: range.from, to: after }).toString();
}

/**
 * 台账报表: the four forms of seed 003 (问题台账, 转办清单, 解决反馈表, 满意度评价表) as Excel, for the
 * cases received in the period the dashboard shows; the server's message when it refuses.
 */
export function FormsMenu({ range }: { range: DayRange }) {
  const { t } = useI18n();
  const { busy, download } = useDownload();

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: FORMS.map((f) => ({ key: f.name, label: t(f.label), icon: <FileExcelOutlined /> })),
        onClick: ({ key }) => void download(`/api/v1/exports/${key}.xlsx?${formQuery(range)}`, `${key}.xlsx`),
      }}
    >
      <Button loading={busy} data-testid="forms-menu">
        {t('formsMenu')} <DownOutlined />
      </Button>
    </Dropdown>
  );
}
