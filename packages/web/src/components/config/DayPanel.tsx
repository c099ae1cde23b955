import { Alert, App, Button, DatePicker, Descriptions, Input, Popconfirm, Radio, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useId, useState } from 'react';
import { api, ApiError } from '../../api/client';
import type { CalendarDay } from '../../api/models';
import type { zh } from '../../i18n/config.messages';
import { useI18n } from '../../i18n/i18n';
import { classifyDay } from '../../lib/calendar-days';
import { DAY_STYLE, DayMark } from './DayMark';

const SOURCE_NAMES: Record<CalendarDay['source'], keyof typeof zh> = {
  local: 'cfgSourceLocal',
  imported: 'cfgSourceImported',
  statutory: 'cfgSourceStatutory',
  provisional: 'cfgSourceProvisional',
  weekday: 'cfgSourceWeekday',
};

interface Props {
  date: string;
  /** The day as the server sees it; absent while the calendar loads. */
  day: CalendarDay | undefined;
  canEdit: boolean;
  onPick: (date: string) => void;
  onChanged: () => void;
}

/**
 * The selected day: its status, where that comes from, and for admins the local override
 * (`PUT` / `DELETE /api/v1/calendar/overrides/{date}`). The date picker makes every day
 * reachable by keyboard as well as by clicking the grid.
 */
export function DayPanel({ date, day, canEdit, onPick, onChanged }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [working, setWorking] = useState(true);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const pickerId = useId();
  const reasonId = useId();

  // A new day starts the form from the opposite of what the day is: that is what an override is for.
  useEffect(() => {
    setWorking(day ? !day.working : true);
    setReason(day?.source === 'local' ? (day.name ?? '') : '');
    setFailure(null);
  }, [day]);

  const send = async (method: 'PUT' | 'DELETE') => {
    setBusy(true);
    setFailure(null);
    try {
      const trimmed = reason.trim();
      await api(`/api/v1/calendar/overrides/${date}`, {
        method,
        ...(method === 'PUT' ? { body: { working, ...(trimmed ? { name: trimmed } : {}) } } : {}),
      });
      void message.success(method === 'PUT' ? t('cfgOverrideSaved') : t('cfgOverrideRemoved'));
      onChanged();
    } catch (e) {
      setFailure(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const kind = day ? classifyDay(day) : null;
  return (
    <div>
      <Space orientation="vertical" style={{ width: '100%', marginBottom: 12 }}>
        <label htmlFor={pickerId}>{t('cfgDate')}</label>
        <DatePicker
          id={pickerId}
          allowClear={false}
          value={dayjs(date)}
          onChange={(v) => v && onPick(v.format('YYYY-MM-DD'))}
          style={{ width: '100%' }}
        />
      </Space>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('cfgDate')}>{dayjs(date).format('YYYY-MM-DD dddd')}</Descriptions.Item>
        <Descriptions.Item label={t('cfgDayStatus')}>
          {kind ? (
            <Space size={4} wrap>
              <DayMark kind={kind.kind} provisional={kind.provisional} />
              {t(DAY_STYLE[kind.kind].name)}
              {kind.provisional && <Typography.Text type="warning">{t('cfgProvisional')}</Typography.Text>}
            </Space>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('cfgDaySource')}>{day ? t(SOURCE_NAMES[day.source]) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('cfgDayName')}>{day?.name ?? '—'}</Descriptions.Item>
      </Descriptions>

      {canEdit ? (
        <div style={{ marginTop: 16 }}>
          <Typography.Title level={5}>{t('cfgOverride')}</Typography.Title>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Radio.Group
              value={working}
              onChange={(e) => setWorking(e.target.value as boolean)}
              aria-label={t('cfgOverride')}
              options={[
                { value: true, label: t('cfgOverrideWorking') },
                { value: false, label: t('cfgOverrideOff') },
              ]}
            />
            <label htmlFor={reasonId}>{t('cfgOverrideReason')}</label>
            <Input id={reasonId} value={reason} maxLength={50} onChange={(e) => setReason(e.target.value)} />
            <Typography.Text type="secondary">{t('cfgOverrideHint')}</Typography.Text>
            {failure && <Alert type="error" showIcon title={`${t('cfgRequestFailed')}: ${failure}`} />}
            <Space wrap>
              <Button type="primary" loading={busy} disabled={!day} onClick={() => void send('PUT')}>
                {t('cfgOverrideSave')}
              </Button>
              {day?.source === 'local' && (
                <Popconfirm title={t('cfgOverrideRemoveConfirm')} onConfirm={() => void send('DELETE')}>
                  <Button danger disabled={busy}>
                    {t('cfgOverrideRemove')}
                  </Button>
                </Popconfirm>
              )}
            </Space>
          </Space>
        </div>
      ) : (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('cfgReadOnly')}
        </Typography.Paragraph>
      )}
    </div>
  );
}
