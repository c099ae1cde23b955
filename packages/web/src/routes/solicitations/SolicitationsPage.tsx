import {
  isoWeekOf,
  JURISDICTION_WIDE_ROLES,
  QUESTIONNAIRE_READER_ROLES,
  SOLICITATION_METHOD_LABELS,
  SOLICITOR_ROLES,
} from '@qisu/core';
import {
  DownloadOutlined,
  FormOutlined,
  LeftOutlined,
  PlusOutlined,
  RightOutlined,
  SendOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Popconfirm,
  Row,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { Coverage, SolicitationRound, WeeklyLedgers, WeeklyLedgerUnit } from '../../api/solicitations';
import { recordSolicitation, sendWeeklyLedger, solicitationPaths } from '../../api/solicitations';
import { useSession } from '../../auth/session';
import { FormDrawer } from '../../components/FormDrawer';
import type { SolicitationValues } from '../../components/solicitations/SolicitationForm';
import { SolicitationForm, solicitationBody } from '../../components/solicitations/SolicitationForm';
import { useI18n } from '../../i18n/i18n';
import { shanghaiTime } from '../../lib/clock';
import { errorText } from '../../lib/form-errors';
import { coverageShare, shiftWeek, weekSpan } from '../../lib/solicitation';
import { useDownload } from '../../lib/use-download';
import { useLoad } from '../../lib/use-load';
import { useSubmit } from '../../lib/use-submit';

/** Previous, this and next week, with the week's dates; the week lives in the address (`?week=`). */
function WeekSwitch(props: { week: string; onChange: (week: string) => void }) {
  const { t, lang } = useI18n();
  const current = isoWeekOf(new Date());
  return (
    <Space>
      <Button icon={<LeftOutlined />} onClick={() => props.onChange(shiftWeek(props.week, -1))}>
        {t('solPrevWeek')}
      </Button>
      <Typography.Text strong data-testid="solicitation-week">
        {t('solWeekLabel', { week: props.week, span: weekSpan(props.week, lang) })}
      </Typography.Text>
      <Button
        onClick={() => props.onChange(shiftWeek(props.week, 1))}
        disabled={props.week >= current}
        icon={<RightOutlined />}
        iconPlacement="end"
      >
        {t('solNextWeek')}
      </Button>
      {props.week !== current && <Button onClick={() => props.onChange(current)}>{t('solThisWeek')}</Button>}
    </Space>
  );
}

/** The cases a round produced, by number with a link, or "未发现问题". */
function RoundCases({ round }: { round: SolicitationRound }) {
  const { t } = useI18n();
  if (round.cases.length === 0) return <Tag>{t('solNoProblem')}</Tag>;
  return (
    <Space wrap size={4}>
      {round.cases.map((c) => (
        <Link key={c.id} to={`/cases/${c.id}`} title={c.title}>
          {c.number}
        </Link>
      ))}
    </Space>
  );
}

/** The weekly ledgers of the soliciting units: what they found, whether they sent it, the workbook. */
function LedgersTab(props: { week: string; ledgers: WeeklyLedgers | null; onSent: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useSession();
  const { busy, download } = useDownload();
  const [sending, setSending] = useState(false);
  const mine = props.ledgers?.units.find((u) => u.unitId === user?.unitId);
  const isLiaison = !!user?.roles.includes('liaison');

  const send = async () => {
    setSending(true);
    try {
      await sendWeeklyLedger(props.week);
      void message.success(t('solSentDone'));
      props.onSent();
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setSending(false);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {isLiaison && mine && (
        <Popconfirm
          title={t('solSendConfirm', { week: props.week, rounds: mine.rounds, problems: mine.problems })}
          okText={t('submit')}
          cancelText={t('cancel')}
          onConfirm={() => void send()}
        >
          <Button type="primary" icon={<SendOutlined />} loading={sending}>
            {mine.sent ? t('solSendAgain') : t('solSendWeek', { week: props.week })}
          </Button>
        </Popconfirm>
      )}
      <Table<WeeklyLedgerUnit>
        rowKey="unitId"
        size="small"
        pagination={false}
        dataSource={props.ledgers?.units ?? []}
        locale={{ emptyText: <Empty description={t('solNoUnits')} /> }}
        columns={[
          { title: t('solUnit'), dataIndex: 'unitName' },
          { title: t('solLiaisons'), render: (_, u) => u.liaisons.join('、') },
          { title: t('solRounds'), dataIndex: 'rounds', width: 90, align: 'right' },
          { title: t('solEnterprisesSolicited'), dataIndex: 'enterprises', width: 90, align: 'right' },
          { title: t('solProblems'), dataIndex: 'problems', width: 90, align: 'right' },
          {
            title: t('solLedgerStatus'),
            render: (_, u) =>
              u.sent ? (
                <Space orientation="vertical" size={0}>
                  <Tag color="green">{t('solSentAt', { at: shanghaiTime(u.sent.sentAt), by: u.sent.sentBy })}</Tag>
                  {(u.sent.rounds !== u.rounds || u.sent.problems !== u.problems) && (
                    <Typography.Text type="warning">{t('solStaleAfterSend')}</Typography.Text>
                  )}
                </Space>
              ) : (
                <Tag color="orange">{t('solNotSent')}</Tag>
              ),
          },
          {
            title: '',
            width: 110,
            render: (_, u) => (
              <Button
                type="link"
                icon={<DownloadOutlined />}
                loading={busy}
                aria-label={`${t('solDownload')} ${u.unitName}`}
                onClick={() =>
                  void download(
                    solicitationPaths.workbook(u.unitId, props.week),
                    `${u.unitName}问题台账-${props.week}.xlsx`,
                  )
                }
              >
                {t('solDownload')}
              </Button>
            ),
          },
        ]}
      />
    </Space>
  );
}

/**
 * Weekly solicitation (每周征询, seed 003 二(一)): the week's coverage of the caller's ledger (a
 * liaison's own enterprises, the hub's whole jurisdiction), the enterprises not yet asked with a
 * button to record a round for each, the week's rounds and the cases they became, and each town's
 * weekly 问题台账 — sent to the hub by its liaison, downloaded as 附件2.
 */
export default function SolicitationsPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const week = params.get('week') ?? isoWeekOf(new Date());
  const tab = params.get('tab') ?? 'missing';
  const setWeek = (w: string) => setParams({ week: w, tab });
  const coverage = useLoad<Coverage>(solicitationPaths.coverage(week));
  const rounds = useLoad<SolicitationRound[]>(solicitationPaths.rounds(week));
  const ledgers = useLoad<WeeklyLedgers>(solicitationPaths.ledgers(week));
  const [recording, setRecording] = useState<{ enterpriseId?: string } | null>(null);
  const [form] = Form.useForm<SolicitationValues>();
  const mayRecord = !!user && user.roles.some((r) => (SOLICITOR_ROLES as readonly string[]).includes(r));
  const mayReadSurveys =
    !!user && user.roles.some((r) => (QUESTIONNAIRE_READER_ROLES as readonly string[]).includes(r));
  const missing = useMemo(() => new Set((coverage.data?.missing ?? []).map((m) => m.id)), [coverage.data]);
  // A liaison's list is its own ledger: the liaison column would name only itself.
  const ownLedgerOnly = !!user && !user.roles.some((r) => (JURISDICTION_WIDE_ROLES as readonly string[]).includes(r));

  const reloadAll = () => {
    coverage.reload();
    rounds.reload();
    ledgers.reload();
  };

  const save = useSubmit(async (values: SolicitationValues) => {
    const { caseIds } = await recordSolicitation(solicitationBody(values));
    setRecording(null);
    form.resetFields();
    void message.success(caseIds.length > 0 ? t('solSavedCases', { n: caseIds.length }) : t('solSavedNone'));
    reloadAll();
  });

  const open = (enterpriseId?: string) => {
    form.resetFields();
    if (enterpriseId) form.setFieldsValue({ enterpriseId });
    save.reset();
    setRecording({ ...(enterpriseId ? { enterpriseId } : {}) });
  };

  const c = coverage.data;
  const share = c ? coverageShare(c.solicited, c.enterprises) : null;
  const error = coverage.error ?? rounds.error ?? ledgers.error;

  return (
    <Card
      title={t('solTitle')}
      extra={
        <Space>
          {mayReadSurveys && (
            <Link to="/questionnaires">
              <Button icon={<FormOutlined />}>{t('qnLink')}</Button>
            </Link>
          )}
          {mayRecord && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => open()}>
              {t('solRecord')}
            </Button>
          )}
        </Space>
      }
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('solIntro')}</Typography.Text>
        <WeekSwitch week={week} onChange={setWeek} />
        {error && <Alert type="error" showIcon title={`${t('loadFailed')}: ${error}`} />}
        <Row gutter={16}>
          <Col span={6}>
            <Statistic title={t('solLedgerEnterprises')} value={c?.enterprises ?? '—'} />
          </Col>
          <Col span={6}>
            <Statistic
              title={t('solSolicited')}
              value={c?.solicited ?? '—'}
              suffix={share === null ? undefined : <small>（{t('solShare', { p: share })}）</small>}
            />
          </Col>
          <Col span={6}>
            <Statistic
              title={t('solMissing')}
              value={c ? c.missing.length : '—'}
              styles={{ content: c && c.missing.length > 0 ? { color: '#d4380d' } : {} }}
            />
          </Col>
          <Col span={6}>
            <Statistic title={t('solProblems')} value={c?.problems ?? '—'} />
          </Col>
        </Row>
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams({ week, tab: key })}
          items={[
            {
              key: 'missing',
              label: t('solTabMissing', { n: c?.missing.length ?? 0 }),
              children: (
                <Table
                  rowKey="id"
                  size="small"
                  loading={coverage.loading}
                  dataSource={c?.missing ?? []}
                  pagination={{ pageSize: 8, hideOnSinglePage: true }}
                  locale={{ emptyText: <Empty description={t('solAllSolicited')} /> }}
                  columns={[
                    { title: t('solEnterprise'), dataIndex: 'name' },
                    ...(ownLedgerOnly
                      ? []
                      : [
                          {
                            title: t('solLiaison'),
                            dataIndex: 'liaisonName',
                            render: (v: string | null) => v ?? '—',
                          },
                        ]),
                    {
                      title: t('solLastRound'),
                      dataIndex: 'lastSolicitedAt',
                      render: (v: string | null) => (v ? shanghaiTime(v) : t('solNever')),
                    },
                    ...(mayRecord
                      ? [
                          {
                            title: '',
                            width: 120,
                            render: (_: unknown, m: { id: string; name: string }) => (
                              <Button type="link" onClick={() => open(m.id)} aria-label={`${t('solRecord')} ${m.name}`}>
                                {t('solRecord')}
                              </Button>
                            ),
                          },
                        ]
                      : []),
                  ]}
                />
              ),
            },
            {
              key: 'rounds',
              label: t('solTabRounds', { n: rounds.data?.length ?? 0 }),
              children: (
                <Table<SolicitationRound>
                  rowKey="id"
                  size="small"
                  loading={rounds.loading}
                  dataSource={rounds.data ?? []}
                  pagination={{ pageSize: 8, hideOnSinglePage: true }}
                  locale={{ emptyText: <Empty description={t('solNoRounds')} /> }}
                  columns={[
                    { title: t('solAt'), dataIndex: 'at', width: 140, render: (v: string) => shanghaiTime(v) },
                    { title: t('solEnterprise'), render: (_, r) => r.enterprise.name },
                    {
                      title: t('solMethod'),
                      width: 100,
                      render: (_, r) => SOLICITATION_METHOD_LABELS[r.method][lang === 'zh-CN' ? 'zh' : 'en'],
                    },
                    { title: t('solRecordedBy'), width: 110, render: (_, r) => r.recordedBy.name },
                    {
                      title: t('solNote'),
                      dataIndex: 'note',
                      ellipsis: true,
                      render: (v: string | null) => v ?? '',
                    },
                    { title: t('solCases'), render: (_, r) => <RoundCases round={r} /> },
                  ]}
                />
              ),
            },
            {
              key: 'ledgers',
              label: t('solTabLedgers'),
              children: <LedgersTab week={week} ledgers={ledgers.data} onSent={ledgers.reload} />,
            },
          ]}
        />
      </Space>
      <FormDrawer
        open={recording !== null}
        title={t('solRecord')}
        size={560}
        form={form}
        save={save}
        saveText={t('solSave')}
        onClose={() => setRecording(null)}
      >
        <SolicitationForm form={form} missing={missing} initialEnterpriseId={recording?.enterpriseId} />
      </FormDrawer>
    </Card>
  );
}
