import { ADMIN_ROLES, mayAct } from '@qisu/core';
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import type { AdminCategory, AdminRegion, AdminUnit, RoutingRule, RoutingUnitRef } from '../../api/models';
import { useSession } from '../../auth/session';
import { LoadFailedAlert } from '../../components/admin/LoadFailedAlert';
import { RoutingRuleForm } from '../../components/admin/RoutingRuleForm';
import { SuggestionTester } from '../../components/admin/SuggestionTester';
import { useI18n } from '../../i18n/i18n';
import { useFetched } from '../../lib/admin-data';
import { COMPLEXITY_KEYS } from '../../lib/admin-labels';
import { shanghaiTime } from '../../lib/clock';
import { errorText } from '../../lib/form-errors';
import { categoryOptions } from '../../lib/routing';

const PAGE_SIZE = 20;

/**
 * The routing catalogue (派单目录): category × region → lead unit, co-units and default
 * complexity. The admin keeps it; the hub and the leader read it and try what it suggests.
 */
export default function RoutingPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { user } = useSession();
  const canEdit = mayAct(user?.roles ?? [], ADMIN_ROLES);
  const [page, setPage] = useState(1);
  const [categoryId, setCategoryId] = useState('');
  const [unitId, setUnitId] = useState('');
  const query = new URLSearchParams({
    page: String(page),
    pageSize: String(PAGE_SIZE),
    ...(categoryId ? { categoryId } : {}),
    ...(unitId ? { unitId } : {}),
  });
  const rules = useFetched<{ items: RoutingRule[]; total: number }>(`/api/v1/routing-rules?${query.toString()}`);
  const units = useFetched<AdminUnit[]>('/api/v1/units');
  const categories = useFetched<AdminCategory[]>('/api/v1/categories');
  const regions = useFetched<AdminRegion[]>('/api/v1/regions');
  const [editing, setEditing] = useState<RoutingRule | null | undefined>(undefined);

  const remove = async (rule: RoutingRule) => {
    try {
      await api(`/api/v1/routing-rules/${rule.id}`, { method: 'DELETE' });
      void message.success(t('admDeleted'));
      rules.reload();
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  // Long unit names wrap inside their tag rather than running into the next column.
  const unitTag = (u: RoutingUnitRef) => (
    <Tag key={u.id} color={u.active ? undefined : 'default'} style={{ whiteSpace: 'normal', marginInlineEnd: 0 }}>
      {u.active ? u.name : `${u.name}（${t('admInactive')}）`}
    </Tag>
  );

  return (
    <Card
      title={t('admRoutingTitle')}
      extra={
        canEdit ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
            {t('admRuleAdd')}
          </Button>
        ) : (
          <Typography.Text type="secondary">{t('admReadOnly')}</Typography.Text>
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('admRoutingHelp')}</Typography.Paragraph>
      <SuggestionTester categories={categories.data ?? []} regions={regions.data ?? []} />
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          style={{ width: 260 }}
          value={categoryId}
          onChange={(v: string) => {
            setCategoryId(v);
            setPage(1);
          }}
          aria-label={t('admCategory')}
          showSearch={{ optionFilterProp: 'label' }}
          options={[
            { value: '', label: t('admAllCategories') },
            ...categoryOptions(categories.data ?? [], lang === 'en-US'),
          ]}
        />
        <Select
          style={{ width: 260 }}
          value={unitId}
          onChange={(v: string) => {
            setUnitId(v);
            setPage(1);
          }}
          aria-label={t('admFilterUnit')}
          showSearch={{ optionFilterProp: 'label' }}
          options={[
            { value: '', label: t('admAllUnits') },
            ...(units.data ?? []).map((u) => ({ value: u.id, label: u.name })),
          ]}
        />
      </Space>
      {rules.error && <LoadFailedAlert error={rules.error} onRetry={rules.reload} style={{ marginBottom: 16 }} />}
      <Table<RoutingRule>
        rowKey="id"
        loading={rules.loading}
        dataSource={rules.data?.items ?? []}
        locale={{ emptyText: t('admEmpty') }}
        tableLayout="fixed"
        scroll={{ x: 1200 }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: rules.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => t('admTotal', { n }),
          onChange: setPage,
        }}
        columns={[
          {
            title: t('admCategory'),
            width: 130,
            render: (_, r) =>
              r.categoryName ?? <Typography.Text type="secondary">{t('admAnyCategory')}</Typography.Text>,
          },
          {
            title: t('admUnitRegion'),
            width: 110,
            render: (_, r) =>
              r.regionCode ? (
                (r.regionName ?? r.regionCode)
              ) : (
                <Typography.Text type="secondary">{t('admAnyRegion')}</Typography.Text>
              ),
          },
          { title: t('admLeadUnit'), width: 200, render: (_, r) => unitTag(r.leadUnit) },
          {
            title: t('admCoUnits'),
            width: 210,
            render: (_, r) =>
              r.coUnits.length > 0 ? (
                <Space size={[4, 4]} wrap>
                  {r.coUnits.map(unitTag)}
                </Space>
              ) : (
                '—'
              ),
          },
          {
            title: t('admComplexity'),
            dataIndex: 'complexity',
            width: 110,
            render: (c: RoutingRule['complexity']) => (c ? t(COMPLEXITY_KEYS[c]) : '—'),
          },
          {
            title: t('admNote'),
            dataIndex: 'note',
            width: 150,
            ellipsis: true,
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('admUpdated'),
            width: 150,
            render: (_, r) => `${shanghaiTime(r.updatedAt)}${r.updatedBy ? ` · ${r.updatedBy}` : ''}`,
          },
          ...(canEdit
            ? [
                {
                  title: t('admActions'),
                  width: 140,
                  fixed: 'right' as const,
                  render: (_: unknown, r: RoutingRule) => (
                    <Space size={0}>
                      <Button type="link" onClick={() => setEditing(r)}>
                        {t('admEdit')}
                      </Button>
                      <Popconfirm
                        title={t('admRuleConfirmDelete')}
                        okText={t('admYes')}
                        cancelText={t('admNo')}
                        onConfirm={() => void remove(r)}
                      >
                        <Button type="link" danger>
                          {t('admDelete')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {canEdit && (
        <RoutingRuleForm
          open={editing !== undefined}
          rule={editing ?? null}
          units={units.data ?? []}
          categories={categories.data ?? []}
          regions={regions.data ?? []}
          loading={!units.data || !categories.data || !regions.data}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            rules.reload();
          }}
        />
      )}
    </Card>
  );
}
