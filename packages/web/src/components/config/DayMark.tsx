import { Space, Tag, Typography } from 'antd';
import type { zh } from '../../i18n/config.messages';
import { useI18n } from '../../i18n/i18n';
import type { DayKind } from '../../lib/calendar-days';
import { DAY_KINDS } from '../../lib/calendar-days';

/** How each kind of day is drawn: its tag colour, its mark (off or working) and its name in the legend. */
export const DAY_STYLE: Record<DayKind, { color: string; mark: 'off' | 'work' | null; name: keyof typeof zh }> = {
  workday: { color: 'default', mark: null, name: 'cfgDayWorkday' },
  restday: { color: 'default', mark: 'off', name: 'cfgDayRestday' },
  holiday: { color: 'red', mark: 'off', name: 'cfgDayHoliday' },
  makeup: { color: 'orange', mark: 'work', name: 'cfgDayMakeup' },
  localWorking: { color: 'purple', mark: 'work', name: 'cfgDayLocalWorking' },
  localOff: { color: 'magenta', mark: 'off', name: 'cfgDayLocalOff' },
};

/** The small tag a day carries in the month grid and in the legend; provisional days get a dashed one. */
export function DayMark({ kind, provisional }: { kind: DayKind; provisional: boolean }) {
  const { t } = useI18n();
  const style = DAY_STYLE[kind];
  if (!style.mark) return null;
  return (
    <Tag
      color={style.color}
      variant={provisional ? 'outlined' : undefined}
      style={{ marginInlineEnd: 4, ...(provisional ? { borderStyle: 'dashed' } : {}) }}
      title={provisional ? `${t(style.name)} · ${t('cfgProvisional')}` : t(style.name)}
    >
      {style.mark === 'off' ? t('cfgMarkOff') : t('cfgMarkWork')}
      {provisional ? '?' : ''}
    </Tag>
  );
}

/** What the marks of the month grid mean. */
export function CalendarLegend() {
  const { t } = useI18n();
  return (
    <Space wrap size={[16, 8]} aria-label={t('cfgLegend')} role="list">
      <Typography.Text strong>{t('cfgLegend')}</Typography.Text>
      {DAY_KINDS.map((kind) => (
        <span key={kind} role="listitem">
          {DAY_STYLE[kind].mark ? <DayMark kind={kind} provisional={false} /> : <Tag>—</Tag>}
          {t(DAY_STYLE[kind].name)}
        </span>
      ))}
      <span role="listitem">
        <DayMark kind="holiday" provisional />
        {t('cfgProvisional')}
      </span>
    </Space>
  );
}
