import { ADMIN_ROLES, mayAct } from '@qisu/core';
import { ImportOutlined } from '@ant-design/icons';
import { Alert, Button, Calendar, Card, Col, Row, Space, Spin, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../../api/client';
import type { CalendarDay } from '../../api/models';
import { useSession } from '../../auth/session';
import { CalendarLegend, DayMark } from '../../components/config/DayMark';
import { DayPanel } from '../../components/config/DayPanel';
import { DueCalculator } from '../../components/config/DueCalculator';
import { NoticeImport } from '../../components/config/NoticeImport';
import type { zh } from '../../i18n/config.messages';
import { useI18n } from '../../i18n/i18n';
import type { YearBasis } from '../../lib/calendar-days';
import { classifyDay, yearBasis, yearRange } from '../../lib/calendar-days';
import { shanghaiWallOf } from '../../lib/durations';

const BASIS_TEXT: Record<YearBasis, keyof typeof zh> = {
  imported: 'cfgYearImported',
  statutory: 'cfgYearStatutory',
  provisional: 'cfgYearProvisional',
  weekdays: 'cfgYearWeekdays',
};

/**
 * `/admin/calendar`: the jurisdiction's working calendar a month at a time — working days,
 * holidays, 调休 make-up days, local overrides, provisional holidays — with a legend. Admins
 * set or remove a day's override and import a year's State Council notice; everyone can work
 * out a due time. A whole year is fetched at once, so moving between months does not wait.
 */
export default function CalendarPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const isAdmin = mayAct(user?.roles ?? [], ADMIN_ROLES);
  const [value, setValue] = useState<Dayjs>(() => dayjs(shanghaiWallOf(Date.now()).slice(0, 10)));
  const [loaded, setLoaded] = useState<{ year: number; days: CalendarDay[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [importing, setImporting] = useState(false);
  const year = value.year();

  const load = useCallback((which: number) => {
    setLoading(true);
    setError(null);
    const { from, to } = yearRange(which);
    api<CalendarDay[]>(`/api/v1/calendar?from=${from}&to=${to}`)
      .then(
        (days) => setLoaded({ year: which, days }),
        (e: unknown) => setError(e instanceof ApiError ? e.message : String(e)),
      )
      .finally(() => setLoading(false));
  }, []);
  useEffect(() => load(year), [load, year]);

  const byDate = useMemo(() => new Map((loaded?.days ?? []).map((d) => [d.date, d])), [loaded]);
  const basis = loaded && loaded.year === year ? yearBasis(loaded.days, year) : null;
  const selected = value.format('YYYY-MM-DD');

  const cell = (current: Dayjs) => {
    const day = byDate.get(current.format('YYYY-MM-DD'));
    if (!day) return null;
    const { kind, provisional } = classifyDay(day);
    return (
      <div style={{ lineHeight: '20px' }}>
        <DayMark kind={kind} provisional={provisional} />
        {day.name && (
          <Typography.Text type={kind === 'holiday' ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
            {day.name}
          </Typography.Text>
        )}
      </div>
    );
  };

  return (
    <Card
      title={t('cfgCalendarTitle')}
      extra={
        isAdmin && (
          <Button icon={<ImportOutlined />} onClick={() => setImporting(true)}>
            {t('cfgImportNotice')}
          </Button>
        )
      }
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            {error && (
              <Alert
                type="error"
                showIcon
                title={`${t('loadFailed')}: ${error}`}
                action={<Button onClick={() => load(year)}>{t('retry')}</Button>}
              />
            )}
            {basis && (
              <Alert
                type={basis === 'provisional' ? 'warning' : 'info'}
                showIcon
                title={t(BASIS_TEXT[basis], { year })}
                action={
                  basis === 'provisional' && isAdmin ? (
                    <Button size="small" onClick={() => setImporting(true)}>
                      {t('cfgImportNotice')}
                    </Button>
                  ) : undefined
                }
              />
            )}
            <CalendarLegend />
            <Spin spinning={loading}>
              <Calendar
                value={value}
                onSelect={(date) => setValue(date)}
                onPanelChange={(date) => setValue(date)}
                cellRender={(current, info) => (info.type === 'date' ? cell(current) : info.originNode)}
              />
            </Spin>
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Space orientation="vertical" style={{ width: '100%' }} size={16}>
            <Card size="small" title={t('cfgSelectedDay')}>
              <DayPanel
                date={selected}
                day={loaded?.year === year ? byDate.get(selected) : undefined}
                canEdit={isAdmin}
                onPick={(date) => setValue(dayjs(date))}
                onChanged={() => load(year)}
              />
            </Card>
            <DueCalculator />
          </Space>
        </Col>
      </Row>
      {isAdmin && (
        <NoticeImport
          open={importing}
          defaultYear={year}
          onClose={() => setImporting(false)}
          onImported={(imported) => {
            setImporting(false);
            if (imported === year) load(year);
            else setValue(dayjs(`${imported}-01-01`));
          }}
        />
      )}
    </Card>
  );
}
