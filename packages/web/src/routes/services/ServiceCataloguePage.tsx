import { SERVICE_CATALOGUES, SERVICE_FIELDS } from '@qisu/core';
import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Segmented,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import type { UnitOption } from '../../api/reference';
import { isHandlingUnit, useReference } from '../../api/reference';
import type { ServiceBundle, ServiceBundleInput, ServiceItem, ServiceItemInput } from '../../api/services';
import { saveServiceBundle, saveServiceItem } from '../../api/services';
import { EditDrawer } from '../../components/EditDrawer';
import { useI18n } from '../../i18n/i18n';
import { catalogueText, serviceFieldText } from '../../lib/services';
import { useFormSave } from '../../lib/use-form-save';
import { useLoad } from '../../lib/use-load';

const catText = catalogueText;
const fieldText = serviceFieldText;

/** The add/edit drawer of an item: catalogue, field, name, provider, materials, limit, options. */
function ItemDrawer(props: { item: ServiceItem | 'new' | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ServiceItemInput>();
  const units = useReference<UnitOption>('/api/v1/units').filter(isHandlingUnit);
  const item = props.item === 'new' ? null : props.item;
  const initial: Partial<ServiceItemInput> = item
    ? {
        catalogue: item.catalogue,
        field: item.field,
        name: item.name,
        description: item.description,
        providerUnitId: item.providerUnit.id,
        materials: item.materials,
        timeLimit: item.timeLimit,
        workingDays: item.workingDays,
        assisted: item.assisted,
        appointment: item.appointment,
        active: item.active,
      }
    : { catalogue: 'value_added', field: 'policy', assisted: false, appointment: false, active: true };

  const { saving, error, save } = useFormSave(
    form,
    async (values) => {
      await saveServiceItem(item?.id ?? null, values);
      void message.success(t('svcSaved'));
      props.onSaved();
    },
    (e) => {
      const field = e instanceof ApiError ? e.body['field'] : undefined;
      if (!(e instanceof ApiError && typeof field === 'string' && form.getFieldInstance(field))) return false;
      form.setFields([{ name: field as keyof ServiceItemInput, errors: [e.message] }]);
      return true;
    },
  );

  return (
    <EditDrawer
      open={props.item !== null}
      onClose={props.onClose}
      title={item ? t('svcEdit') : t('svcAdd')}
      saving={saving}
      error={error}
      saveText={t('svcSave')}
      saveTestId="service-item-save"
      onSave={() => void save()}
    >
      <Form form={form} layout="vertical" initialValues={initial} requiredMark={false}>
        <Space size={12} style={{ display: 'flex' }}>
          <Form.Item name="catalogue" label={t('svcCatalogue')} rules={[{ required: true }]} style={{ flex: 1 }}>
            <Select options={SERVICE_CATALOGUES.map((c) => ({ value: c, label: catText(t, c) }))} />
          </Form.Item>
          <Form.Item name="field" label={t('svcField')} rules={[{ required: true }]} style={{ flex: 1 }}>
            <Select options={SERVICE_FIELDS.map((f) => ({ value: f, label: fieldText(t, f) }))} />
          </Form.Item>
        </Space>
        <Form.Item
          name="name"
          label={t('svcName')}
          rules={[{ required: true, whitespace: true, message: t('required') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="providerUnitId" label={t('svcProvider')} rules={[{ required: true, message: t('required') }]}>
          <Select showSearch optionFilterProp="label" options={units.map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
        <Form.Item name="description" label={t('svcDescription')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={4000} />
        </Form.Item>
        <Form.Item name="materials" label={t('svcMaterials')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={4000} />
        </Form.Item>
        <Space size={12} style={{ display: 'flex' }}>
          <Form.Item name="timeLimit" label={t('svcTimeLimit')} style={{ flex: 1 }}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="workingDays" label={t('svcWorkingDays')} tooltip={t('svcWorkingDaysHint')}>
            <InputNumber min={1} max={365} />
          </Form.Item>
        </Space>
        <Space size={24}>
          <Form.Item name="assisted" label={t('svcAssisted')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="appointment" label={t('svcAppointment')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="active" label={t('svcActive')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
      </Form>
    </EditDrawer>
  );
}

/** The add/edit drawer of a bundle: its name, description and items in the order they are handled. */
function BundleDrawer(props: {
  bundle: ServiceBundle | 'new' | null;
  items: ServiceItem[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ServiceBundleInput>();
  const bundle = props.bundle === 'new' ? null : props.bundle;
  const { saving, error, save } = useFormSave(form, async (values) => {
    await saveServiceBundle(bundle?.id ?? null, values);
    void message.success(t('svcSaved'));
    props.onSaved();
  });
  return (
    <EditDrawer
      open={props.bundle !== null}
      onClose={props.onClose}
      title={bundle ? t('svcEditBundle') : t('svcAddBundle')}
      saving={saving}
      error={error}
      saveText={t('svcSave')}
      onSave={() => void save()}
    >
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={
          bundle
            ? {
                name: bundle.name,
                description: bundle.description,
                itemIds: bundle.items.map((i) => i.id),
                active: bundle.active,
              }
            : { itemIds: [], active: true }
        }
      >
        <Form.Item
          name="name"
          label={t('svcBundleName')}
          rules={[{ required: true, whitespace: true, message: t('required') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t('svcDescription')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={4000} />
        </Form.Item>
        <Form.Item
          name="itemIds"
          label={t('svcBundleItems')}
          rules={[{ type: 'array', min: 2, required: true, message: t('required') }]}
        >
          <Select
            mode="multiple"
            showSearch
            optionFilterProp="label"
            options={props.items.map((i) => ({ value: i.id, label: `${i.name}（${i.providerUnit.name}）` }))}
          />
        </Form.Item>
        <Form.Item name="active" label={t('svcActive')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </EditDrawer>
  );
}

/**
 * The service catalogues (seed 004 三(一)3) for the admin and the hub: the items of the 涉企事项
 * 清单 and the 增值化服务清单 by catalogue, field and words, each edited in a drawer; and the
 * "一件事" bundles, their lead and assisting providers in order.
 */
export default function ServiceCataloguePage() {
  const { t } = useI18n();
  const [tab, setTab] = useState<'items' | 'bundles'>('items');
  const [kind, setKind] = useState<string>('');
  const [field, setField] = useState<string | undefined>(undefined);
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<ServiceItem | 'new' | null>(null);
  const [editingBundle, setEditingBundle] = useState<ServiceBundle | 'new' | null>(null);
  const query = new URLSearchParams();
  if (kind) query.set('kind', kind);
  if (field) query.set('field', field);
  if (q) query.set('q', q);
  const items = useLoad<{ items: ServiceItem[] }>(`/api/v1/service-items?${query.toString()}`);
  const all = useLoad<{ items: ServiceItem[] }>('/api/v1/service-items');
  const bundles = useLoad<{ bundles: ServiceBundle[] }>('/api/v1/service-bundles');

  const itemsTab = (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <Segmented
          value={kind}
          onChange={(v) => setKind(String(v))}
          options={[
            { value: '', label: t('svcAll') },
            ...SERVICE_CATALOGUES.map((c) => ({ value: c, label: catText(t, c) })),
          ]}
        />
        <Select
          allowClear
          placeholder={t('svcField')}
          value={field}
          onChange={setField}
          style={{ width: 140 }}
          options={SERVICE_FIELDS.map((f) => ({ value: f, label: fieldText(t, f) }))}
        />
        <Input.Search allowClear placeholder={t('svcSearch')} onSearch={(v) => setQ(v.trim())} style={{ width: 300 }} />
      </Space>
      {items.error && <Alert type="error" showIcon title={`${t('loadFailed')}: ${items.error}`} />}
      <Table<ServiceItem>
        size="small"
        rowKey="id"
        loading={items.loading && !items.data}
        dataSource={items.data?.items ?? []}
        pagination={{ pageSize: 8, hideOnSinglePage: true, size: 'small' }}
        locale={{ emptyText: <Empty description={t('svcEmpty')} /> }}
        data-testid="service-items"
        columns={[
          {
            title: t('svcName'),
            dataIndex: 'name',
            render: (_, i) => (
              <Space orientation="vertical" size={0}>
                <a onClick={() => setEditing(i)}>{i.name}</a>
                <Typography.Text type="secondary" ellipsis style={{ maxWidth: 360, fontSize: 12 }}>
                  {i.description}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('svcCatalogue'), dataIndex: 'catalogue', width: 130, render: (c: string) => catText(t, c) },
          { title: t('svcField'), dataIndex: 'field', width: 96, render: (f: string) => <Tag>{fieldText(t, f)}</Tag> },
          { title: t('svcProvider'), width: 190, render: (_, i) => i.providerUnit.name },
          { title: t('svcTimeLimit'), dataIndex: 'timeLimit', width: 150, render: (v: string | null) => v ?? '—' },
          {
            title: `${t('svcAssisted')} / ${t('svcAppointment')}`,
            width: 140,
            render: (_, i) => (
              <Space size={2}>
                {i.assisted && <Tag color="blue">{t('svcAssisted')}</Tag>}
                {i.appointment && <Tag color="cyan">{t('svcAppointment')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('svcActive'),
            dataIndex: 'active',
            width: 76,
            render: (a: boolean) => (a ? <Tag color="green">{t('svcActive')}</Tag> : <Tag>{t('svcInactive')}</Tag>),
          },
        ]}
      />
    </Space>
  );

  const bundlesTab = (
    <List<ServiceBundle>
      loading={bundles.loading && !bundles.data}
      dataSource={bundles.data?.bundles ?? []}
      locale={{ emptyText: <Empty description={t('svcEmpty')} /> }}
      renderItem={(b) => (
        <List.Item
          actions={[
            <Button key="edit" type="link" onClick={() => setEditingBundle(b)}>
              {t('svcEditBundle')}
            </Button>,
          ]}
        >
          <List.Item.Meta
            title={
              <Space>
                {b.name}
                {!b.active && <Tag>{t('svcInactive')}</Tag>}
              </Space>
            }
            description={
              <Space orientation="vertical" size={4}>
                <span>{b.description}</span>
                <Space wrap size={4}>
                  {b.items.map((i, n) => (
                    <Tag key={i.id} color={n === 0 ? 'blue' : undefined}>
                      {n + 1}. {i.name} · {i.providerUnit.name}
                      {n === 0 ? `（${t('svcLead')}）` : ''}
                    </Tag>
                  ))}
                </Space>
              </Space>
            }
          />
        </List.Item>
      )}
    />
  );

  return (
    <Card
      title={t('svcTitle')}
      extra={
        tab === 'items' ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid="service-item-add"
          >
            {t('svcAdd')}
          </Button>
        ) : (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditingBundle('new')}>
            {t('svcAddBundle')}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('svcIntro')}
      </Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as 'items' | 'bundles')}
        items={[
          { key: 'items', label: t('svcItems'), children: itemsTab },
          { key: 'bundles', label: t('svcBundles'), children: bundlesTab },
        ]}
      />
      <ItemDrawer
        item={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          items.reload();
          all.reload();
          bundles.reload();
        }}
      />
      <BundleDrawer
        bundle={editingBundle}
        items={all.data?.items ?? []}
        onClose={() => setEditingBundle(null)}
        onSaved={() => {
          setEditingBundle(null);
          bundles.reload();
        }}
      />
    </Card>
  );
}
