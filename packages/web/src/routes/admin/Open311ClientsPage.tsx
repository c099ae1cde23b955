import { ApiOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import type { CreatedOpen311Client, Open311Client } from '../../api/models';
import { useSession } from '../../auth/session';
import { LoadFailedAlert } from '../../components/admin/LoadFailedAlert';
import { useI18n } from '../../i18n/i18n';
import { useFetched } from '../../lib/admin-data';
import { shanghaiTime } from '../../lib/clock';
import { errorText } from '../../lib/form-errors';
import { useSubmit } from '../../lib/use-submit';
import { canRevoke, open311Endpoint, open311ServicesUrl } from '../../lib/open311-clients';

/**
 * The admin's Open311 clients (Open311 接入): where GeoReport v2 is served and the jurisdiction's
 * id, the clients with the last characters of their key, when each was last used, and revoking
 * one. A new client's key is shown once, in a dialog the admin closes after saving it.
 */
export default function Open311ClientsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useSession();
  const clients = useFetched<{ items: Open311Client[] }>('/api/v1/admin/open311-clients');
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<CreatedOpen311Client | null>(null);
  const [form] = Form.useForm<{ name: string }>();
  const origin = window.location.origin;
  const jurisdiction = user?.jurisdiction ?? '';

  const {
    busy,
    error: formError,
    submit: create,
    reset,
  } = useSubmit(async ({ name }: { name: string }) => {
    const client = await api<CreatedOpen311Client>('/api/v1/admin/open311-clients', {
      method: 'POST',
      body: { name: name.trim() },
    });
    setAdding(false);
    form.resetFields();
    setCreated(client);
    clients.reload();
  });

  const revoke = async (client: Open311Client) => {
    try {
      await api<Open311Client>(`/api/v1/admin/open311-clients/${client.id}/revoke`, { method: 'POST' });
      void message.success(t('o311RevokeDone', { name: client.name }));
      clients.reload();
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  return (
    <Card
      title={
        <Space>
          <ApiOutlined />
          {t('o311Title')}
        </Space>
      }
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          {t('o311Add')}
        </Button>
      }
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('o311Intro')}
        </Typography.Paragraph>
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('o311BaseUrl')}>
            <Typography.Text copyable code>
              {open311Endpoint(origin)}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('o311Jurisdiction')}>
            <Typography.Text copyable code>
              {jurisdiction}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('o311Example')}>
            <Typography.Text copyable code>
              {open311ServicesUrl(origin, jurisdiction)}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
        {clients.error && <LoadFailedAlert error={clients.error} onRetry={clients.reload} />}
        <Table<Open311Client>
          rowKey="id"
          size="middle"
          loading={clients.loading}
          dataSource={clients.data?.items ?? []}
          locale={{ emptyText: t('o311Empty') }}
          scroll={{ x: 900 }}
          pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => t('admTotal', { n }) }}
          columns={[
            { title: t('o311Name'), dataIndex: 'name', ellipsis: true },
            {
              title: t('o311Key'),
              dataIndex: 'keyHint',
              width: 110,
              render: (hint: string) => <Typography.Text code>{t('o311KeyHint', { hint })}</Typography.Text>,
            },
            {
              title: t('admStatus'),
              width: 200,
              render: (_, c) =>
                c.active ? (
                  <Tag color="green">{t('admActive')}</Tag>
                ) : (
                  <Space orientation="vertical" size={0}>
                    <Tag>{t('o311Revoked')}</Tag>
                    {c.revokedAt && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('o311RevokedAt', { by: c.revokedBy ?? '—', at: shanghaiTime(c.revokedAt) })}
                      </Typography.Text>
                    )}
                  </Space>
                ),
            },
            { title: t('o311CreatedBy'), dataIndex: 'createdBy', width: 130, render: (v: string | null) => v ?? '—' },
            { title: t('o311CreatedAt'), dataIndex: 'createdAt', width: 150, render: (at: string) => shanghaiTime(at) },
            {
              title: t('o311LastUsed'),
              dataIndex: 'lastUsedAt',
              width: 150,
              render: (at: string | null) =>
                at ? shanghaiTime(at) : <Typography.Text type="secondary">{t('o311NeverUsed')}</Typography.Text>,
            },
            {
              title: t('admActions'),
              width: 90,
              fixed: 'right',
              render: (_, c) =>
                canRevoke(c) ? (
                  <Popconfirm
                    title={t('o311RevokeConfirm', { name: c.name })}
                    okText={t('o311Revoke')}
                    cancelText={t('cancel')}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => void revoke(c)}
                  >
                    <Button type="link" danger aria-label={`${t('o311Revoke')} ${c.name}`}>
                      {t('o311Revoke')}
                    </Button>
                  </Popconfirm>
                ) : null,
            },
          ]}
        />
      </Space>
      <Modal
        open={adding}
        title={t('o311Add')}
        okText={t('submit')}
        cancelText={t('cancel')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => {
          setAdding(false);
          reset();
        }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(values) => void create(values)} preserve={false}>
          <Form.Item
            name="name"
            label={t('o311Name')}
            rules={[{ required: true, whitespace: true, message: t('o311NameRequired') }]}
          >
            <Input maxLength={100} placeholder={t('o311NamePlaceholder')} autoFocus />
          </Form.Item>
          {formError && <Alert type="error" showIcon title={formError} />}
        </Form>
      </Modal>
      <Modal
        open={created !== null}
        title={created ? t('o311NewKeyTitle', { name: created.name }) : ''}
        closable={false}
        maskClosable={false}
        destroyOnHidden
        footer={
          <Button type="primary" onClick={() => setCreated(null)}>
            {t('o311Close')}
          </Button>
        }
      >
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Alert type="warning" showIcon title={t('o311NewKeyWarning')} />
          <Typography.Paragraph copyable code style={{ wordBreak: 'break-all', marginBottom: 0 }}>
            {created?.apiKey}
          </Typography.Paragraph>
        </Space>
      </Modal>
    </Card>
  );
}
