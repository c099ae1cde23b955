import { PlusOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Input, Space, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { AdminRegion, LedgerEnterprise, LiaisonRef } from '../../api/models';
import { EnterpriseDrawer } from '../../components/admin/EnterpriseDrawer';
import { useI18n } from '../../i18n/i18n';
import { useFetched } from '../../lib/admin-data';
import { SCALE_KEYS } from '../../lib/admin-labels';

const PAGE_SIZE = 20;

/**
 * The jurisdiction's enterprise ledger for the admin (and the hub): search by name or USCC and
 * paging on the server, kept in the URL; register an enterprise with the USCC checked as it is
 * typed; change an entry and assign its liaison.
 */
export default function EnterprisesPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? '1') || 1;
  const q = params.get('q') ?? '';
  const query = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE), ...(q ? { q } : {}) });
  const list = useFetched<{ items: LedgerEnterprise[]; total: number }>(`/api/v1/enterprises?${query.toString()}`);
  const regions = useFetched<AdminRegion[]>('/api/v1/regions');
  const liaisons = useFetched<LiaisonRef[]>('/api/v1/liaisons');
  const regionName = useMemo(() => new Map((regions.data ?? []).map((r) => [r.code, r.name])), [regions.data]);
  const [target, setTarget] = useState<string | null | undefined>(undefined);

  const update = (next: Record<string, string>) => {
    const merged = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) merged.set(k, v);
      else merged.delete(k);
    }
    setParams(merged);
  };

  return (
    <Card
      title={t('admEnterprisesTitle')}
      extra={
        <Space>
          <Link to="/ledger?tab=grids">
            <Button>{t('ldgGrids')}</Button>
          </Link>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget(null)}>
            {t('admEnterpriseAdd')}
          </Button>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          defaultValue={q}
          placeholder={t('admEntSearch')}
          aria-label={t('admEntSearch')}
          onSearch={(v) => update({ q: v.trim(), page: '' })}
          style={{ width: 340 }}
        />
      </Space>
      {list.error && (
        <Alert
          type="error"
          showIcon
          title={t('admLoadFailed', { message: list.error })}
          action={<Button onClick={list.reload}>{t('admRetry')}</Button>}
          style={{ marginBottom: 16 }}
        />
      )}
      <Table<LedgerEnterprise>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('admEmpty') }}
        scroll={{ x: 1100 }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => t('admTotal', { n }),
          onChange: (p) => update({ page: String(p) }),
        }}
        columns={[
          { title: t('admEntName'), dataIndex: 'name', ellipsis: true },
          { title: t('admUscc'), dataIndex: 'uscc', width: 190 },
          {
            title: t('admIndustryName'),
            width: 170,
            ellipsis: true,
            render: (_, e) => e.industryName ?? e.industryCode ?? '—',
          },
          {
            title: t('admScale'),
            width: 130,
            render: (_, e) => (
              <Space size={4}>
                {e.scale ? t(SCALE_KEYS[e.scale]) : '—'}
                {e.aboveDesignatedSize && <Tag color="blue">{t('admAboveSizeYes')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('admRegion'),
            dataIndex: 'regionCode',
            width: 140,
            render: (code: string | null) => (code ? (regionName.get(code) ?? code) : '—'),
          },
          {
            title: t('admLiaison'),
            dataIndex: 'liaisonName',
            width: 120,
            render: (v: string | null) => v ?? t('admNoLiaison'),
          },
          {
            title: t('admOpenCases'),
            dataIndex: 'openCases',
            width: 110,
            render: (n: number, e) => (
              <Link to={`/cases?enterpriseId=${e.id}`} aria-label={`${t('admLedgerCases')} ${e.name}`}>
                <Badge count={n} showZero color={n > 0 ? 'orange' : 'gray'} />
              </Link>
            ),
          },
          {
            title: t('admActions'),
            width: 90,
            fixed: 'right',
            render: (_, e) => (
              <Button type="link" onClick={() => setTarget(e.id)} aria-label={`${t('admEdit')} ${e.name}`}>
                {t('admEdit')}
              </Button>
            ),
          },
        ]}
      />
      <EnterpriseDrawer
        target={target}
        canAssignLiaison
        regions={regions.data ?? []}
        liaisons={liaisons.data ?? []}
        onClose={() => setTarget(undefined)}
        onSaved={() => {
          setTarget(undefined);
          list.reload();
        }}
      />
    </Card>
  );
}
