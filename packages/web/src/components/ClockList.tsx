import { Badge, List, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { ClockView } from '../api/models';
import { codeText, useI18n } from '../i18n/i18n';
import { clockTone, formatSpan, shanghaiTime } from '../lib/clock';
import { durationPhrase } from '../lib/durations';

/** The case's clocks with their limit, their colour and a countdown that moves every minute. */
export function ClockList({ clocks }: { clocks: ClockView[] }) {
  const { t, lang } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  if (clocks.length === 0) return <Typography.Text type="secondary">{t('empty')}</Typography.Text>;
  return (
    <List
      size="small"
      dataSource={clocks}
      renderItem={(clock) => {
        const left = Date.parse(clock.dueAt) - now;
        const open = clock.state === 'running' || clock.state === 'warned';
        const limit = durationPhrase(clock.duration);
        return (
          <List.Item data-testid={`clock-${clock.milestone}`}>
            <Badge
              status={clockTone(clock, now)}
              text={`${codeText(t, 'milestone', clock.milestone)}${clock.title ? `：${codeText(t, 'milestone', clock.title)}` : ''}`}
            />
            <span>
              {t('due')} {shanghaiTime(clock.dueAt)}
              <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                {t('clockLimit', { limit: t(limit.key, limit.params) })}
              </Typography.Text>
              {open && (
                <Typography.Text type={left < 0 ? 'danger' : 'secondary'} style={{ marginLeft: 8 }}>
                  {left < 0 ? t('overdueBy') : t('remaining')} {formatSpan(left, lang)}
                </Typography.Text>
              )}
            </span>
          </List.Item>
        );
      }}
    />
  );
}
