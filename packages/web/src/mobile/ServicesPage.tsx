import { SERVICE_CATALOGUES, SERVICE_FIELDS } from '@qisu/core';
import { Segmented, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { ServiceBundle, ServiceItem } from '../api/services';
import { findServiceItems, listServiceBundles } from '../api/services';
import { useI18n } from '../i18n/i18n';
import { catalogueText, serviceFieldText } from '../lib/services';
import { ChevronCard } from './components/ChevronCard';
import { listStatus } from './components/list-status';
import { MobilePage } from './components/MobilePage';
import { MobileSearch } from './components/MobileSearch';
import { useLoad } from './components/useLoad';

/** One item as a card: name, provider, limit and what is offered with it. */
function ItemCard({ item }: { item: ServiceItem }) {
  const { t } = useI18n();
  return (
    <Link to={`/m/services/items/${item.id}`} style={{ display: 'block', marginBottom: 10 }}>
      <ChevronCard testId="service-card">
        <Typography.Paragraph strong ellipsis={{ rows: 2 }} style={{ margin: '0 0 4px', fontSize: 16 }}>
          {item.name}
        </Typography.Paragraph>
        <Space size={4} wrap>
          <Tag>{serviceFieldText(t, item.field)}</Tag>
          {item.assisted && <Tag color="blue">{t('svcAssisted')}</Tag>}
          {item.appointment && <Tag color="cyan">{t('svcAppointment')}</Tag>}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[item.providerUnit.name, item.timeLimit].filter(Boolean).join(' · ')}
          </Typography.Text>
        </Space>
      </ChevronCard>
    </Link>
  );
}

/** One "一件事" as a card: its name and the items it joins. */
function BundleCard({ bundle }: { bundle: ServiceBundle }) {
  return (
    <Link to={`/m/services/bundles/${bundle.id}`} style={{ display: 'block', marginBottom: 10 }}>
      <ChevronCard testId="bundle-card" style={{ borderColor: '#91caff', background: '#f0f7ff' }}>
        <Typography.Text strong style={{ fontSize: 16 }}>
          {bundle.name}
        </Typography.Text>
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: '2px 0 0', fontSize: 12 }}>
          {bundle.items.map((i) => i.name).join(' ＋ ')}
        </Typography.Paragraph>
      </ChevronCard>
    </Link>
  );
}

/**
 * 服务 on the phone (seed 004 三(一)3): the "一件事" bundles first, then the items of the 涉企事项
 * 清单 and the 增值化服务清单 by catalogue and field, searchable; each opens its page with the form.
 */
export default function ServicesPage() {
  const { t } = useI18n();
  const [kind, setKind] = useState<string>('value_added');
  const [field, setField] = useState<string | undefined>(undefined);
  const [q, setQ] = useState('');
  const items = useLoad(
    `services:${kind}:${field ?? ''}:${q}`,
    () => findServiceItems({ kind, ...(field ? { field } : {}), q }),
    t('mobUnexpected'),
  );
  const bundles = useLoad('bundles', listServiceBundles, t('mobUnexpected'));

  return (
    <MobilePage active="services" title={t('svcMobTitle')}>
      <MobileSearch placeholder={t('svcSearch')} onSearch={setQ} />
      {!q && (bundles.data?.length ?? 0) > 0 && (
        <div>
          <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>
            {t('svcMobBundles')}
          </Typography.Text>
          {bundles.data?.map((b) => (
            <BundleCard key={b.id} bundle={b} />
          ))}
        </div>
      )}
      <Segmented
        block
        value={kind}
        onChange={(v) => setKind(String(v))}
        options={SERVICE_CATALOGUES.map((c) => ({ value: c, label: catalogueText(t, c) }))}
      />
      <Select
        allowClear
        size="large"
        placeholder={t('svcField')}
        aria-label={t('svcField')}
        value={field}
        onChange={setField}
        style={{ width: '100%' }}
        options={SERVICE_FIELDS.map((f) => ({ value: f, label: serviceFieldText(t, f) }))}
      />
      {listStatus(t, items, t('svcEmpty'))}
      <div>
        {items.data?.map((item) => (
          <ItemCard key={item.id} item={item} />
        ))}
      </div>
    </MobilePage>
  );
}
