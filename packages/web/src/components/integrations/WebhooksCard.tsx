import { SendOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Drawer,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { CASE_EVENT_TYPES } from '@qisu/core';
import { api } from '../../api/client';
import type { IntakeKey, Webhook, WebhookDelivery } from '../../api/models';
import { codeText, useI18n } from '../../i18n/i18n';
import { useFetched } from '../../lib/admin-data';
import { shanghaiTime } from '../../lib/clock';
import { useAction } from '../../lib/use-action';
import { useSubmit } from '../../lib/use-submit';
import { ListCard } from './ListCard';

interface NewWebhook {
  url: string;
  secret: string;
  events?: string[];
  intakeKeyId?: string;
}

const DELIVERY_COLOURS = { pending: 'gold', delivered: 'green', dead: 'red' } as const;

/**
 * Webhook 推送: the subscriptions with what waits and what died, a new one (all events or some,
 * for all cases or, as a platform's status sync, only those it filed), stopping one, and each
 * one's deliveries in a drawer where a dead letter is replayed.
 */
export function WebhooksCard() {
  const { t } = useI18n();
  const act = useAction();
  const hooks = useFetched<Webhook[]>('/api/v1/webhooks');
  const keys = useFetched<IntakeKey[]>('/api/v1/admin/intake-keys');
  const [adding, setAdding] = useState(false);
  const [open, setOpen] = useState<Webhook | null>(null);
  const [onlyDead, setOnlyDead] = useState(false);
  const [form] = Form.useForm<NewWebhook>();
  const deliveries = useFetched<WebhookDelivery[]>(
    open ? `/api/v1/webhooks/${open.id}/deliveries${onlyDead ? '?status=dead' : ''}` : null,
  );
  const eventName = (type: string) => codeText(t, 'event', type);

  const {
    busy,
    error: formError,
    submit: create,
    reset,
  } = useSubmit(async (values: NewWebhook) => {
    const body = {
      url: values.url.trim(),
      secret: values.secret,
      ...(values.events && values.events.length > 0 ? { events: values.events } : {}),
      ...(values.intakeKeyId ? { intakeKeyId: values.intakeKeyId } : {}),
    };
    await api('/api/v1/webhooks', { method: 'POST', body });
    setAdding(false);
    form.resetFields();
    hooks.reload();
  });

  const disable = (hook: Webhook) =>
    act(async () => {
      await api(`/api/v1/webhooks/${hook.id}`, { method: 'DELETE' });
      hooks.reload();
    });

  const replay = (d: WebhookDelivery) =>
    act(async () => {
      if (!open) return;
      await api(`/api/v1/webhooks/${open.id}/deliveries/${d.id}/replay`, { method: 'POST' });
      deliveries.reload();
      hooks.reload();
    }, t('intReplayDone'));

  return (
    <ListCard
      icon={<SendOutlined />}
      title={t('intWebhooks')}
      addLabel={t('intWebhookAdd')}
      onAdd={() => setAdding(true)}
      error={hooks.error}
      testId="webhooks"
    >
      <Table<Webhook>
        size="small"
        rowKey="id"
        loading={hooks.loading}
        dataSource={hooks.data ?? []}
        locale={{ emptyText: t('empty') }}
        pagination={false}
        scroll={{ x: 900 }}
        columns={[
          { title: t('intUrl'), dataIndex: 'url', ellipsis: true },
          {
            title: t('intEvents'),
            dataIndex: 'events',
            width: 220,
            render: (events: string[] | null) => (events ? events.map(eventName).join('、') : t('intEventsAll')),
          },
          {
            title: t('intSync'),
            dataIndex: 'intakeKeyId',
            width: 130,
            render: (v: string | null) => {
              const key = v ? keys.data?.find((k) => k.id === v) : undefined;
              return v ? (key ? `${key.source}（${v}）` : v) : t('intSyncNone');
            },
          },
          {
            title: t('intState'),
            width: 150,
            render: (_, h) => (
              <Space size={4} wrap>
                {h.active ? <Tag color="green">{t('intActive')}</Tag> : <Tag>{t('intDisabled')}</Tag>}
                {h.pending > 0 && <Tag color="gold">{`${t('intPending')} ${h.pending}`}</Tag>}
                {h.dead > 0 && <Tag color="red">{`${t('intDead')} ${h.dead}`}</Tag>}
              </Space>
            ),
          },
          {
            title: '',
            width: 160,
            render: (_, h) => (
              <Space size={4}>
                <Button size="small" onClick={() => setOpen(h)}>
                  {t('intDeliveries')}
                </Button>
                {h.active && (
                  <Popconfirm title={t('intDisableConfirm')} onConfirm={() => void disable(h)}>
                    <Button size="small" danger>
                      {t('intDisable')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={adding}
        title={t('intWebhookAdd')}
        okText={t('intWebhookAdd')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => {
          setAdding(false);
          reset();
        }}
        destroyOnHidden
        width={560}
      >
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" onFinish={(v) => void create(v)}>
          <Form.Item name="url" label={t('intUrl')} rules={[{ required: true, type: 'url', message: t('required') }]}>
            <Input placeholder="https://" maxLength={2000} />
          </Form.Item>
          <Form.Item
            name="secret"
            label={t('intWebhookSecret')}
            extra={t('intWebhookSecretHint')}
            rules={[{ required: true, min: 16, message: t('intWebhookSecretHint') }]}
          >
            <Input.Password maxLength={200} autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="events" label={t('intEvents')} extra={t('intEventsAll')}>
            <Select
              mode="multiple"
              allowClear
              options={CASE_EVENT_TYPES.map((e) => ({ value: e, label: eventName(e) }))}
            />
          </Form.Item>
          <Form.Item name="intakeKeyId" label={t('intSync')} extra={t('intSyncHint')}>
            <Select
              allowClear
              placeholder={t('intSyncNone')}
              options={(keys.data ?? [])
                .filter((k) => k.active)
                .map((k) => ({ value: k.id, label: `${k.source}（${k.id}）` }))}
            />
          </Form.Item>
        </Form>
      </Modal>
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        size="large"
        title={open ? t('intDeliveriesTitle', { url: open.url }) : ''}
        extra={
          <Space>
            <span>{t('intOnlyDead')}</span>
            <Switch checked={onlyDead} onChange={setOnlyDead} />
          </Space>
        }
      >
        {deliveries.error && <Alert type="error" showIcon title={deliveries.error} style={{ marginBottom: 8 }} />}
        <Table<WebhookDelivery>
          size="small"
          rowKey="id"
          loading={deliveries.loading}
          dataSource={deliveries.data ?? []}
          locale={{ emptyText: t('empty') }}
          pagination={{ pageSize: 20, showSizeChanger: false }}
          columns={[
            { title: t('intEvent'), dataIndex: 'type', width: 110, render: (v: string) => eventName(v) },
            {
              title: t('intCase'),
              dataIndex: 'caseNumber',
              width: 150,
              render: (number: string, d) => <Link to={`/cases/${d.caseId}`}>{number}</Link>,
            },
            {
              title: t('intStatus'),
              dataIndex: 'status',
              width: 90,
              render: (s: WebhookDelivery['status']) => <Tag color={DELIVERY_COLOURS[s]}>{t(`intDelivery.${s}`)}</Tag>,
            },
            { title: t('intAttempts'), dataIndex: 'attempts', width: 80 },
            {
              title: t('intLastResult'),
              render: (_, d) => (
                <Typography.Text
                  type={d.status === 'delivered' ? undefined : 'danger'}
                  ellipsis
                  title={d.lastError ?? undefined}
                >
                  {d.lastStatus ? `HTTP ${d.lastStatus}` : d.lastError ? t('intUnreachable') : '—'}
                </Typography.Text>
              ),
            },
            {
              title: t('intNextAttempt'),
              width: 140,
              render: (_, d) =>
                d.nextAttemptAt ? shanghaiTime(d.nextAttemptAt) : d.deliveredAt ? shanghaiTime(d.deliveredAt) : '—',
            },
            {
              title: '',
              width: 70,
              render: (_, d) =>
                d.status === 'dead' && (
                  <Button size="small" onClick={() => void replay(d)}>
                    {t('intReplay')}
                  </Button>
                ),
            },
          ]}
        />
      </Drawer>
    </ListCard>
  );
}
