import { Button, Card, DatePicker, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router-dom';
import type { AdminUser, PiiViewPage, PiiViewRow } from '../../api/models';
import { LoadFailedAlert } from '../../components/admin/LoadFailedAlert';
import { codeText, useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { useFetched } from '../../lib/admin-data';
import { shanghaiTime } from '../../lib/clock';
import { PII_FIELD_KEYS, piiActionText, piiFilterFromParams, piiViewsPath } from '../../lib/pii-views';

const PAGE_SIZE = 20;

const KIND_KEYS: Record<PiiViewRow['subjectKind'], MessageKey> = {
  case: 'piiKindCase',
  enterprise: 'piiKindEnterprise',
  user: 'piiKindUser',
};

/**
 * The admin's log of whole personal data shown (个人信息查看记录): who was shown which case's,
 * enterprise's or user's whole mobile, when and from where, newest first, filtered by days,
 * viewer and case. The filters live in the address, so a case page can link to its own log.
 */
export default function PiiViewsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const filter = piiFilterFromParams(params, PAGE_SIZE);
  const page = useFetched<PiiViewPage>(piiViewsPath(filter));
  const users = useFetched<AdminUser[]>('/api/v1/users');
  const caseLabel = filter.caseId && page.data?.items.find((i) => i.caseId === filter.caseId)?.subjectLabel;

  /** Changes some filters; any change of filter goes back to the first page. */
  const change = (next: Record<string, string>) => {
    const merged = new URLSearchParams(params);
    for (const [name, value] of Object.entries(next)) {
      if (value) merged.set(name, value);
      else merged.delete(name);
    }
    if (!('page' in next)) merged.delete('page');
    setParams(merged);
  };

  const actionText = (action: string) => {
    const found = piiActionText(action);
    if (!found) return action;
    return t(found.key, found.command ? { command: codeText(t, 'command', found.command) } : {});
  };

  return (
    <Card title={t('piiTitle')}>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('piiIntro')}
        </Typography.Paragraph>
        <Space wrap>
          <DatePicker.RangePicker
            aria-label={t('piiPeriod')}
            placeholder={[t('piiPeriod'), t('piiPeriod')]}
            value={filter.from && filter.to ? [dayjs(filter.from), dayjs(filter.to)] : null}
            onChange={(range) =>
              change({
                from: range?.[0]?.format('YYYY-MM-DD') ?? '',
                to: range?.[1]?.format('YYYY-MM-DD') ?? '',
              })
            }
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 240 }}
            placeholder={t('piiAllViewers')}
            aria-label={t('piiViewer')}
            value={filter.userId}
            onChange={(v?: string) => change({ userId: v ?? '' })}
            options={(users.data ?? []).map((u) => ({ value: u.id, label: `${u.name}（${u.username}）` }))}
          />
          {filter.caseId && (
            <Tag closable color="blue" onClose={() => change({ caseId: '' })}>
              {t('piiCaseFilter', { label: caseLabel || filter.caseId.slice(0, 8) })}
            </Tag>
          )}
        </Space>
        {page.error && <LoadFailedAlert error={page.error} onRetry={page.reload} />}
        <Table<PiiViewRow>
          rowKey="id"
          size="middle"
          loading={page.loading}
          dataSource={page.data?.items ?? []}
          locale={{ emptyText: t('piiEmpty') }}
          scroll={{ x: 1000 }}
          pagination={{
            current: filter.page,
            pageSize: PAGE_SIZE,
            total: page.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (n) => t('admTotal', { n }),
            onChange: (p) => change({ page: String(p) }),
          }}
          columns={[
            { title: t('piiAt'), dataIndex: 'at', width: 150, render: (at: string) => shanghaiTime(at) },
            {
              title: t('piiViewer'),
              width: 200,
              render: (_, r) => (
                <Space size={4}>
                  {r.viewer.name}
                  <Typography.Text type="secondary">{r.viewer.username}</Typography.Text>
                </Space>
              ),
            },
            {
              title: t('piiSubject'),
              width: 300,
              render: (_, r) => (
                <Space size={4} wrap>
                  <Tag>{t(KIND_KEYS[r.subjectKind])}</Tag>
                  {r.caseId ? <Link to={`/cases/${r.caseId}`}>{r.subjectLabel}</Link> : r.subjectLabel}
                  {r.caseId && r.caseId !== filter.caseId && (
                    <Button type="link" size="small" onClick={() => change({ caseId: r.caseId ?? '' })}>
                      {t('piiOnlyThisCase')}
                    </Button>
                  )}
                </Space>
              ),
            },
            {
              title: t('piiField'),
              dataIndex: 'field',
              width: 150,
              render: (field: string) => (PII_FIELD_KEYS[field] ? t(PII_FIELD_KEYS[field]) : field),
            },
            { title: t('piiAction'), dataIndex: 'action', width: 180, render: actionText },
            { title: t('piiAddress'), dataIndex: 'address', width: 140, render: (a: string | null) => a ?? '—' },
          ]}
        />
      </Space>
    </Card>
  );
}
