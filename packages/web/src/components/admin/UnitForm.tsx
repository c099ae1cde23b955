import { Alert, App, Button, Drawer, Form, Input, Select, Space, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { AdminRegion, AdminUnit } from '../../api/models';
import { useI18n } from '../../i18n/i18n';
import { UNIT_KIND_KEYS } from '../../lib/admin-labels';
import { errorText, showFieldError } from '../../lib/form-errors';

const FIELDS = ['name', 'kind', 'regionCode', 'parentId', 'contactPhone', 'active'];

interface Values {
  name: string;
  kind: AdminUnit['kind'];
  regionCode?: string | null;
  parentId?: string | null;
  contactPhone?: string | null;
  active?: boolean;
}

interface Props {
  open: boolean;
  /** The unit to change, or null to add one. */
  unit: AdminUnit | null;
  units: AdminUnit[];
  regions: AdminRegion[];
  onSaved: (unit: AdminUnit) => void;
  onClose: () => void;
}

/** Adding or changing a unit in a drawer; a name another unit holds comes back on the name field. */
export function UnitForm({ open, unit, units, regions, onSaved, onClose }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.resetFields();
    form.setFieldsValue(
      unit
        ? {
            name: unit.name,
            kind: unit.kind,
            regionCode: unit.regionCode,
            parentId: unit.parentId,
            contactPhone: unit.contactPhone,
            active: unit.active,
          }
        : { kind: 'department', active: true },
    );
  }, [open, unit, form]);

  const submit = async (values: Values) => {
    setBusy(true);
    setFormError(null);
    const phone = values.contactPhone?.trim() || null;
    try {
      const saved = unit
        ? await api<AdminUnit>(`/api/v1/units/${unit.id}`, {
            method: 'PUT',
            body: {
              name: values.name.trim(),
              kind: values.kind,
              regionCode: values.regionCode ?? null,
              parentId: values.parentId ?? null,
              contactPhone: phone,
              active: values.active ?? true,
            },
          })
        : await api<AdminUnit>('/api/v1/units', {
            method: 'POST',
            body: {
              name: values.name.trim(),
              kind: values.kind,
              ...(values.regionCode ? { regionCode: values.regionCode } : {}),
              ...(values.parentId ? { parentId: values.parentId } : {}),
              ...(phone ? { contactPhone: phone } : {}),
            },
          });
      void message.success(t('admSaved'));
      onSaved(saved);
    } catch (e) {
      if (!showFieldError(form, e, FIELDS)) setFormError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open={open}
      title={unit ? t('admUnitEdit') : t('admUnitAdd')}
      size={480}
      onClose={onClose}
      forceRender
      extra={
        <Space>
          <Button onClick={onClose}>{t('admCancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()}>
            {t('admSave')}
          </Button>
        </Space>
      }
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} role="alert" />}
      <Form form={form} layout="vertical" name="unit" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="name"
          label={t('admUnitName')}
          rules={[{ required: true, whitespace: true, message: t('admRequired') }, { max: 100 }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="kind" label={t('admUnitKind')} rules={[{ required: true, message: t('admRequired') }]}>
          <Select options={Object.entries(UNIT_KIND_KEYS).map(([value, key]) => ({ value, label: t(key) }))} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('admUnitRegion')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={regions.map((r) => ({ value: r.code, label: `${r.name}（${r.code}）` }))}
          />
        </Form.Item>
        <Form.Item name="parentId" label={t('admUnitParent')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={units.filter((u) => u.id !== unit?.id).map((u) => ({ value: u.id, label: u.name }))}
          />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('admUnitContact')} rules={[{ max: 40 }]}>
          <Input maxLength={40} />
        </Form.Item>
        {unit && (
          <Form.Item name="active" label={t('admStatus')} valuePropName="checked" extra={t('admUnitActiveHelp')}>
            <Switch checkedChildren={t('admActive')} unCheckedChildren={t('admInactive')} />
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}
