import { LIBRARY_EDITOR_ROLES, mayAct } from '@qisu/core';
import { DownloadOutlined, StarFilled } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  List,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import type { LibraryEntry, LibraryList, LibraryListItem } from '../../api/library';
import { downloadTypicalBrief, libraryPath, updateLibraryEntry } from '../../api/library';
import { useSession } from '../../auth/session';
import type { LibraryEntryValues } from '../../components/library/LibraryEntryForm';
import { entryBody, LibraryEntryForm } from '../../components/library/LibraryEntryForm';
import { useI18n } from '../../i18n/i18n';
import { shanghaiTime } from '../../lib/clock';
import { currentMonth, isBriefPeriod } from '../../lib/library';
import { useLoad } from '../../lib/use-load';

/** One entry: source case, units, category, tags, typical mark; the hub edits it here. */
function EntryDetail(props: { entry: LibraryEntry; canEdit: boolean; onSaved: (e: LibraryEntry) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [editing, setEditing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<LibraryEntryValues>();
  const e = props.entry;

  const save = async (change: Parameters<typeof updateLibraryEntry>[1]) => {
    setSaving(true);
    setError(null);
    try {
      const saved = await updateLibraryEntry(e.id, change);
      void message.success(t('libSaved'));
      setEditing(false);
      props.onSaved(saved);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  };

  if (editing) {
    return (
      <Space orientation="vertical" style={{ width: '100%' }}>
        {error && <Alert type="error" showIcon title={error} />}
        <LibraryEntryForm
          form={form}
          withTypical
          initial={{
            problem: e.problem,
            resolution: e.resolution,
            policyBasis: e.policyBasis ?? '',
            tags: e.tags,
            typical: e.typical,
          }}
        />
        <Space>
          <Button
            type="primary"
            loading={saving}
            onClick={() =>
              void form
                .validateFields()
                .then((v) =>
                  save({ ...entryBody(v), policyBasis: v.policyBasis?.trim() || null, typical: v.typical ?? false }),
                )
            }
          >
            {t('libSave')}
          </Button>
          <Button onClick={() => setEditing(false)}>{t('cancel')}</Button>
        </Space>
      </Space>
    );
  }
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="library-detail">
      {error && <Alert type="error" showIcon title={error} />}
      {props.canEdit && (
        <Space>
          <Button onClick={() => setEditing(true)}>{t('libEdit')}</Button>
          <Button
            icon={<StarFilled />}
            loading={saving}
            onClick={() => void save({ typical: !e.typical })}
            data-testid="library-toggle-typical"
          >
            {e.typical ? t('libUnmarkTypical') : t('libMarkTypical')}
          </Button>
        </Space>
      )}
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('libSourceCase')}>
          <Link to={`/cases/${e.caseId}`}>{e.caseNumber}</Link> {e.caseTitle}
        </Descriptions.Item>
        <Descriptions.Item label={t('libProblem')}>{e.problem}</Descriptions.Item>
        <Descriptions.Item label={t('libResolution')}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{e.resolution}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('libPolicyBasis')}>{e.policyBasis ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('libUnits')}>{e.units.map((u) => u.name).join('、') || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('libCategory')}>{e.category?.name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('libTags')}>
          {e.tags.length === 0 ? '—' : e.tags.map((tag) => <Tag key={tag}>{tag}</Tag>)}
        </Descriptions.Item>
        <Descriptions.Item label={t('libTypical')}>
          {e.typical ? <Tag color="gold">{t('libTypical')}</Tag> : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('libCreatedBy')}>
          {e.createdBy ?? '—'} · {shanghaiTime(e.createdAt)}
        </Descriptions.Item>
      </Descriptions>
    </Space>
  );
}

/**
 * 经验库: closed cases distilled into problems and resolutions, searched by their words; an
 * entry's detail opens beside the list (also from `?entry=<id>`, where "纳入经验库" lands);
 * the hub edits entries, marks typical cases and downloads the period's 典型案例简报.
 */
export default function LibraryPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useSession();
  const canEdit = mayAct(user?.roles ?? [], LIBRARY_EDITOR_ROLES);
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState('');
  const [typicalOnly, setTypicalOnly] = useState(false);
  const [period, setPeriod] = useState(currentMonth());
  const loaded = useLoad<LibraryList>(libraryPath(q, typicalOnly));
  const openId = params.get('entry');
  const entry = useLoad<LibraryEntry>(openId ? `/api/v1/library/${encodeURIComponent(openId)}` : null);

  const open = (item: LibraryListItem) => setParams({ entry: item.id });
  const close = () => setParams({});

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={t('libTitle')}
        extra={
          <Space wrap>
            <Input
              value={period}
              onChange={(ev) => setPeriod(ev.target.value.trim())}
              status={isBriefPeriod(period) ? '' : 'error'}
              style={{ width: 110 }}
              aria-label={t('libBriefPeriod')}
            />
            <Button
              icon={<DownloadOutlined />}
              disabled={!isBriefPeriod(period)}
              onClick={() =>
                void downloadTypicalBrief(period).catch((e: unknown) =>
                  message.error(e instanceof ApiError ? e.message : String(e)),
                )
              }
              data-testid="library-brief"
            >
              {t('libBrief')}
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">{t('libIntro')}</Typography.Paragraph>
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={t('libSearch')}
            onSearch={(value) => setQ(value)}
            style={{ width: 360 }}
            data-testid="library-search"
          />
          <Space>
            <Switch checked={typicalOnly} onChange={setTypicalOnly} aria-label={t('libTypicalOnly')} />
            <span>{t('libTypicalOnly')}</span>
          </Space>
        </Space>
      </Card>
      {loaded.error && <Alert type="error" showIcon title={`${t('loadFailed')}: ${loaded.error}`} />}
      <Card size="small" loading={loaded.loading && !loaded.data}>
        {loaded.data && loaded.data.items.length === 0 ? (
          <Empty description={q ? t('libNoMatch') : t('libEmpty')} />
        ) : (
          <List
            dataSource={loaded.data?.items ?? []}
            renderItem={(item) => (
              <List.Item
                data-testid={`library-item-${item.id}`}
                actions={[
                  <Button key="open" type="link" onClick={() => open(item)}>
                    {t('libOpen')}
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  title={
                    <Space wrap size={4}>
                      {item.typical && <Tag color="gold">{t('libTypical')}</Tag>}
                      <a onClick={() => open(item)}>{item.problem}</a>
                      {item.score !== null && (
                        <Typography.Text type="secondary">
                          {t('libScore', { p: Math.round(item.score * 100) })}
                        </Typography.Text>
                      )}
                    </Space>
                  }
                  description={
                    <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                      <Typography.Paragraph style={{ marginBottom: 0 }} ellipsis={{ rows: 2 }}>
                        {t('libResolution')}：{item.resolution}
                      </Typography.Paragraph>
                      <Space wrap size={4}>
                        <Link to={`/cases/${item.caseId}`}>{item.caseNumber}</Link>
                        <Typography.Text type="secondary">
                          {item.units.map((u) => u.name).join('、')}
                          {item.category ? ` · ${item.category.name}` : ''}
                        </Typography.Text>
                        {item.tags.map((tag) => (
                          <Tag key={tag}>{tag}</Tag>
                        ))}
                      </Space>
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Card>
      <Drawer open={openId !== null} onClose={close} title={t('libDetail')} size={560} destroyOnHidden>
        {entry.error && <Alert type="error" showIcon title={entry.error} />}
        {entry.data && entry.data.id === openId && (
          <EntryDetail
            entry={entry.data}
            canEdit={canEdit}
            onSaved={() => {
              entry.reload();
              loaded.reload();
            }}
          />
        )}
      </Drawer>
    </Space>
  );
}
