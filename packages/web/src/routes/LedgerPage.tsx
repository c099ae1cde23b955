import { IMPORTER_ROLES, LEDGER_KEEPER_ROLES, mayAct } from '@qisu/core';
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Descriptions, Input, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { AdminRegion, LedgerEnterprise, LiaisonRef } from '../api/models';
import { useSession } from '../auth/session';
import { EnterpriseDrawer } from '../components/admin/EnterpriseDrawer';
import { ImportDialog } from '../components/imports/ImportDialog';
import { useI18n } from '../i18n/i18n';
import { useFetched } from '../lib/admin-data';
import { SCALE_KEYS } from '../lib/admin-labels';

const PAGE_SIZE = 20;

/**
 * The enterprise ledger as a liaison keeps it (助企联络员台账): the enterprises assigned to them
 * (the hub sees the jurisdiction's), each with its operations, difficulties and plans, its
 * contacts and its open cases, a way to their cases, and the ledger entry to update after a visit.
 */
export default function LedgerPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const keeper = mayAct(user?.roles ?? [], LEDGER_KEEPER_ROLES);
  const importer = mayAct(user?.roles ?? [], IMPORTER_ROLES);
  const [importing, setImporting] = useState(false);
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? '1') || 1;
  const q = params.get('q') ?? '';
  const query = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE), ...(q ? { q } : {}) });
  const list = useFetched<{ items: LedgerEnterprise[]; total: number }>(`/api/v1/enterprises?${query.toString()}`);
  const regions = useFetched<AdminRegion[]>('/api/v1/regions');
  const liaisons = useFetched<LiaisonRef[]>(keeper ? '/api/v1/liaisons' : null);
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

  const details = (e: LedgerEnterprise) => (
    <Descriptions
      size="small"
      column={1}
      items={[
        {
          key: 'notes',
          label: t('admNotes'),
          children: e.notes ? (
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{e.notes}</Typography.Paragraph>
          ) : (
            <Typography.Text type="secondary">{t('admLedgerNoNotes')}</Typography.Text>
          ),
        },
        {
          key: 'contacts',
          label: t('admContacts'),
          children:
            e.contacts.length > 0
              ? e.contacts.map((c) => (
                  <Tag key={`${c.name}-${c.mobile}`}>{[c.name, c.title, c.mobile].filter(Boolean).join(' · ')}</Tag>
                ))
              : '—',
        },
        {
          key: 'industry',
          label: t('admIndustryName'),
          children: [e.industryCode, e.industryName].filter(Boolean).join(' ') || '—',
        },
        { key: 'grid', label: t('admGrid'), children: e.grid ?? '—' },
      ]}
    />
  );

  return (
    <Card
      title={
        <Space orientation="vertical" size={0}>
          {t('admLedgerTitle')}
          {!keeper && (
            <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 13 }}>
              {t('admLedgerMine')}
            </Typography.Text>
          )}
        </Space>
      }
      extra={
        <Space>
          {importer && (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="import-enterprises">
              {t('impButton')}
            </Button>
          )}
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
        scroll={{ x: 900 }}
        expandable={{ expandedRowRender: details, rowExpandable: () => true }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => t('admTotal', { n }),
          onChange: (p) => update({ page: String(p) }),
        }}
        columns={[
          {
            title: t('admEntName'),
            render: (_, e) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{e.name}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {e.uscc}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('admScale'),
            width: 120,
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
          ...(keeper
            ? [
                {
                  title: t('admLiaison'),
                  dataIndex: 'liaisonName',
                  width: 120,
                  render: (v: string | null) => v ?? t('admNoLiaison'),
                },
              ]
            : []),
          {
            title: t('admOpenCases'),
            dataIndex: 'openCases',
            width: 110,
            render: (n: number) => <Badge count={n} showZero color={n > 0 ? 'orange' : 'gray'} />,
          },
          {
            title: t('admActions'),
            width: 230,
            fixed: 'right',
            render: (_, e) => (
              <Space size={0}>
                <Link
                  to={`/cases?enterpriseId=${e.id}`}
                  aria-label={`${t('admLedgerCases')} ${e.name}`}
                  style={{ padding: '0 8px', whiteSpace: 'nowrap' }}
                >
                  {t('admLedgerCases')}
                </Link>
                <Button type="link" onClick={() => setTarget(e.id)} aria-label={`${t('admLedgerUpdate')} ${e.name}`}>
                  {t('admLedgerUpdate')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {importer && (
        <ImportDialog
          kind="enterprises"
          open={importing}
          onClose={() => setImporting(false)}
          onImported={() => list.reload()}
        />
      )}
      <EnterpriseDrawer
        target={target}
        canAssignLiaison={keeper}
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
