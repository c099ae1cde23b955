import { KeyOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { STAFF_INTAKE_CHANNELS } from '@qisu/core';
import { api } from '../../api/client';
import type { IntakeKey, ResponseOf } from '../../api/models';
import { codeText, useI18n } from '../../i18n/i18n';
import { useFetched } from '../../lib/admin-data';
import { shanghaiTime } from '../../lib/clock';
import { useAction } from '../../lib/use-action';
import { useSubmit } from '../../lib/use-submit';
import { ListCard } from './ListCard';

type Created = ResponseOf<'/api/v1/admin/intake-keys', 'post', 201>;

/** The channels a platform's cases may carry (those a person files by hand on a phone are not). */
const CHANNELS = STAFF_INTAKE_CHANNELS.filter((c) => c !== 'mobile' && c !== 'qr');

/**
 * 接入密钥: the keys the 12345 hotline and the city platform sign their requests with — state, when
 * last used, revoking — and a new key whose secret is shown once, in a dialog the admin closes
 * after saving it. Rotation is a new key, then the old one revoked.
 */
export function IntakeKeysCard({ onChange }: { onChange?: () => void }) {
  const { t } = useI18n();
  const act = useAction();
  const keys = useFetched<IntakeKey[]>('/api/v1/admin/intake-keys');
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  const [form] = Form.useForm<{ id?: string; source: string; channel: string }>();

  const {
    busy,
    error: formError,
    submit: create,
    reset,
  } = useSubmit(async (values: { id?: string; source: string; channel: string }) => {
    const body = { source: values.source.trim(), channel: values.channel, ...(values.id ? { id: values.id } : {}) };
    const key = await api<Created>('/api/v1/admin/intake-keys', { method: 'POST', body });
    setAdding(false);
    form.resetFields();
    setCreated(key);
    keys.reload();
    onChange?.();
  });

  const revoke = (key: IntakeKey) =>
    act(
      async () => {
        await api(`/api/v1/admin/intake-keys/${encodeURIComponent(key.id)}/revoke`, { method: 'POST' });
        keys.reload();
      },
      t('intRevokeDone', { id: key.id }),
    );

  return (
    <ListCard
      icon={<KeyOutlined />}
      title={t('intKeys')}
      addLabel={t('intKeyAdd')}
      onAdd={() => setAdding(true)}
      error={keys.error}
      testId="intake-keys"
    >
      <Table<IntakeKey>
        size="small"
        rowKey="id"
        loading={keys.loading}
        dataSource={keys.data ?? []}
        locale={{ emptyText: t('empty') }}
        pagination={false}
        scroll={{ x: 900 }}
        columns={[
          {
            title: t('intKeyId'),
            dataIndex: 'id',
            width: 170,
            render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
          },
          { title: t('intSource'), dataIndex: 'source', ellipsis: true },
          {
            title: t('intChannel'),
            dataIndex: 'channel',
            width: 120,
            render: (c: string) => codeText(t, 'channel', c),
          },
          {
            title: t('intState'),
            width: 90,
            render: (_, k) => (k.active ? <Tag color="green">{t('intActive')}</Tag> : <Tag>{t('intRevoked')}</Tag>),
          },
          { title: t('intCreatedBy'), dataIndex: 'createdBy', width: 110, render: (v: string | null) => v ?? '—' },
          {
            title: t('intLastUsed'),
            dataIndex: 'lastUsedAt',
            width: 150,
            render: (v: string | null) => (v ? shanghaiTime(v) : t('intNever')),
          },
          {
            title: '',
            width: 80,
            render: (_, k) =>
              k.active && (
                <Popconfirm
                  title={t('intRevokeConfirm')}
                  onConfirm={() => void revoke(k)}
                  okButtonProps={{ danger: true }}
                >
                  <Button size="small" danger>
                    {t('intRevoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal
        open={adding}
        title={t('intKeyAdd')}
        okText={t('intKeyAdd')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => {
          setAdding(false);
          reset();
        }}
        destroyOnHidden
      >
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => void create(v)}
          initialValues={{ channel: 'hotline12345' }}
        >
          <Form.Item
            name="source"
            label={t('intSource')}
            rules={[{ required: true, whitespace: true, message: t('required') }]}
          >
            <Input maxLength={100} placeholder={t('intSourcePlaceholder')} />
          </Form.Item>
          <Form.Item name="channel" label={t('intChannel')} rules={[{ required: true, message: t('required') }]}>
            <Select options={CHANNELS.map((c) => ({ value: c, label: codeText(t, 'channel', c) }))} />
          </Form.Item>
          <Form.Item
            name="id"
            label={t('intKeyId')}
            extra={t('intKeyIdHint')}
            rules={[{ pattern: /^[A-Za-z0-9._-]{3,64}$/, message: '3–64: A–Z a–z 0–9 . _ -' }]}
          >
            <Input maxLength={64} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={created !== null}
        title={t('intSecretTitle')}
        onOk={() => setCreated(null)}
        onCancel={() => setCreated(null)}
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        <Alert type="warning" showIcon title={t('intSecretNote')} style={{ marginBottom: 12 }} />
        <p>
          {t('intKeyId')}:{' '}
          <Typography.Text code copyable>
            {created?.id}
          </Typography.Text>
        </p>
        <p>
          {t('intSecret')}:{' '}
          <Typography.Text code copyable data-testid="intake-secret">
            {created?.secret}
          </Typography.Text>
        </p>
      </Modal>
    </ListCard>
  );
}
