import { LeftOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Form, Input, Result, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { downloadAttachment, formatFileSize, listAttachments } from '../api/attachments';
import { api } from '../api/client';
import type { CaseEvent, CaseView } from '../api/models';
import { StatusTag } from '../components/StatusTag';
import type { MessageKey } from '../i18n/messages';
import { useI18n } from '../i18n/i18n';
import { shanghaiTime } from '../lib/clock';
import { errorText, useLoad } from './components/useLoad';
import type { RatingProfile } from '../lib/rating';
import { ratingOptions, unsatisfiedOutcome } from '../lib/rating';
import type { ReplyToRate } from './lib/rating-flow';
import { afterRatingKey, confirmKeyOf, replyToRate } from './lib/rating-flow';
import { timeline } from './lib/timeline';

/** The case as this page reads it: the console's view plus the result and the unsatisfied rounds. */
type Demand = CaseView & { result?: string | null; unsatisfiedRounds?: number };

interface Loaded {
  view: Demand;
  events: CaseEvent[];
  profile: RatingProfile | null;
}

const RESULT_KEYS: Record<string, MessageKey> = {
  solved: 'mobResultSolved',
  partly: 'mobResultPartly',
  unsolved: 'mobResultUnsolved',
};

/** The unit's reply as the enterprise reads it before rating: who, when, the result and the text. */
function ReplyBlock({ reply }: { reply: ReplyToRate }) {
  const { t } = useI18n();
  const resultKey = reply.result ? RESULT_KEYS[reply.result] : undefined;
  return (
    <section
      data-testid="rate-reply"
      aria-label={t('mobUnitReply')}
      style={{ background: '#f6ffed', border: '1px solid #b7eb8f', borderRadius: 8, padding: 12, marginBottom: 16 }}
    >
      <Space size={6} wrap style={{ marginBottom: 4 }}>
        <Typography.Text strong>{t('mobUnitReply')}</Typography.Text>
        {resultKey && <Tag color={reply.result === 'solved' ? 'green' : 'orange'}>{t(resultKey)}</Tag>}
      </Space>
      {(reply.unitName || reply.at) && (
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {reply.unitName && reply.at
              ? t('mobUnitReplyBy', { unit: reply.unitName, time: shanghaiTime(reply.at) })
              : (reply.unitName ?? shanghaiTime(reply.at ?? ''))}
          </Typography.Text>
        </div>
      )}
      <Typography.Paragraph
        style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', margin: '6px 0 0', fontSize: 15 }}
        ellipsis={{ rows: 8, expandable: true, symbol: t('mobMore') }}
      >
        {reply.text}
      </Typography.Paragraph>
    </section>
  );
}

/**
 * Rating on the jurisdiction's own scale: first the unit's reply being rated, then its answers as
 * large buttons. A score the profile counts as unsatisfied needs a reason (the button stays
 * disabled without one), says that the case goes back to the unit (or to review once the
 * profile's rounds are used up) and asks once more before sending.
 */
function RateCard({
  view,
  profile,
  reply,
  onDone,
}: {
  view: Demand;
  profile: RatingProfile;
  reply: ReplyToRate | null;
  onDone: (after: Demand) => void;
}) {
  const { t, lang } = useI18n();
  const { message, modal } = App.useApp();
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const options = ratingOptions(profile, lang);
  const chosen = options.find((o) => o.score === score);
  const outcome = score === null ? null : unsatisfiedOutcome(score, profile, view.unsatisfiedRounds ?? 0);
  const needsReason = outcome !== null;
  const missingReason = needsReason && comment.trim() === '';

  const send = async (chosenScore: number) => {
    setBusy(true);
    setError(null);
    try {
      const body: { score: number; comment?: string } = { score: chosenScore };
      if (comment.trim()) body.comment = comment.trim();
      const after = await api<Demand>(`/api/v1/cases/${view.id}/rate`, { method: 'POST', body });
      void message.success(t('mobRated'));
      onDone(after);
    } catch (e) {
      setError(errorText(e, t('mobUnexpected')));
      setBusy(false);
    }
  };

  const submit = () => {
    if (busy) return;
    if (score === null) {
      setError(t('mobRateChoose'));
      return;
    }
    if (missingReason) {
      setError(t('mobRateReasonRequired'));
      return;
    }
    if (!outcome || !chosen) {
      void send(score);
      return;
    }
    modal.confirm({
      title: t('mobRateConfirmTitle', { label: chosen.label }),
      content: t(confirmKeyOf(outcome)),
      okText: t('mobRateConfirmOk'),
      cancelText: t('cancel'),
      okButtonProps: { danger: true },
      centered: true,
      onOk: () => send(score),
    });
  };

  return (
    <Card title={t('mobRateTitle')} data-testid="rate-card" styles={{ header: { background: '#fff7e6' } }}>
      {reply && <ReplyBlock reply={reply} />}
      <div role="radiogroup" aria-label={t('mobRateScale')} style={{ display: 'grid', gap: 8 }}>
        {options.map((o) => (
          <Button
            key={o.score}
            role="radio"
            aria-checked={score === o.score}
            autoInsertSpace={false}
            size="large"
            block
            type={score === o.score ? 'primary' : 'default'}
            danger={score === o.score && !o.satisfied}
            disabled={busy}
            onClick={() => {
              setScore(o.score);
              setError(null);
            }}
            style={{ height: 52, fontSize: 17 }}
          >
            {o.label}
          </Button>
        ))}
      </div>
      {outcome && chosen && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          data-testid="rate-consequence"
          style={{ marginTop: 12 }}
          title={t(confirmKeyOf(outcome))}
        />
      )}
      <label htmlFor="mob-rate-comment" style={{ display: 'block', margin: '12px 0 4px' }}>
        {t(needsReason ? 'mobRateReasonLabel' : 'mobRateComment')}
      </label>
      <Input.TextArea
        id="mob-rate-comment"
        rows={needsReason ? 4 : 3}
        maxLength={2000}
        value={comment}
        disabled={busy}
        placeholder={needsReason ? t('mobRateReasonHint') : undefined}
        status={needsReason && error === t('mobRateReasonRequired') ? 'error' : undefined}
        aria-required={needsReason}
        onChange={(e) => {
          setComment(e.target.value);
          if (error === t('mobRateReasonRequired')) setError(null);
        }}
      />
      {error && <Alert type="error" showIcon role="alert" style={{ marginTop: 12 }} title={error} />}
      <Button
        type="primary"
        size="large"
        block
        style={{ marginTop: 12 }}
        loading={busy}
        disabled={busy || missingReason}
        onClick={submit}
      >
        {t('mobRateSubmit')}
      </Button>
    </Card>
  );
}

/** Appealing an answer or a refusal: a reason, then the case goes back to the hub's screening. */
function AppealCard({ view, onDone }: { view: Demand; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async ({ reason }: { reason: string }) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await api(`/api/v1/cases/${view.id}/appeal`, { method: 'POST', body: { reason: reason.trim() } });
      void message.success(t('mobAppealed'));
      onDone();
    } catch (e) {
      setError(errorText(e, t('mobUnexpected')));
      setBusy(false);
    }
  };

  return (
    <Card title={t('mobAppealTitle')} data-testid="appeal-card">
      <Typography.Paragraph type="secondary">{t('mobAppealIntro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} title={error} />}
      <Form form={form} layout="vertical" size="large" disabled={busy} onFinish={(v) => void submit(v)}>
        <Form.Item
          name="reason"
          label={t('mobAppealReason')}
          rules={[{ required: true, whitespace: true, message: t('mobAppealRequired') }]}
        >
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={busy}>
          {t('mobAppealSubmit')}
        </Button>
      </Form>
    </Card>
  );
}

/** The case's attachments, read-only (a tap downloads one); a failure here does not hide the rest of the page. */
function AttachmentsCard({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const files = useLoad(caseId, () => listAttachments(caseId), t('mobUnexpected'));
  const [fetching, setFetching] = useState<string | null>(null);
  const download = async (file: { id: string; name: string }) => {
    if (fetching) return;
    setFetching(file.id);
    try {
      await downloadAttachment(file);
    } catch (e) {
      void message.error(errorText(e, t('mobUnexpected')));
    } finally {
      setFetching(null);
    }
  };
  return (
    <Card title={t('mobAttachments')} size="small">
      {files.loading ? (
        <Skeleton active paragraph={{ rows: 1 }} title={false} />
      ) : files.error !== null ? (
        <Alert
          type="warning"
          showIcon
          title={t('mobAttachmentsFailed', { error: files.error })}
          action={<Button onClick={files.reload}>{t('retry')}</Button>}
        />
      ) : !files.data || files.data.length === 0 ? (
        <Typography.Text type="secondary">{t('mobNoAttachments')}</Typography.Text>
      ) : (
        files.data.map((f) => (
          <Button
            key={f.id}
            type="text"
            block
            data-testid="attachment-row"
            loading={fetching === f.id}
            disabled={fetching !== null && fetching !== f.id}
            icon={<PaperClipOutlined aria-hidden />}
            onClick={() => void download(f)}
            style={{ display: 'flex', alignItems: 'center', minHeight: 44, paddingInline: 4 }}
          >
            <span style={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', textAlign: 'start' }}>
              {f.name}
            </span>
            <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
              {formatFileSize(f.size)}
            </Typography.Text>
          </Button>
        ))
      )}
    </Card>
  );
}

/**
 * One demand as its enterprise follows it: the state, the answer or reply, the attachments, the
 * history in plain words (newest first), and what the enterprise may do now — rate a reply on
 * the jurisdiction's scale, or appeal an answer or a refusal. The allowed commands come from the
 * server, which checks them again.
 */
export default function ProgressPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  // What the enterprise's rating led to, said at the top until it leaves the page.
  const [rated, setRated] = useState<{ caseId: string; status: string; round: number } | null>(null);
  const page = useLoad<Loaded>(
    id,
    async () => {
      const [view, events, profile] = await Promise.all([
        api<Demand>(`/api/v1/cases/${id}`),
        api<CaseEvent[]>(`/api/v1/cases/${id}/events`),
        api<RatingProfile>('/api/v1/profile').catch(() => null),
      ]);
      return { view, events, profile };
    },
    t('mobUnexpected'),
  );

  const back = (
    <Link to="/m" style={{ display: 'inline-flex', alignItems: 'center', gap: 4, minHeight: 44 }}>
      <LeftOutlined aria-hidden /> {t('mobBack')}
    </Link>
  );

  if (page.loading && !page.data) {
    return (
      <>
        {back}
        <Skeleton active paragraph={{ rows: 8 }} />
      </>
    );
  }
  if (page.error !== null || !page.data) {
    return (
      <>
        {back}
        <Result
          status={page.errorStatus === 404 ? '404' : 'warning'}
          title={page.error ?? t('mobUnexpected')}
          extra={
            page.errorStatus === 404 ? undefined : (
              <Button size="large" onClick={page.reload}>
                {t('retry')}
              </Button>
            )
          }
        />
      </>
    );
  }

  const { view, events, profile } = page.data;
  const options = profile ? ratingOptions(profile, lang) : [];
  const lines = timeline(events, {
    unitFallback: t('mobUnitFallback'),
    scoreLabel: (score) => options.find((o) => o.score === score)?.label ?? null,
  }).reverse();
  const canRate = view.allowedCommands.includes('rate') && profile !== null;
  const canAppeal = view.allowedCommands.includes('appeal');
  const resultKey = view.result ? RESULT_KEYS[view.result] : undefined;

  return (
    <>
      {back}
      <Card>
        <Space size={6} wrap>
          <Typography.Text type="secondary" data-testid="case-number">
            {view.number}
          </Typography.Text>
          <span data-testid="case-status">
            <StatusTag status={view.status} />
          </span>
          {view.round > 1 && <Tag>{t('mobRound', { n: view.round })}</Tag>}
        </Space>
        <Typography.Title level={4} style={{ margin: '8px 0 4px' }}>
          {view.title}
        </Typography.Title>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('mobFiledAt', { time: shanghaiTime(view.createdAt) })}
        </Typography.Text>
        <Typography.Paragraph
          style={{ whiteSpace: 'pre-wrap', marginTop: 8, marginBottom: 0 }}
          ellipsis={{ rows: 4, expandable: true, symbol: t('mobMore') }}
        >
          {view.content}
        </Typography.Paragraph>
      </Card>

      {rated && rated.caseId === view.id && (
        <Alert
          type={rated.status === 'redo' || rated.status === 'review' ? 'warning' : 'success'}
          showIcon
          role="status"
          data-testid="rated-next"
          style={{ marginBottom: 12 }}
          title={t('mobRatedTitle')}
          description={t(afterRatingKey(rated.status), { round: rated.round })}
        />
      )}
      {canRate && (
        <RateCard
          view={view}
          profile={profile}
          reply={replyToRate(view, events)}
          onDone={(after) => {
            setRated({ caseId: view.id, status: after.status, round: after.round });
            page.reload();
          }}
        />
      )}
      {canAppeal && <AppealCard view={view} onDone={page.reload} />}

      {!canRate && view.resultText && (
        <Card title={t('mobReply')} size="small" data-testid="reply-card">
          {resultKey && <Tag color={view.result === 'solved' ? 'green' : 'orange'}>{t(resultKey)}</Tag>}
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 8, marginBottom: 0 }}>
            {view.resultText}
          </Typography.Paragraph>
        </Card>
      )}
      {view.answerText && (
        <Card title={t('mobAnswer')} size="small" data-testid="answer-card">
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
            {view.answerText}
          </Typography.Paragraph>
        </Card>
      )}
      {view.rejectReason && (
        <Card title={t('mobRejectReason')} size="small">
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
            {view.rejectReason}
          </Typography.Paragraph>
        </Card>
      )}

      <AttachmentsCard caseId={view.id} />

      <Card title={t('mobTimeline')} size="small">
        {lines.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mobNoTimeline')} />
        ) : (
          <Timeline
            data-testid="timeline"
            items={lines.map((line) => ({
              key: line.seq,
              color: line.tone,
              content: (
                <div>
                  <Typography.Text strong>{t(line.key, line.params)}</Typography.Text>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {shanghaiTime(line.at)}
                    </Typography.Text>
                  </div>
                  {line.note && <Tag style={{ marginTop: 4 }}>{t(line.note)}</Tag>}
                  {line.detail && (
                    <Typography.Paragraph
                      type="secondary"
                      style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }}
                      ellipsis={{ rows: 3, expandable: true, symbol: t('mobMore') }}
                    >
                      {line.detail}
                    </Typography.Paragraph>
                  )}
                </div>
              ),
            }))}
          />
        )}
      </Card>
    </>
  );
}
