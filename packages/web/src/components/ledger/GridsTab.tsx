import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import type { AdminUnit, LiaisonRef } from '../../api/models';
import type { Grid, GridBody } from '../../api/ledger';
import { deleteGrid, saveGrid } from '../../api/ledger';
import { useI18n } from '../../i18n/i18n';
import { errorText, showFieldError } from '../../lib/form-errors';

interface Props {
  grids: Grid[];
  loading: boolean;
  units: AdminUnit[];
  liaisons: LiaisonRef[];
  onChanged: () => void;
}

/**
 * The service grids (网格管理, "企业+镇街+行业主管部门"), kept by the admin and the hub: each with
 * its town or street, its industry department and its liaison, who looks after the grid's
 * enterprises that have no liaison of their own.
 */
export function GridsTab({ grids, loading, units, liaisons, onChanged }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<Grid | null | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<GridBody>();
  const towns = units.filter((u) => u.kind === 'town' || u.kind === 'park');
  const departments = units.filter((u) => u.kind === 'department' || u.kind === 'town' || u.kind === 'park');

  const open = (g: Grid | null) => {
    form.setFieldsValue({
      name: g?.name ?? '',
      townUnitId: g?.townUnitId ?? null,
      departmentUnitId: g?.departmentUnitId ?? null,
      liaisonUserId: g?.liaisonUserId ?? null,
      note: g?.note ?? null,
    });
    setEditing(g);
  };
  const submit = async (values: GridBody) => {
    setSaving(true);
    try {
      await saveGrid(editing?.id ?? null, { ...values, note: values.note || null });
      setEditing(undefined);
      onChanged();
    } catch (e) {
      if (!showFieldError(form, e, ['name', 'townUnitId', 'departmentUnitId', 'liaisonUserId', 'note'])) {
        void message.error(errorText(e));
      }
    } finally {
      setSaving(false);
    }
  };
  const remove = async (g: Grid) => {
    try {
      await deleteGrid(g.id);
      onChanged();
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  return (
    <>
      <Space style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Text type="secondary">{t('ldgGridIntro')}</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open(null)}>
          {t('ldgGridAdd')}
        </Button>
      </Space>
      <Table<Grid>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={grids}
        pagination={false}
        locale={{ emptyText: t('admEmpty') }}
        columns={[
          {
            title: t('ldgGridName'),
            dataIndex: 'name',
            render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
          },
          { title: t('ldgTown'), dataIndex: 'townUnitName', render: (v: string | null) => v ?? '—' },
          { title: t('ldgDepartment'), dataIndex: 'departmentUnitName', render: (v: string | null) => v ?? '—' },
          { title: t('ldgLiaison'), dataIndex: 'liaisonName', width: 120, render: (v: string | null) => v ?? '—' },
          { title: t('ldgEnterprises'), dataIndex: 'enterprises', width: 90 },
          { title: t('ldgNote'), dataIndex: 'note', ellipsis: true, render: (v: string | null) => v ?? '' },
          {
            title: t('admActions'),
            width: 150,
            render: (_, g) => (
              <Space size={0}>
                <Button type="link" onClick={() => open(g)}>
                  {t('ldgEdit')}
                </Button>
                <Popconfirm title={t('ldgDeleteConfirm', { name: g.name })} onConfirm={() => void remove(g)}>
                  <Button type="link" danger disabled={g.enterprises > 0}>
                    {t('ldgDelete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== undefined}
        title={editing ? t('ldgGridEdit') : t('ldgGridAdd')}
        onCancel={() => setEditing(undefined)}
        onOk={() => form.submit()}
        confirmLoading={saving}
        okText={t('ldgSave')}
        cancelText={t('ldgCancel')}
        destroyOnHidden
        forceRender
      >
        <Form<GridBody> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          <Form.Item name="name" label={t('ldgGridName')} rules={[{ required: true, message: t('ldgRequired') }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="townUnitId" label={t('ldgTown')}>
            <Select allowClear options={towns.map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
          <Form.Item name="departmentUnitId" label={t('ldgDepartment')}>
            <Select allowClear options={departments.map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
          <Form.Item name="liaisonUserId" label={t('ldgLiaison')}>
            <Select allowClear options={liaisons.map((l) => ({ value: l.id, label: l.name }))} />
          </Form.Item>
          <Form.Item name="note" label={t('ldgNote')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
