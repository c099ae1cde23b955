import { DatePicker, Segmented, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import type { DayRange, PeriodPreset } from '../../lib/period';
import { MAX_RANGE_DAYS, PERIOD_PRESETS, presetRange } from '../../lib/period';

const PRESET_KEYS: Record<PeriodPreset, MessageKey> = {
  thisMonth: 'ovsThisMonth',
  lastMonth: 'ovsLastMonth',
  thisQuarter: 'ovsThisQuarter',
  custom: 'ovsCustom',
};

interface Props {
  preset: PeriodPreset;
  range: DayRange;
  onChange: (preset: PeriodPreset, range: DayRange) => void;
}

/**
 * This month / last month / this quarter / a custom range of at most 366 days. The chosen days
 * are Shanghai calendar days; the range picker cannot produce a longer or reversed range.
 */
export function PeriodPicker({ preset, range, onChange }: Props) {
  const { t } = useI18n();
  const pick = (next: PeriodPreset) => {
    if (next === 'custom') onChange('custom', range);
    else onChange(next, presetRange(next, new Date()));
  };
  const tooFar = (day: Dayjs, info: { from?: Dayjs }) =>
    info.from ? Math.abs(day.diff(info.from, 'day')) >= MAX_RANGE_DAYS : false;

  return (
    <Space wrap>
      <Typography.Text id="ovs-period-label">{t('ovsPeriod')}</Typography.Text>
      <Segmented<PeriodPreset>
        aria-labelledby="ovs-period-label"
        value={preset}
        onChange={pick}
        options={PERIOD_PRESETS.map((p) => ({ value: p, label: t(PRESET_KEYS[p]) }))}
      />
      {preset === 'custom' && (
        <DatePicker.RangePicker
          aria-label={t('ovsRange')}
          allowClear={false}
          value={[dayjs(range.from), dayjs(range.to)]}
          disabledDate={tooFar}
          onChange={(values) => {
            const [start, end] = values ?? [];
            if (start && end) {
              onChange('custom', { from: start.format('YYYY-MM-DD'), to: end.format('YYYY-MM-DD') });
            }
          }}
        />
      )}
    </Space>
  );
}
