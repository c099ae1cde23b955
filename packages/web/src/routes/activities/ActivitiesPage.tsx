import { ACTIVITY_KINDS, ACTIVITY_RECORDER_ROLES, ACTIVITY_REPORT_ROLES } from '@qisu/core';
import type { ActivityKind } from '@qisu/core';
import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { Activity, ActivityPerson, ActivityReport } from '../../api/activities';
import { activityPaths, recordActivity } from '../../api/activities';
import { useSession } from '../../auth/session';
import { ActivityForm } from '../../components/activities/ActivityForm';
import { FormDrawer } from '../../components/FormDrawer';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n/i18n';
import type { ActivityValues } from '../../lib/activity';
import { activityBody, monthSpan, shanghaiMonth } from '../../lib/activity';
import { shanghaiTime } from '../../lib/clock';
import { useLoad } from '../../lib/use-load';
import { useSubmit } from '../../lib/use-submit';

/** The cases of an activity, by number with a link, marked filed there or linked afterwards. */
function ActivityCases({ activity }: { activity: Activity }) {
  const { t } = useI18n();
  if (activity.cases.length === 0) return <Typography.Text type="secondary">{t('actNoCases')}</Typography.Text>;
  return (
    <Space wrap size={4}>
      {activity.cases.map((c) => (
        <Link
          key={c.id}
          to={`/cases/${c.id}`}
          title={`${c.title}（${c.produced ? t('actProduced') : t('actLinked')}）`}
        >
          {c.number}
        </Link>
      ))}
    </Space>
  );
}

/** One activity in full: its people, the enterprises met and its cases with their status. */
function ActivityDetail({ activity }: { activity: Activity }) {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Descriptions column={1} size="small" bordered styles={{ label: { width: 104, whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label={t('actKind')}>{t(`actKind.${activity.kind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('actHeldAt')}>{shanghaiTime(activity.heldAt)}</Descriptions.Item>
        <Descriptions.Item label={t('actPlace')}>{activity.place ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('actLedBy')}>{activity.ledBy?.name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('actAttendees')}>
          {activity.attendees.length === 0
            ? '—'
            : activity.attendees.map((a) => (a.unit ? `${a.name}（${a.unit}）` : a.name)).join('、')}
        </Descriptions.Item>
        <Descriptions.Item label={t('actEnterprises')}>
          {activity.enterprises.length === 0 ? '—' : activity.enterprises.map((e) => e.name).join('、')}
        </Descriptions.Item>
        <Descriptions.Item label={t('actNotes')}>{activity.notes ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('actRecordedBy')}>{activity.recordedBy.name}</Descriptions.Item>
      </Descriptions>
      <Typography.Text strong>{t('actCases')}</Typography.Text>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={activity.cases}
        locale={{ emptyText: t('actNoCases') }}
        columns={[
          {
            title: t('number'),
            width: 150,
            render: (_, c) => <Link to={`/cases/${c.id}`}>{c.number}</Link>,
          },
          { title: t('title'), dataIndex: 'title', ellipsis: true },
          { title: t('status'), width: 100, render: (_, c) => <StatusTag status={c.status} /> },
          {
            title: '',
            width: 90,
            render: (_, c) => (
              <Tag color={c.produced ? 'blue' : 'default'}>{c.produced ? t('actProduced') : t('actLinked')}</Tag>
            ),
          },
        ]}
      />
    </Space>
  );
}

/** 领导进企业: each leader's days in enterprises in the month, with the activities that made them. */
function LeaderDays({ report, loading }: { report: ActivityReport | null; loading: boolean }) {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('actLeadersHint')}</Typography.Text>
      {report && (
        <Space wrap size={[8, 8]}>
          <Typography.Text strong>{t('actTotal', { n: report.total })}</Typography.Text>
          {report.byKind
            .filter((k) => k.count > 0)
            .map((k) => (
              <Tag key={k.kind}>{`${t(`actKind.${k.kind}`)} ${k.count}`}</Tag>
            ))}
        </Space>
      )}
      <Table
        rowKey="userId"
        size="small"
        loading={loading}
        pagination={false}
        dataSource={report?.leaders ?? []}
        data-testid="leader-days"
        locale={{ emptyText: <Empty description={t('actNoLeaders')} /> }}
        columns={[
          { title: t('actLeader'), dataIndex: 'name', width: 180 },
          {
            title: t('actDays'),
            dataIndex: 'days',
            width: 140,
            render: (n: number) => (
              <Typography.Text strong type={n === 0 ? 'danger' : undefined}>
                {t('actDaysCount', { n })}
              </Typography.Text>
            ),
          },
          { title: t('actActivities'), dataIndex: 'activities', width: 120 },
          {
            title: t('actDates'),
            dataIndex: 'dates',
            render: (dates: string[]) => (dates.length === 0 ? '—' : dates.map((d) => d.slice(5)).join('、')),
          },
        ]}
      />
    </Space>
  );
}

/**
 * 走访与活动: the month's visits and meetings of the caller's scope (a liaison's own, what met its
 * ledger; the whole jurisdiction for the hub and leaders) by kind, with their enterprises and the
 * cases they produced, a drawer to record one, and each leader's days in enterprises (seed 003 二(四)).
 */
export default function ActivitiesPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? shanghaiMonth(new Date());
  const kind = (params.get('kind') ?? undefined) as ActivityKind | undefined;
  const mayReport = !!user && user.roles.some((r) => (ACTIVITY_REPORT_ROLES as readonly string[]).includes(r));
  const mayRecord = !!user && user.roles.some((r) => (ACTIVITY_RECORDER_ROLES as readonly string[]).includes(r));
  const tab = mayReport && params.get('tab') === 'leaders' ? 'leaders' : 'list';
  const setQuery = (next: { month?: string; kind?: string | undefined; tab?: string }) => {
    const q = new URLSearchParams();
    q.set('month', next.month ?? month);
    const k = 'kind' in next ? next.kind : kind;
    if (k) q.set('kind', k);
    const tb = next.tab ?? tab;
    if (tb !== 'list') q.set('tab', tb);
    setParams(q);
  };

  const list = useLoad<Activity[]>(activityPaths.list({ ...monthSpan(month), kind }));
  const report = useLoad<ActivityReport>(mayReport ? activityPaths.report(month) : null);
  const people = useLoad<ActivityPerson[]>(mayRecord ? activityPaths.people : null);
  const [recording, setRecording] = useState(params.get('record') === '1');
  const [shown, setShown] = useState<Activity | null>(null);
  const [form] = Form.useForm<ActivityValues>();

  const save = useSubmit(async (values: ActivityValues) => {
    const { caseIds } = await recordActivity(activityBody(values));
    setRecording(false);
    form.resetFields();
    void message.success(caseIds.length > 0 ? t('actSaved', { n: caseIds.length }) : t('actSavedNone'));
    list.reload();
    report.reload();
  });

  const error = list.error ?? report.error;
  const listTable = (
    <Table<Activity>
      rowKey="id"
      size="small"
      loading={list.loading}
      dataSource={list.data ?? []}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      locale={{ emptyText: <Empty description={t('actEmpty')} /> }}
      onRow={(a) => ({ onClick: () => setShown(a), style: { cursor: 'pointer' } })}
      columns={[
        { title: t('actHeldAt'), dataIndex: 'heldAt', width: 140, render: (v: string) => shanghaiTime(v) },
        { title: t('actKind'), width: 130, render: (_, a) => <Tag color="geekblue">{t(`actKind.${a.kind}`)}</Tag> },
        { title: t('actName'), dataIndex: 'title', ellipsis: true },
        { title: t('actLedBy'), width: 100, render: (_, a) => a.ledBy?.name ?? '—' },
        {
          title: t('actEnterprises'),
          ellipsis: true,
          render: (_, a) => (a.enterprises.length === 0 ? '—' : a.enterprises.map((e) => e.name).join('、')),
        },
        { title: t('actCases'), width: 190, render: (_, a) => <ActivityCases activity={a} /> },
      ]}
    />
  );

  return (
    <Card
      title={t('actTitle')}
      extra={
        mayRecord && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              form.resetFields();
              save.reset();
              setRecording(true);
            }}
          >
            {t('actRecord')}
          </Button>
        )
      }
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('actIntro')}</Typography.Text>
        <Space wrap>
          <DatePicker
            picker="month"
            allowClear={false}
            value={dayjs(`${month}-01`)}
            onChange={(d) => d && setQuery({ month: d.format('YYYY-MM') })}
            aria-label={t('actMonth')}
          />
          <Select
            allowClear
            style={{ width: 180 }}
            placeholder={t('actAllKinds')}
            value={kind}
            onChange={(k?: string) => setQuery({ kind: k })}
            aria-label={t('actKind')}
            options={ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`actKind.${k}`) }))}
          />
        </Space>
        {error && <Alert type="error" showIcon title={`${t('loadFailed')}: ${error}`} />}
        {mayReport ? (
          <Tabs
            activeKey={tab}
            onChange={(key) => setQuery({ tab: key })}
            items={[
              { key: 'list', label: t('actTabList', { n: list.data?.length ?? 0 }), children: listTable },
              {
                key: 'leaders',
                label: t('actTabLeaders'),
                children: <LeaderDays report={report.data} loading={report.loading} />,
              },
            ]}
          />
        ) : (
          listTable
        )}
      </Space>
      <Drawer open={shown !== null} title={shown?.title ?? t('actDetail')} size={640} onClose={() => setShown(null)}>
        {shown && <ActivityDetail activity={shown} />}
      </Drawer>
      <FormDrawer
        open={recording}
        title={t('actRecord')}
        size={640}
        form={form}
        save={save}
        saveText={t('actSave')}
        onClose={() => setRecording(false)}
      >
        <ActivityForm form={form} people={people.data ?? []} />
      </FormDrawer>
    </Card>
  );
}
