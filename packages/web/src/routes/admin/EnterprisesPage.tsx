import { PlusOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Space } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import type { AdminRegion, LiaisonRef } from '../../api/models';
import { EnterpriseDrawer } from '../../components/admin/EnterpriseDrawer';
import {
  EnterpriseSearch,
  EnterpriseTable,
  liaisonColumn,
  regionColumn,
  scaleColumn,
} from '../../components/admin/EnterpriseTable';
import { useI18n } from '../../i18n/i18n';
import { useEnterprisePage, useFetched } from '../../lib/admin-data';
import { useQueryParams } from '../../lib/use-query-params';

/**
 * The jurisdiction's enterprise ledger for the admin (and the hub): search by name or USCC and
 * paging on the server, kept in the URL; register an enterprise with the USCC checked as it is
 * typed; change an entry and assign its liaison.
 */
export default function EnterprisesPage() {
  const { t } = useI18n();
  const [params, update] = useQueryParams();
  const q = params.get('q') ?? '';
  const { page, list } = useEnterprisePage(params, { q });
  const regions = useFetched<AdminRegion[]>('/api/v1/regions');
  const liaisons = useFetched<LiaisonRef[]>('/api/v1/liaisons');
  const regionName = useMemo(() => new Map((regions.data ?? []).map((r) => [r.code, r.name])), [regions.data]);
  const [target, setTarget] = useState<string | null | undefined>(undefined);

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
        <EnterpriseSearch defaultValue={q} onSearch={(v) => update({ q: v, page: '' })} />
      </Space>
      <EnterpriseTable
        list={list}
        page={page}
        onPage={(p) => update({ page: String(p) })}
        columns={[
          { title: t('admEntName'), dataIndex: 'name', ellipsis: true },
          { title: t('admUscc'), dataIndex: 'uscc', width: 190 },
          {
            title: t('admIndustryName'),
            width: 170,
            ellipsis: true,
            render: (_, e) => e.industryName ?? e.industryCode ?? '—',
          },
          scaleColumn(t, 130),
          regionColumn(t, regionName),
          liaisonColumn(t),
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
