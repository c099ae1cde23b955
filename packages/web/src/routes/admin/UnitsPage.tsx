import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Input, Select, Space, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import type { AdminRegion, AdminUnit } from '../../api/models';
import { LoadFailedAlert } from '../../components/admin/LoadFailedAlert';
import { UnitForm } from '../../components/admin/UnitForm';
import { useI18n } from '../../i18n/i18n';
import { useFetched } from '../../lib/admin-data';
import { UNIT_KIND_KEYS } from '../../lib/admin-labels';

/**
 * The admin's org tree of units: filter by name and kind, add a unit, change or deactivate one
 * (units are never deleted: cases and rules keep pointing at them). A jurisdiction has dozens of
 * units, so the list is paged in the browser.
 */
export default function UnitsPage() {
  const { t } = useI18n();
  const units = useFetched<AdminUnit[]>('/api/v1/units');
  const regions = useFetched<AdminRegion[]>('/api/v1/regions');
  const [name, setName] = useState('');
  const [kind, setKind] = useState('');
  const [editing, setEditing] = useState<AdminUnit | null | undefined>(undefined);

  const all = useMemo(() => units.data ?? [], [units.data]);
  const byId = useMemo(() => new Map(all.map((u) => [u.id, u])), [all]);
  const regionName = useMemo(() => new Map((regions.data ?? []).map((r) => [r.code, r.name])), [regions.data]);
  const shown = all.filter((u) => (!kind || u.kind === kind) && (!name || u.name.includes(name.trim())));

  return (
    <Card
      title={t('admUnitsTitle')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
          {t('admUnitAdd')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('admUnitFilter')}
          aria-label={t('admUnitFilter')}
          onSearch={setName}
          onChange={(e) => e.target.value === '' && setName('')}
          style={{ width: 260 }}
        />
        <Select
          style={{ width: 180 }}
          value={kind}
          onChange={setKind}
          aria-label={t('admUnitKind')}
          options={[
            { value: '', label: t('admAllKinds') },
            ...Object.entries(UNIT_KIND_KEYS).map(([value, key]) => ({ value, label: t(key) })),
          ]}
        />
      </Space>
      {units.error && <LoadFailedAlert error={units.error} onRetry={units.reload} style={{ marginBottom: 16 }} />}
      <Table<AdminUnit>
        rowKey="id"
        loading={units.loading}
        dataSource={shown}
        locale={{ emptyText: t('admEmpty') }}
        scroll={{ x: 900 }}
        pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => t('admTotal', { n }) }}
        columns={[
          { title: t('admUnitName'), dataIndex: 'name', ellipsis: true },
          {
            title: t('admUnitKind'),
            dataIndex: 'kind',
            width: 150,
            render: (k: AdminUnit['kind']) => <Tag>{t(UNIT_KIND_KEYS[k])}</Tag>,
          },
          {
            title: t('admUnitRegion'),
            dataIndex: 'regionCode',
            width: 170,
            render: (code: string | null) => (code ? (regionName.get(code) ?? code) : '—'),
          },
          {
            title: t('admUnitParent'),
            dataIndex: 'parentId',
            width: 200,
            ellipsis: true,
            render: (id: string | null) => (id ? (byId.get(id)?.name ?? '—') : '—'),
          },
          { title: t('admUnitContact'), dataIndex: 'contactPhone', width: 150, render: (v: string | null) => v ?? '—' },
          {
            title: t('admStatus'),
            dataIndex: 'active',
            width: 90,
            render: (active: boolean) =>
              active ? <Tag color="green">{t('admActive')}</Tag> : <Tag>{t('admInactive')}</Tag>,
          },
          {
            title: t('admActions'),
            width: 90,
            fixed: 'right',
            render: (_, unit) => (
              <Button type="link" onClick={() => setEditing(unit)} aria-label={`${t('admEdit')} ${unit.name}`}>
                {t('admEdit')}
              </Button>
            ),
          },
        ]}
      />
      <UnitForm
        open={editing !== undefined}
        unit={editing ?? null}
        units={all}
        regions={regions.data ?? []}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          units.reload();
        }}
      />
    </Card>
  );
}
