import { Alert, App, InputNumber, Modal, Space, Typography } from 'antd';
import { useEffect, useId, useMemo, useState } from 'react';
import { api, ApiError } from '../../api/client';
import type { zh } from '../../i18n/config.messages';
import { useI18n } from '../../i18n/i18n';
import type { NoticeLineError } from '../../lib/notice-lines';
import { NOTICE_MAX_DAYS, parseNoticeLines } from '../../lib/notice-lines';

const LINE_ERRORS: Record<NoticeLineError, keyof typeof zh> = {
  format: 'cfgNoticeErrFormat',
  date: 'cfgNoticeErrDate',
  year: 'cfgNoticeErrYear',
  range: 'cfgNoticeErrRange',
  duplicate: 'cfgNoticeErrDuplicate',
  name: 'cfgNoticeErrName',
};

interface Props {
  open: boolean;
  defaultYear: number;
  onClose: () => void;
  onImported: (year: number) => void;
}

/**
 * The admin types the State Council's notice of a year, a line per day or range, and imports
 * it with `PUT /api/v1/calendar/notices/{year}` (`{days: [{date, working, name?}]}`), which
 * replaces that year's schedule for every jurisdiction. Lines are checked as they are typed.
 */
export function NoticeImport({ open, defaultYear, onClose, onImported }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [year, setYear] = useState(defaultYear);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const yearId = useId();
  const textId = useId();

  useEffect(() => {
    if (open) {
      setYear(defaultYear);
      setFailure(null);
    }
  }, [open, defaultYear]);

  const parsed = useMemo(() => parseNoticeLines(text, year), [text, year]);
  const off = parsed.days.filter((d) => !d.working).length;
  const work = parsed.days.length - off;
  const tooMany = parsed.days.length > NOTICE_MAX_DAYS;
  const ready = parsed.errors.length === 0 && parsed.days.length > 0 && !tooMany;

  const submit = async () => {
    if (!ready) return;
    setBusy(true);
    setFailure(null);
    try {
      const result = await api<{ year: number; days: number }>(`/api/v1/calendar/notices/${year}`, {
        method: 'PUT',
        body: { days: parsed.days },
      });
      void message.success(t('cfgNoticeImported', { year: result.year, n: result.days }));
      setText('');
      onImported(result.year);
    } catch (e) {
      setFailure(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('cfgImportNotice')}
      okText={t('cfgImport')}
      cancelText={t('cancel')}
      onOk={() => void submit()}
      okButtonProps={{ disabled: !ready }}
      confirmLoading={busy}
      onCancel={onClose}
      width={640}
      destroyOnHidden
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <label htmlFor={yearId}>{t('cfgNoticeYear')}</label>
        <InputNumber
          id={yearId}
          min={2000}
          max={2100}
          precision={0}
          value={year}
          onChange={(v) => typeof v === 'number' && setYear(v)}
        />
        <label htmlFor={textId}>{t('cfgNoticeDays')}</label>
        <Typography.Text type="secondary">{t('cfgNoticeHelp')}</Typography.Text>
        <textarea
          id={textId}
          value={text}
          rows={10}
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
          placeholder={`${year}-01-01 休 元旦\n${year}-02-06~${year}-02-12 休 春节\n${year}-02-14 班 春节调休`}
          style={{
            width: '100%',
            fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
            fontSize: 13,
            padding: 8,
            border: '1px solid #d9d9d9',
            borderRadius: 6,
          }}
        />
        <Typography.Text>{t('cfgNoticePreview', { off, work })}</Typography.Text>
        {parsed.errors.length > 0 && (
          <Alert
            type="error"
            showIcon
            title={
              <ul style={{ margin: 0, paddingInlineStart: 16 }}>
                {parsed.errors.map((e) => (
                  <li key={e.line}>{t(LINE_ERRORS[e.error], { line: e.line, year })}</li>
                ))}
              </ul>
            }
          />
        )}
        {text.trim() !== '' && parsed.errors.length === 0 && parsed.days.length === 0 && (
          <Alert type="warning" showIcon title={t('cfgNoticeEmpty')} />
        )}
        {tooMany && <Alert type="error" showIcon title={t('cfgNoticeTooMany', { n: NOTICE_MAX_DAYS })} />}
        {failure && <Alert type="error" showIcon title={`${t('cfgRequestFailed')}: ${failure}`} />}
      </Space>
    </Modal>
  );
}
