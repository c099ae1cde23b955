import { IMPORTER_ROLES, LEDGER_KEEPER_ROLES, mayAct } from '@qisu/core';
import { CarryOutOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Descriptions, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import type { Grid } from '../api/ledger';
import type { AdminRegion, AdminUnit, LedgerEnterprise, LiaisonRef } from '../api/models';
import { useSession } from '../auth/session';
import { EnterpriseDrawer } from '../components/admin/EnterpriseDrawer';
import {
  EnterpriseSearch,
  EnterpriseTable,
  liaisonColumn,
  regionColumn,
  scaleColumn,
} from '../components/admin/EnterpriseTable';
import { ImportDialog } from '../components/imports/ImportDialog';
import { EnterpriseLedgerDrawer } from '../components/ledger/EnterpriseLedgerDrawer';
import { GridsTab } from '../components/ledger/GridsTab';
import { ProjectsTab } from '../components/ledger/ProjectsTab';
import { useI18n } from '../i18n/i18n';
import { useEnterprisePage, useFetched } from '../lib/admin-data';
import { useQueryParams } from '../lib/use-query-params';

/**
 * The enterprise ledger as a liaison keeps it (助企联络员台账): the enterprises assigned to them
 * (the hub sees the jurisdiction's), each with its operations, difficulties and plans, its
 * contacts and its open cases, a way to their cases, and the ledger entry to update after a visit.
 * The grid ledger (seed 004 三(三)2) adds each enterprise's grid and 重点 flag, its conditions with
 * their history in a drawer, the projects with their "三个一" teams, and the grids themselves
 * for the admin and the hub.
 */
export default function LedgerPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const keeper = mayAct(user?.roles ?? [], LEDGER_KEEPER_ROLES);
  const importer = mayAct(user?.roles ?? [], IMPORTER_ROLES);
  const [importing, setImporting] = useState(false);
  const [params, update] = useQueryParams();
  const q = params.get('q') ?? '';
  const gridFilter = params.get('gridId') ?? '';
  const keyFilter = params.get('key') ?? '';
  const tab = params.get('tab') ?? 'enterprises';
  const { page, list } = useEnterprisePage(params, { q, gridId: gridFilter, key: keyFilter });
  const regions = useFetched<AdminRegion[]>('/api/v1/regions');
  const liaisons = useFetched<LiaisonRef[]>(keeper ? '/api/v1/liaisons' : null);
  const regionName = useMemo(() => new Map((regions.data ?? []).map((r) => [r.code, r.name])), [regions.data]);
  const [target, setTarget] = useState<string | null | undefined>(undefined);
  const [viewing, setViewing] = useState<string | null>(null);
  const grids = useFetched<Grid[]>('/api/v1/grids');
  const units = useFetched<AdminUnit[]>(keeper && tab !== 'enterprises' ? '/api/v1/units' : null);
  const allEnterprises = useFetched<{ items: LedgerEnterprise[] }>(
    keeper && tab === 'projects' ? '/api/v1/enterprises?pageSize=200' : null,
  );
  const viewed = (list.data?.items ?? []).find((e) => e.id === viewing) ?? null;

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
        { key: 'grid', label: t('admGrid'), children: e.gridName ?? e.grid ?? '—' },
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
          <Link to="/solicitations" data-testid="ledger-solicitations">
            <Button icon={<CarryOutOutlined />}>{t('ldgSolicitations')}</Button>
          </Link>
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
      <Tabs
        activeKey={tab}
        onChange={(k) => update({ tab: k === 'enterprises' ? '' : k, page: '' })}
        items={[
          {
            key: 'enterprises',
            label: t('ldgTabEnterprises'),
            children: (
              <>
                <Space wrap style={{ marginBottom: 16 }}>
                  <EnterpriseSearch defaultValue={q} onSearch={(v) => update({ q: v, page: '' })} />
                  <Select
                    style={{ width: 200 }}
                    value={gridFilter}
                    aria-label={t('ldgGrid')}
                    onChange={(v: string) => update({ gridId: v, page: '' })}
                    options={[
                      { value: '', label: t('ldgAllGrids') },
                      ...(grids.data ?? []).map((g) => ({ value: g.id, label: g.name })),
                    ]}
                  />
                  <Select
                    style={{ width: 140 }}
                    value={keyFilter}
                    aria-label={t('ldgKeyEnterprise')}
                    onChange={(v: string) => update({ key: v, page: '' })}
                    options={[
                      { value: '', label: t('ldgAllKeys') },
                      { value: 'true', label: t('ldgOnlyKey') },
                      { value: 'false', label: t('ldgNotKey') },
                    ]}
                  />
                </Space>
                <EnterpriseTable
                  list={list}
                  page={page}
                  onPage={(p) => update({ page: String(p) })}
                  expandable={{ expandedRowRender: details, rowExpandable: () => true }}
                  columns={[
                    {
                      title: t('admEntName'),
                      render: (_, e) => (
                        <Space orientation="vertical" size={0}>
                          <Space size={4}>
                            <Typography.Text strong>{e.name}</Typography.Text>
                            {e.key && <Tag color="red">{t('ldgKey')}</Tag>}
                          </Space>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {e.uscc}
                          </Typography.Text>
                        </Space>
                      ),
                    },
                    {
                      title: t('ldgGrid'),
                      width: 180,
                      render: (_, e) =>
                        e.gridName ?? e.grid ?? <Typography.Text type="secondary">{t('ldgNoGrid')}</Typography.Text>,
                    },
                    scaleColumn(t, 120),
                    regionColumn(t, regionName),
                    ...(keeper ? [liaisonColumn(t)] : []),
                    {
                      title: t('admOpenCases'),
                      dataIndex: 'openCases',
                      width: 110,
                      render: (n: number) => <Badge count={n} showZero color={n > 0 ? 'orange' : 'gray'} />,
                    },
                    {
                      title: t('admActions'),
                      width: 290,
                      fixed: 'right',
                      render: (_, e) => (
                        <Space size={0}>
                          <Button
                            type="link"
                            onClick={() => setViewing(e.id)}
                            aria-label={`${t('ldgDetail')} ${e.name}`}
                          >
                            {t('ldgDetail')}
                          </Button>
                          <Link
                            to={`/cases?enterpriseId=${e.id}`}
                            aria-label={`${t('admLedgerCases')} ${e.name}`}
                            style={{ padding: '0 8px', whiteSpace: 'nowrap' }}
                          >
                            {t('admLedgerCases')}
                          </Link>
                          <Button
                            type="link"
                            onClick={() => setTarget(e.id)}
                            aria-label={`${t('admLedgerUpdate')} ${e.name}`}
                          >
                            {t('admLedgerUpdate')}
                          </Button>
                        </Space>
                      ),
                    },
                  ]}
                />
              </>
            ),
          },
          {
            key: 'projects',
            label: t('ldgTabProjects'),
            children: (
              <ProjectsTab
                keeper={keeper}
                units={units.data ?? []}
                regions={regions.data ?? []}
                enterprises={allEnterprises.data?.items ?? []}
              />
            ),
          },
          ...(keeper
            ? [
                {
                  key: 'grids',
                  label: t('ldgTabGrids'),
                  children: (
                    <GridsTab
                      grids={grids.data ?? []}
                      loading={grids.loading}
                      units={units.data ?? []}
                      liaisons={liaisons.data ?? []}
                      onChanged={() => {
                        grids.reload();
                        list.reload();
                      }}
                    />
                  ),
                },
              ]
            : []),
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
      <EnterpriseLedgerDrawer
        enterprise={viewed}
        grids={grids.data ?? []}
        keeper={keeper}
        onClose={() => setViewing(null)}
        onChanged={() => {
          list.reload();
          grids.reload();
        }}
      />
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
