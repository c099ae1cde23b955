import { ATTACHMENT_ROLES, mayAct, PENDING_LINK_READER_ROLES, TERMINAL_STATUSES } from '@qisu/core';
import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Empty, Row, Skeleton, Space, Switch, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../api/client';
import type { CaseEvent, CaseView } from '../api/models';
import { useSession } from '../auth/session';
import { AttachmentLinks } from '../components/AttachmentLinks';
import { AttachmentList } from '../components/AttachmentList';
import { CaseTimeline } from '../components/CaseTimeline';
import { ChainStatus } from '../components/ChainStatus';
import { ClockList } from '../components/ClockList';
import { HandupCard } from '../components/HandupCard';
import { AddToLibraryButton } from '../components/library/AddToLibraryButton';
import { CommandForm } from '../components/CommandForm';
import { StatusTag } from '../components/StatusTag';
import { codeText, useI18n } from '../i18n/i18n';
import { shanghaiTime } from '../lib/clock';
import { describeEvents } from '../lib/case-timeline';
import { hasForm } from '../lib/commands';
import type { RatingProfile } from '../lib/rating';
import { ratingOptions } from '../lib/rating';

/** Who supervised, as the banner names them. */
const SUPERVISOR_KEYS = {
  platform: 'cpSupervisor.platform',
  leader: 'cpSupervisor.leader',
  discipline: 'cpSupervisor.discipline',
} as const;

/** Whether to offer an upload; the server still checks the user's relation to the case. */
function mayUpload(status: string, roles: readonly string[]): boolean {
  return !TERMINAL_STATUSES.some((s) => s === status) && mayAct(roles, ATTACHMENT_ROLES);
}

/** One case: content, enterprise, units, clocks, cards, history, and what the user may do now. */
export default function CaseDetailPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const { user } = useSession();
  const navigate = useNavigate();
  const [view, setView] = useState<CaseView | null>(null);
  const [events, setEvents] = useState<CaseEvent[]>([]);
  const [profile, setProfile] = useState<RatingProfile | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [command, setCommand] = useState<string | null>(null);
  const [showHashes, setShowHashes] = useState(false);

  // The rating scale names scores in the user's language; without it (a role that may not read
  // the profile) the record falls back to the label stored with the rating.
  useEffect(() => {
    let live = true;
    api<RatingProfile>('/api/v1/profile').then(
      (p) => live && setProfile(p),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);

  const load = useCallback(() => {
    setError(null);
    Promise.all([api<CaseView>(`/api/v1/cases/${id}`), api<CaseEvent[]>(`/api/v1/cases/${id}/events`)]).then(
      ([v, e]) => {
        setView(v);
        setEvents(e);
      },
      (e: unknown) => setError(e instanceof ApiError ? e.message : String(e)),
    );
  }, [id]);
  useEffect(load, [load]);

  const entries = useMemo(() => {
    const units = new Map<string, string>();
    if (view) {
      for (const a of view.assignments) units.set(a.unit.id, a.unit.name);
      for (const u of view.coUnits) units.set(u.id, u.name);
      if (view.leadUnit) units.set(view.leadUnit.id, view.leadUnit.name);
    }
    const labels = new Map((profile ? ratingOptions(profile, lang) : []).map((o) => [o.score, o.label]));
    return describeEvents(events, {
      t,
      lang,
      unitName: (unitId) => units.get(unitId) ?? null,
      scoreLabel: (score) => labels.get(score) ?? null,
    });
  }, [events, view, profile, t, lang]);

  if (error) {
    return (
      <Alert
        type="error"
        showIcon
        title={`${t('loadFailed')}: ${error}`}
        action={<Button onClick={load}>{t('retry')}</Button>}
      />
    );
  }
  if (!view) return <Skeleton active />;

  const actions = view.allowedCommands.filter(hasForm);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Link to="/cases">← {t('back')}</Link>
        <Space wrap>
          <AddToLibraryButton view={view} />
          <Button icon={<PrinterOutlined />} onClick={() => void navigate(`/cases/${view.id}/print`)}>
            {t('cpPrint')}
          </Button>
        </Space>
      </Space>
      <Card
        title={
          <Space wrap>
            <span>{view.number}</span>
            <StatusTag status={view.status} />
            {view.round > 1 && <Tag>{`${t('round')} ${view.round}`}</Tag>}
          </Space>
        }
      >
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {view.title}
        </Typography.Title>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{view.content}</Typography.Paragraph>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} bordered>
          <Descriptions.Item label={t('enterprise')}>
            {view.enterprise ? `${view.enterprise.name}（${view.enterprise.uscc}）` : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('contact')}>
            {[view.contactName, view.contactMobile].filter(Boolean).join(' ') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('createdAt')}>{shanghaiTime(view.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('leadUnit')}>{view.leadUnit?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('coUnits')}>
            {view.coUnits.map((u) => u.name).join('、') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('complexity')}>
            {view.complexity ? codeText(t, 'complexity', view.complexity) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('cpFChannel')}>{codeText(t, 'channel', view.channel)}</Descriptions.Item>
          <Descriptions.Item label={t('cpFKind')}>{codeText(t, 'caseKind', view.kind)}</Descriptions.Item>
          <Descriptions.Item label={t('cpFCategory')}>{view.category?.name ?? '—'}</Descriptions.Item>
          {view.location && <Descriptions.Item label={t('cpLocation')}>{view.location}</Descriptions.Item>}
        </Descriptions>
      </Card>
      {view.supervisions
        .filter((s) => s.response === null)
        .map((s) => (
          <Alert
            key={s.id}
            type={s.overdue ? 'error' : 'warning'}
            showIcon
            data-testid="supervision-banner"
            title={t('cpSupervisionBanner', {
              by: t(SUPERVISOR_KEYS[s.by]),
              due: s.dueAt ? shanghaiTime(s.dueAt) : t('cpNoDeadline'),
            })}
            description={<span style={{ whiteSpace: 'pre-wrap' }}>{s.instruction}</span>}
            action={
              view.allowedCommands.includes('respond-supervision') ? (
                <Button type="primary" onClick={() => setCommand('respond-supervision')}>
                  {codeText(t, 'command', 'respond-supervision')}
                </Button>
              ) : undefined
            }
          />
        ))}
      <HandupCard caseId={view.id} revision={events.length} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('actions')} size="small">
              {actions.length === 0 ? (
                <Typography.Text type="secondary">{t('noActions')}</Typography.Text>
              ) : (
                <Space wrap>
                  {actions.map((c) => (
                    <Button key={c} onClick={() => setCommand(c)} data-testid={`command-${c}`}>
                      {codeText(t, 'command', c)}
                    </Button>
                  ))}
                </Space>
              )}
            </Card>
            {view.assignments.length > 0 && (
              <Card title={t('assignments')} size="small">
                {view.assignments.map((a) => (
                  <div key={a.id} style={{ marginBottom: 4 }}>
                    <Tag color={a.role === 'lead' ? 'blue' : undefined}>
                      {t(a.role === 'lead' ? 'leadUnit' : 'coUnits')}
                    </Tag>
                    {a.unit.name} · {t('round')} {a.round} · <StatusTag status={a.status} />
                  </div>
                ))}
              </Card>
            )}
            <Card title={t('attTitle')} size="small">
              <AttachmentList
                caseId={view.id}
                canUpload={mayUpload(view.status, user?.roles ?? [])}
                onUploaded={load}
              />
              {mayAct(user?.roles ?? [], PENDING_LINK_READER_ROLES) && (
                <AttachmentLinks caseId={view.id} version={view} />
              )}
            </Card>
            <Card title={t('clocks')} size="small">
              <ClockList clocks={view.clocks} />
            </Card>
            <Card title={t('cards')} size="small">
              {view.cards.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('empty')} />
              ) : (
                view.cards.map((c) => (
                  <div key={c.id}>
                    <Tag color={c.colour === 'red' ? 'red' : 'gold'}>
                      {t(c.colour === 'red' ? 'redCard' : 'yellowCard')}
                    </Tag>
                    {c.reason} · {shanghaiTime(c.issuedAt)}
                  </div>
                ))
              )}
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <Card
            title={t('events')}
            size="small"
            data-testid="events-card"
            extra={
              <Space size={12} wrap>
                <ChainStatus caseId={view.id} revision={events.length} />
                <Space size={4}>
                  <Switch size="small" checked={showHashes} onChange={setShowHashes} aria-label={t('cpShowHashes')} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('cpShowHashes')}
                  </Typography.Text>
                </Space>
              </Space>
            }
          >
            <CaseTimeline entries={entries} showHashes={showHashes} />
          </Card>
        </Col>
      </Row>
      <CommandForm
        caseId={view.id}
        caseKind={view.kind}
        clocks={view.clocks}
        command={command}
        onClose={() => setCommand(null)}
        onDone={(next) => {
          setCommand(null);
          setView(next);
          load();
        }}
      />
    </Space>
  );
}
