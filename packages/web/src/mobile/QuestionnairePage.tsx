import { SURVEY_LEVEL_LABELS, SURVEY_LEVELS } from '@qisu/core';
import { Alert, Button, Card, Form, Input, Radio, Result, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import type { Questionnaire } from '../api/questionnaires';
import { answerQuestionnaire, questionnairePath } from '../api/questionnaires';
import { useI18n } from '../i18n/i18n';
import { shanghaiTime } from '../lib/clock';
import { useLoad } from '../lib/use-load';
import { useSubmit } from '../lib/use-submit';

/**
 * A satisfaction questionnaire on the enterprise's phone (seed 003 二(五)): each question on the
 * four levels of 附件5 (or in words), sent once; afterwards the enterprise sees what it answered.
 */
export default function QuestionnairePage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const loaded = useLoad<Questionnaire>(questionnairePath(id));
  const [answered, setAnswered] = useState<Questionnaire | null>(null);
  const [form] = Form.useForm<{ answers: string[] }>();
  const q = answered ?? loaded.data;
  const label = (level: string) =>
    SURVEY_LEVEL_LABELS[level as (typeof SURVEY_LEVELS)[number]]?.[lang === 'zh-CN' ? 'zh' : 'en'] ?? level;

  const send = useSubmit(async (values: { answers: (string | undefined)[] }) => {
    const all = (q?.questions ?? []).map((_, i) => (values.answers[i] ?? '').trim());
    setAnswered(await answerQuestionnaire(id, all));
    window.scrollTo({ top: 0 });
  });

  if (loaded.error) return <Alert type="error" showIcon role="alert" title={`${t('loadFailed')}: ${loaded.error}`} />;
  if (!q) return <Skeleton active paragraph={{ rows: 6 }} />;

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {q.title}
      </Typography.Title>
      {q.mine ? (
        <Card>
          <Result
            status="success"
            title={t('qnThanks')}
            subTitle={t('qnYourAnswers', { at: shanghaiTime(q.mine.answeredAt) })}
          />
          <ol style={{ paddingLeft: 20 }}>
            {q.questions.map((question, i) => (
              <li key={i} style={{ marginBottom: 8 }}>
                <div>{question.text}</div>
                <Typography.Text strong>
                  {question.kind === 'rating' ? label(q.mine?.answers[i] ?? '') : q.mine?.answers[i] || '—'}
                </Typography.Text>
              </li>
            ))}
          </ol>
          <Button size="large" block onClick={() => void navigate('/m')}>
            {t('back')}
          </Button>
        </Card>
      ) : (
        <Card>
          {send.error && <Alert type="error" showIcon role="alert" title={send.error} style={{ marginBottom: 12 }} />}
          <Form form={form} layout="vertical" data-testid="questionnaire-form">
            {q.questions.map((question, i) => (
              <Form.Item
                key={i}
                name={['answers', i]}
                label={`${i + 1}. ${question.text}${question.kind === 'text' ? `（${t('qnOptional')}）` : ''}`}
                rules={question.kind === 'rating' ? [{ required: true, message: t('qnPickLevel') }] : []}
              >
                {question.kind === 'rating' ? (
                  <Radio.Group
                    aria-label={question.text}
                    style={{ display: 'flex', flexDirection: 'column', gap: 10 }}
                    options={SURVEY_LEVELS.map((level) => ({ value: level, label: label(level) }))}
                  />
                ) : (
                  <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={2000} aria-label={question.text} />
                )}
              </Form.Item>
            ))}
          </Form>
          <Button
            type="primary"
            size="large"
            block
            loading={send.busy}
            onClick={() =>
              void form.validateFields().then(
                (v) => send.submit(v),
                () => undefined,
              )
            }
          >
            {t('qnSubmit')}
          </Button>
        </Card>
      )}
    </Space>
  );
}
