import { Alert, AutoComplete, Button, Card, DatePicker, Descriptions, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useId, useState } from 'react';
import { api, ApiError } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { shanghaiTime } from '../../lib/clock';
import { isDurationSpec } from '@qisu/core';
import { DURATION_EXAMPLES, durationPhrase, shanghaiWallOf, shanghaiWallToIso } from '../../lib/durations';

/**
 * When would something received at a given time be due under a time limit, in this
 * jurisdiction's calendar (`GET /api/v1/calendar/due`)? The time picked is read as Beijing
 * time whatever the browser's zone, as every time limit is.
 */
export function DueCalculator() {
  const { t } = useI18n();
  const [from, setFrom] = useState<Dayjs>(() => dayjs(shanghaiWallOf(Date.now())));
  const [duration, setDuration] = useState('5wd');
  const [result, setResult] = useState<{ dueAt: string; duration: string } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fromId = useId();
  const durationId = useId();
  const spec = duration.trim();
  const invalid = spec !== '' && !isDurationSpec(spec);

  const compute = async () => {
    if (!isDurationSpec(spec)) return;
    setBusy(true);
    setFailure(null);
    try {
      const query = new URLSearchParams({ from: shanghaiWallToIso(from.format('YYYY-MM-DD HH:mm')), duration: spec });
      const answer = await api<{ dueAt: string }>(`/api/v1/calendar/due?${query.toString()}`);
      setResult({ dueAt: answer.dueAt, duration: spec });
    } catch (e) {
      setResult(null);
      setFailure(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const phrase = (s: string) => {
    const p = durationPhrase(s);
    return t(p.key, p.params);
  };

  return (
    <Card size="small" title={t('cfgDueTitle')}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <label htmlFor={fromId}>{t('cfgDueFrom')}</label>
        <DatePicker
          id={fromId}
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          allowClear={false}
          value={from}
          onChange={(v) => v && setFrom(v)}
          style={{ width: '100%' }}
        />
        <label htmlFor={durationId}>{t('cfgDueDuration')}</label>
        <AutoComplete
          id={durationId}
          value={duration}
          onChange={(v: string) => setDuration(v)}
          options={DURATION_EXAMPLES.map((d) => ({ value: d, label: `${d} · ${phrase(d)}` }))}
          status={invalid ? 'error' : undefined}
          style={{ width: '100%' }}
        />
        <span style={{ color: invalid ? '#ff4d4f' : 'rgba(0,0,0,0.45)' }} role={invalid ? 'alert' : undefined}>
          {invalid ? t('cfgDueInvalid') : t('cfgDueDurationHelp')}
        </span>
        <Button
          type="primary"
          onClick={() => void compute()}
          loading={busy}
          disabled={!isDurationSpec(spec)}
          data-testid="due-compute"
        >
          {t('cfgDueCompute')}
        </Button>
        {failure && <Alert type="error" showIcon title={`${t('cfgRequestFailed')}: ${failure}`} />}
        {result && (
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('cfgDuration')}>{phrase(result.duration)}</Descriptions.Item>
            <Descriptions.Item label={t('cfgDueResult')}>
              <strong data-testid="due-at">
                {shanghaiTime(result.dueAt)} {dayjs(result.dueAt.slice(0, 10)).format('dddd')}
              </strong>
            </Descriptions.Item>
          </Descriptions>
        )}
      </Space>
    </Card>
  );
}
