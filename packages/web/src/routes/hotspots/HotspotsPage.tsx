import { HOTSPOT_FIXER_ROLES, mayAct } from '@qisu/core';
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Input, Modal, Progress, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client';
import type { DimensionCount, Hotspot, HotspotDimension, HotspotList } from '../../api/hotspots';
import { hotspotsPath, linkHotspotFix, resolveHotspot } from '../../api/hotspots';
import { useSession } from '../../auth/session';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { shanghaiTime } from '../../lib/clock';
import { readGrowth } from '../../lib/growth';
import { useLoad } from '../../lib/use-load';

const WINDOWS = [0, 7, 14, 30] as const;
const DIMENSION_LABELS: Record<HotspotDimension, MessageKey> = {
  category: 'hotByCategory',
  region: 'hotByRegion',
  industry: 'hotByIndustry',
};
const STATUS_LABELS: Record<Hotspot['status'], MessageKey> = {
  open: 'hotStatusOpen',
  fixing: 'hotStatusFixing',
  resolved: 'hotStatusResolved',
};

/** Growth as a signed percentage with an arrow: up red (more cases), down green; a rise from nothing is "new". */
function Growth({ count, previous, value }: { count: number; previous: number; value: number }) {
  const { t } = useI18n();
  const reading = readGrowth(count, previous, value);
  switch (reading.kind) {
    case 'new':
      return <Tag color="red">{t('hotNew')}</Tag>;
    case 'up':
      return (
        <Typography.Text type="danger">
          <ArrowUpOutlined /> {`${reading.percent}%`}
        </Typography.Text>
      );
    case 'down':
      return (
        <Typography.Text type="success">
          <ArrowDownOutlined /> {`${reading.percent}%`}
        </Typography.Text>
      );
    case 'flat':
      return <Typography.Text type="secondary">0%</Typography.Text>;
  }
}

/**
 * 热点预警: groups of similar cases rising in the window, ranked, with their warning, their
 * members, and the systemic fix each is linked to (办理一个、解决一类) with the fix's live status;
 * and the counts by category, region or industry against the window before. By heat a group's
 * count is its cases over the whole period (期间件数), with the window's beside its growth; by
 * burst, its cases in the window.
 */
export default function HotspotsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useSession();
  const canFix = mayAct(user?.roles ?? [], HOTSPOT_FIXER_ROLES);
  const [windowDays, setWindowDays] = useState<number>(0);
  const [dimension, setDimension] = useState<HotspotDimension>('category');
  const [order, setOrder] = useState<'heat' | 'burst'>('heat');
  const loaded = useLoad<HotspotList>(hotspotsPath(windowDays || null, dimension, order));
  const [fixing, setFixing] = useState<Hotspot | null>(null);
  const [caseRef, setCaseRef] = useState('');
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const data = loaded.data;
  // By heat the count is the group's whole period, by burst its window; the answer says which it is.
  const byHeat = (data?.order ?? order) === 'heat';
  const maxCount = Math.max(1, ...(data?.byDimension ?? []).map((d) => Math.max(d.count, d.previousCount)));

  const openFix = (group: Hotspot) => {
    setFixing(group);
    setCaseRef(group.fix?.number ?? '');
    setNote(group.fix?.note ?? '');
    setError(null);
  };
  const submitFix = async () => {
    if (!fixing?.id) return;
    if (caseRef.trim() === '') {
      setError(t('hotCaseRefRequired'));
      return;
    }
    setSaving(true);
    try {
      await linkHotspotFix(fixing.id, { caseId: caseRef.trim(), ...(note.trim() ? { note: note.trim() } : {}) });
      void message.success(t('hotLinked'));
      setFixing(null);
      loaded.reload();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };
  const resolve = async (group: Hotspot) => {
    if (!group.id) return;
    try {
      await resolveHotspot(group.id, group.fix?.note ?? t('hotStatusResolved'));
      void message.success(t('hotResolved'));
      loaded.reload();
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : String(e));
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('hotTitle')}</Typography.Title>
      {data && (
        <Typography.Paragraph type="secondary">
          {data.order === 'heat'
            ? `${t('hotIntroHeat', { min: data.minCases })} ${t('hotHeatNote', {
                from: shanghaiTime(data.period.from),
                to: shanghaiTime(data.period.to),
              })}`
            : `${t('hotIntro', { days: data.window.days, min: data.minCases })} ${t('hotRange', {
                from: shanghaiTime(data.window.from),
                to: shanghaiTime(data.window.to),
              })} ${t('hotBurstNote')}`}
        </Typography.Paragraph>
      )}
      <Space wrap>
        <span>{t('hotOrder')}</span>
        <Segmented
          aria-label={t('hotOrder')}
          value={order}
          onChange={setOrder}
          options={[
            { value: 'heat', label: t('hotOrderHeat') },
            { value: 'burst', label: t('hotOrderBurst') },
          ]}
        />
        <span>{t('hotWindow')}</span>
        <Segmented
          aria-label={t('hotWindow')}
          value={windowDays}
          onChange={(v) => setWindowDays(Number(v))}
          options={WINDOWS.map((d) => ({ value: d, label: d === 0 ? t('hotDefaultWindow') : t('hotDays', { n: d }) }))}
        />
        <span>{t('hotDimension')}</span>
        <Segmented
          aria-label={t('hotDimension')}
          value={dimension}
          onChange={setDimension}
          options={(Object.keys(DIMENSION_LABELS) as HotspotDimension[]).map((d) => ({
            value: d,
            label: t(DIMENSION_LABELS[d]),
          }))}
        />
      </Space>
      {loaded.error && (
        <Alert
          type="error"
          message={loaded.error}
          action={<Button onClick={loaded.reload}>{t('retry')}</Button>}
          showIcon
        />
      )}

      <Card title={t('hotGroupsTitle')}>
        <Table<Hotspot>
          rowKey={(g) => g.id ?? g.members[0]?.id ?? g.title}
          loading={loaded.loading}
          dataSource={data?.groups ?? []}
          pagination={false}
          locale={{ emptyText: t('hotEmpty') }}
          expandable={{
            expandedRowRender: (g) => (
              <Space orientation="vertical" size={2} data-testid="hot-members">
                <Typography.Text strong>{t('hotMembers')}</Typography.Text>
                {g.members.map((m) => (
                  <Space key={m.id}>
                    <Link to={`/cases/${m.id}`}>{m.number}</Link>
                    <span>{m.title}</span>
                    <StatusTag status={m.status} />
                  </Space>
                ))}
              </Space>
            ),
          }}
          columns={[
            { title: t('hotRank'), key: 'rank', width: 64, render: (_, __, i) => i + 1 },
            {
              title: t('hotGroup'),
              key: 'title',
              render: (_, g) => (
                <Space orientation="vertical" size={2}>
                  <Typography.Text strong>{g.title}</Typography.Text>
                  <Space size={[0, 4]} wrap>
                    {g.keywords.map((k) => (
                      <Tag key={k}>{k}</Tag>
                    ))}
                  </Space>
                </Space>
              ),
            },
            {
              title: t('hotHeat'),
              key: 'heat',
              width: 150,
              render: (_, g) =>
                g.heat === null ? (
                  '—'
                ) : (
                  <Space orientation="vertical" size={0}>
                    <Typography.Text strong>{g.heat.toFixed(1)}</Typography.Text>
                    <Typography.Text type="secondary">
                      {t('hotHeatParts', { reporters: g.reporters ?? 0, weeks: g.activeWeeks ?? 0 })}
                    </Typography.Text>
                  </Space>
                ),
            },
            byHeat
              ? {
                  title: <span title={t('hotPeriodSizeHint')}>{t('hotPeriodSize')}</span>,
                  key: 'size',
                  width: 88,
                  render: (_, g) => g.periodSize ?? '—',
                }
              : {
                  title: <span title={t('hotSizeHint')}>{t('hotSize')}</span>,
                  key: 'size',
                  dataIndex: 'size',
                  width: 72,
                },
            {
              title: t('hotGrowth'),
              key: 'growth',
              width: byHeat ? 120 : 96,
              render: (_, g) => (
                <Space orientation="vertical" size={0}>
                  <Growth count={g.size} previous={g.previousSize} value={g.growth} />
                  {byHeat && (
                    <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
                      {t('hotInWindow', { n: g.size })}
                    </Typography.Text>
                  )}
                </Space>
              ),
            },
            { title: t('hotLikes'), dataIndex: 'likes', width: 72 },
            {
              title: t('hotStatus'),
              key: 'status',
              width: 150,
              render: (_, g) => (
                <Space size={[0, 4]} wrap>
                  {g.warnedAt ? (
                    <Tag color="red" title={shanghaiTime(g.warnedAt)}>
                      {t('hotWarned')}
                    </Tag>
                  ) : (
                    <Tag>{t('hotNotWarned')}</Tag>
                  )}
                  {g.id && <Tag color={g.status === 'fixing' ? 'blue' : 'default'}>{t(STATUS_LABELS[g.status])}</Tag>}
                </Space>
              ),
            },
            {
              title: t('hotFix'),
              key: 'fix',
              render: (_, g) => (
                <Space orientation="vertical" size={2}>
                  {g.fix ? (
                    <Space>
                      <Link to={`/cases/${g.fix.caseId}`}>{g.fix.number}</Link>
                      <StatusTag status={g.fix.status} />
                    </Space>
                  ) : (
                    <Typography.Text type="secondary">{t('hotNoFix')}</Typography.Text>
                  )}
                  {canFix && g.id && g.status !== 'resolved' && (
                    <Space>
                      <Button size="small" onClick={() => openFix(g)}>
                        {t('hotLinkFix')}
                      </Button>
                      {g.status === 'fixing' && (
                        <Button size="small" onClick={() => void resolve(g)}>
                          {t('hotResolve')}
                        </Button>
                      )}
                    </Space>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>

      <Card title={t('hotTrendTitle', { dimension: t(DIMENSION_LABELS[dimension]) })}>
        <Table<DimensionCount>
          rowKey="value"
          size="small"
          loading={loaded.loading}
          dataSource={data?.byDimension ?? []}
          pagination={false}
          columns={[
            {
              title: t('hotValue'),
              key: 'label',
              render: (_, d) => (d.value === '' ? t('hotNotGiven') : d.label),
            },
            {
              title: t('hotCount'),
              key: 'count',
              render: (_, d) => (
                <Space style={{ width: '100%' }}>
                  <Progress percent={(d.count / maxCount) * 100} showInfo={false} size="small" style={{ width: 120 }} />
                  <span>{d.count}</span>
                </Space>
              ),
            },
            { title: t('hotPrevious'), dataIndex: 'previousCount', width: 100 },
            {
              title: t('hotGrowth'),
              key: 'growth',
              width: 100,
              render: (_, d) => <Growth count={d.count} previous={d.previousCount} value={d.growth} />,
            },
          ]}
        />
      </Card>

      <Modal
        open={fixing !== null}
        title={fixing ? t('hotLinkFixTitle', { title: fixing.title }) : ''}
        onCancel={() => setFixing(null)}
        onOk={() => void submitFix()}
        okText={t('submit')}
        cancelText={t('cancel')}
        confirmLoading={saving}
        destroyOnHidden
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text>{t('hotPickMember')}</Typography.Text>
          <Space size={[4, 4]} wrap>
            {(fixing?.members ?? []).map((m) => (
              <Tag.CheckableTag key={m.id} checked={caseRef === m.number} onChange={() => setCaseRef(m.number)}>
                {m.number}
              </Tag.CheckableTag>
            ))}
          </Space>
          <Input
            aria-label={t('hotCaseRef')}
            placeholder={t('hotCaseRef')}
            value={caseRef}
            onChange={(e) => setCaseRef(e.target.value)}
          />
          <Input.TextArea
            aria-label={t('hotNote')}
            placeholder={t('hotNote')}
            value={note}
            maxLength={1000}
            onChange={(e) => setNote(e.target.value)}
          />
          {error && <Alert type="error" message={error} showIcon />}
        </Space>
      </Modal>
    </Space>
  );
}
