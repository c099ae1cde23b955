import { DownOutlined, FileExcelOutlined } from '@ant-design/icons';
import { App, Button, Dropdown } from 'antd';
import { useState } from 'react';
import { dateToDay, dayToDate } from '@qisu/core';
import { downloadFile } from '../../api/export';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { errorText } from '../../lib/form-errors';
import type { DayRange } from '../../lib/period';

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
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);

  const download = async (name: string) => {
    setBusy(true);
    try {
      const file = await downloadFile(`/api/v1/exports/${name}.xlsx?${formQuery(range)}`, `${name}.xlsx`);
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
        items: FORMS.map((f) => ({ key: f.name, label: t(f.label), icon: <FileExcelOutlined /> })),
        onClick: ({ key }) => void download(key),
      }}
    >
      <Button loading={busy} data-testid="forms-menu">
        {t('formsMenu')} <DownOutlined />
      </Button>
    </Dropdown>
  );
}
