import { DEFAULT_SURVEY_QUESTIONS, QUESTIONNAIRE_SENDER_ROLES, SURVEY_LEVEL_LABELS, SURVEY_LEVELS } from '@qisu/core';
import type { SurveyLevel } from '@qisu/core';
import { SendOutlined } from '@ant-design/icons';
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
  Input,
  List,
  Modal,
  Progress,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { Questionnaire, QuestionnaireItem, QuestionSummary } from '../../api/questionnaires';
import { questionnairePath, sendQuestionnaire } from '../../api/questionnaires';
import { useSession } from '../../auth/session';
import { useI18n } from '../../i18n/i18n';
import { shanghaiTime } from '../../lib/clock';
import { useLoad } from '../../lib/use-load';
import { useSubmit } from '../../lib/use-submit';

/** The last day of a period whose `to` is the day after it (`YYYY-MM-DD`). */
const lastDay = (to: string) => dayjs(to).subtract(1, 'day').format('YYYY-MM-DD');

/** A share as a percentage, or '—' when there is nothing to share. */
const percent = (part: number, whole: number) => (whole === 0 ? '—' : `${Math.round((part / whole) * 100)}%`);

/** Colours of the four levels, best first. */
const LEVEL_COLOURS: Record<SurveyLevel, string> = {
  very: '#389e0d',
  fairly: '#7cb305',
  basic: '#d4b106',
  not: '#cf1322',
};

/** One question's answers: the four levels as counts and shares with the satisfied rate, or the words written. */
function QuestionResult({ q, index }: { q: QuestionSummary; index: number }) {
  const { t, lang } = useI18n();
  const title = `${index + 1}. ${q.text}`;
  if (q.kind === 'text') {
    return (
      <Card size="small" title={title}>
        {q.answers.length === 0 ? (
          <Typography.Text type="secondary">{t('qnNoText')}</Typography.Text>
        ) : (
          <List size="small" dataSource={q.answers} renderItem={(a) => <List.Item>{a}</List.Item>} />
        )}
      </Card>
    );
  }
  return (
    <Card
      size="small"
      title={title}
      extra={
        q.satisfactionRate === null ? null : (
          <Tag color={q.satisfactionRate >= 0.9 ? 'green' : q.satisfactionRate >= 0.7 ? 'gold' : 'red'}>
            {t('qnSatisfaction')} {Math.round(q.satisfactionRate * 100)}%
          </Tag>
        )
      }
    >
      {SURVEY_LEVELS.map((level) => (
        <div key={level} style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
          <span style={{ width: 84 }}>{SURVEY_LEVEL_LABELS[level][lang === 'zh-CN' ? 'zh' : 'en']}</span>
          <Progress
            style={{ flex: 1, margin: 0 }}
            percent={q.answered === 0 ? 0 : Math.round((q.counts[level] / q.answered) * 100)}
            strokeColor={LEVEL_COLOURS[level]}
            format={() => `${q.counts[level]}`}
          />
        </div>
      ))}
    </Card>
  );
}

/** A questionnaire's summary: who answered, question by question, and the enterprises still silent. */
function QuestionnaireSummary({ id }: { id: string }) {
  const { t } = useI18n();
  const detail = useLoad<Questionnaire>(questionnairePath(id));
  const q = detail.data;
  if (detail.error) return <Alert type="error" showIcon title={detail.error} />;
  if (!q) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Descriptions size="small" column={2}>
        <Descriptions.Item label={t('qnPeriod')}>
          {t('qnPeriodOf', { from: q.from, last: lastDay(q.to) })}
        </Descriptions.Item>
        <Descriptions.Item label={t('qnSentAt')}>
          {shanghaiTime(q.sentAt)}（{q.sentBy}）
        </Descriptions.Item>
        <Descriptions.Item label={t('qnEnterprises')}>{q.enterprises}</Descriptions.Item>
        <Descriptions.Item label={t('qnResponse')}>
          {q.answered} / {q.enterprises}（{percent(q.answered, q.enterprises)}）
        </Descriptions.Item>
      </Descriptions>
      {(q.summary ?? []).map((s, i) => (
        <QuestionResult key={i} q={s} index={i} />
      ))}
      <Card size="small" title={t('qnSilent', { n: q.silent?.length ?? 0 })}>
        {(q.silent ?? []).length === 0 ? (
          <Typography.Text type="secondary">{t('qnNoSilent')}</Typography.Text>
        ) : (
          <Space wrap>
            {(q.silent ?? []).map((e) => (
              <Tag key={e.id}>{e.name}</Tag>
            ))}
          </Space>
        )}
      </Card>
    </Space>
  );
}

interface SendValues {
  title: string;
  period: [Dayjs, Dayjs];
}

/**
 * The satisfaction questionnaires (seed 003 二(五)): each sent to the enterprises solicited in a
 * period, with its response and satisfied rates; the hub sends one (last month by default, the
 * default questions of 附件5), and everyone who reads them opens the summary of each.
 */
export default function QuestionnairesPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useSession();
  const list = useLoad<QuestionnaireItem[]>('/api/v1/questionnaires');
  const [openId, setOpenId] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [form] = Form.useForm<SendValues>();
  const maySend = !!user && user.roles.some((r) => (QUESTIONNAIRE_SENDER_ROLES as readonly string[]).includes(r));

  const send = useSubmit(async (v: SendValues) => {
    const sent = await sendQuestionnaire({
      title: v.title.trim(),
      from: v.period[0].format('YYYY-MM-DD'),
      // The picker's last day is included; the API's `to` is the day after.
      to: v.period[1].add(1, 'day').format('YYYY-MM-DD'),
    });
    void message.success(t('qnSentDone', { enterprises: sent.enterprises, recipients: sent.recipients }));
    setSending(false);
    list.reload();
  });

  const openSend = () => {
    const last = dayjs().subtract(1, 'month');
    form.setFieldsValue({
      title: t('qnDefaultName', { month: last.format('YYYY年M月') }),
      period: [last.startOf('month'), last.endOf('month')],
    });
    send.reset();
    setSending(true);
  };

  return (
    <Card
      title={t('qnTitle')}
      extra={
        maySend && (
          <Button type="primary" icon={<SendOutlined />} onClick={openSend}>
            {t('qnSend')}
          </Button>
        )
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('qnIntro')}</Typography.Text>
        {list.error && <Alert type="error" showIcon title={`${t('loadFailed')}: ${list.error}`} />}
        <Table<QuestionnaireItem>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.data ?? []}
          locale={{ emptyText: <Empty description={t('qnEmpty')} /> }}
          onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('qnName'), dataIndex: 'title' },
            {
              title: t('qnPeriod'),
              width: 220,
              render: (_, r) => t('qnPeriodOf', { from: r.from, last: lastDay(r.to) }),
            },
            { title: t('qnSentAt'), width: 150, render: (_, r) => shanghaiTime(r.sentAt) },
            { title: t('qnEnterprises'), dataIndex: 'enterprises', width: 90, align: 'right' },
            { title: t('qnAnswered'), dataIndex: 'answered', width: 90, align: 'right' },
            { title: t('qnResponse'), width: 90, align: 'right', render: (_, r) => percent(r.answered, r.enterprises) },
            {
              title: '',
              width: 90,
              render: (_, r) => (
                <Button type="link" onClick={() => setOpenId(r.id)} aria-label={`${t('qnDetail')} ${r.title}`}>
                  {t('qnDetail')}
                </Button>
              ),
            },
          ]}
        />
      </Space>
      <Drawer open={openId !== null} onClose={() => setOpenId(null)} title={t('qnDetail')} size={640} destroyOnHidden>
        {openId && <QuestionnaireSummary id={openId} />}
      </Drawer>
      <Modal
        open={sending}
        title={t('qnSend')}
        okText={t('qnSend')}
        cancelText={t('cancel')}
        confirmLoading={send.busy}
        onCancel={() => setSending(false)}
        onOk={() =>
          void form.validateFields().then(
            (v) => send.submit(v),
            () => undefined,
          )
        }
        destroyOnHidden
      >
        {send.error && <Alert type="error" showIcon title={send.error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical">
          <Form.Item
            name="title"
            label={t('qnName')}
            rules={[{ required: true, whitespace: true, message: t('required') }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            name="period"
            label={t('qnPeriod')}
            extra={t('qnPeriodHint')}
            rules={[{ required: true, message: t('required') }]}
          >
            <DatePicker.RangePicker aria-label={t('qnPeriod')} />
          </Form.Item>
          <Typography.Text strong>{t('qnQuestions')}</Typography.Text>
          <ol style={{ paddingLeft: 20, marginTop: 8 }}>
            {DEFAULT_SURVEY_QUESTIONS.map((q) => (
              <li key={q.text}>
                {q.text}
                <Typography.Text type="secondary">
                  （{q.kind === 'rating' ? t('qnRating') : t('qnText')}）
                </Typography.Text>
              </li>
            ))}
          </ol>
        </Form>
      </Modal>
    </Card>
  );
}
