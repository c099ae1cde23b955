import { isStrongPassword } from '@qisu/core';
import { Alert, App, Button, Drawer, Form, Input, Select, Space, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { AdminUnit, AdminUser } from '../../api/models';
import { useI18n } from '../../i18n/i18n';
import { mayAct, UNIT_ROLES } from '@qisu/core';
import { ROLE_KEYS } from '../../lib/admin-labels';
import { errorText, showFieldError } from '../../lib/form-errors';
import { EnterprisePicker } from './EnterprisePicker';

const FIELDS = ['username', 'name', 'mobile', 'wechatOpenid', 'password', 'roles', 'unitId', 'enterpriseId'];

interface Values {
  username?: string;
  name: string;
  mobile?: string | null;
  wechatOpenid?: string | null;
  password?: string;
  roles: string[];
  unitId?: string | null;
  enterpriseId?: string | null;
}

interface Props {
  open: boolean;
  /** The user to change, or null to add one. */
  user: AdminUser | null;
  units: AdminUnit[];
  /** The signed-in admin, who may not take away their own admin role. */
  selfId: string | undefined;
  onSaved: (user: AdminUser) => void;
  onClose: () => void;
}

/**
 * Adding or changing a user in a drawer. The whole mobile number and WeChat openid are fetched
 * for the form (lists show them masked). Unit staff need a unit and enterprise contacts an enterprise, as the server
 * says; its answer lands on the field it names.
 */
export function UserForm({ open, user, units, selfId, onSaved, onClose }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [loading, setLoading] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const roles = Form.useWatch('roles', form) ?? [];
  const chosenEnterprise = Form.useWatch('enterpriseId', form);

  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.resetFields();
    if (!user) {
      form.setFieldsValue({ roles: [] });
      return;
    }
    let live = true;
    setLoading(true);
    api<AdminUser>(`/api/v1/users/${user.id}`)
      .then(
        (whole) =>
          live &&
          form.setFieldsValue({
            name: whole.name,
            mobile: whole.mobile,
            wechatOpenid: whole.wechatOpenid,
            roles: whole.roles,
            unitId: whole.unitId,
            enterpriseId: whole.enterpriseId,
          }),
        (e: unknown) => live && setFormError(errorText(e)),
      )
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [open, user, form]);

  const submit = async (values: Values) => {
    setBusy(true);
    setFormError(null);
    const mobile = values.mobile?.trim() || null;
    const wechatOpenid = values.wechatOpenid?.trim() || null;
    try {
      const saved = user
        ? await api<AdminUser>(`/api/v1/users/${user.id}`, {
            method: 'PUT',
            body: {
              name: values.name.trim(),
              mobile,
              wechatOpenid,
              roles: values.roles,
              unitId: values.unitId ?? null,
              enterpriseId: values.enterpriseId ?? null,
            },
          })
        : await api<AdminUser>('/api/v1/users', {
            method: 'POST',
            body: {
              username: values.username?.trim() ?? '',
              name: values.name.trim(),
              password: values.password ?? '',
              roles: values.roles,
              ...(mobile ? { mobile } : {}),
              ...(wechatOpenid ? { wechatOpenid } : {}),
              ...(values.unitId ? { unitId: values.unitId } : {}),
              ...(values.enterpriseId ? { enterpriseId: values.enterpriseId } : {}),
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

  const needsUnit = mayAct(roles, UNIT_ROLES);
  const needsEnterprise = roles.includes('enterprise');

  return (
    <Drawer
      open={open}
      title={user ? t('admUserEdit') : t('admUserAdd')}
      size={520}
      onClose={onClose}
      forceRender
      extra={
        <Space>
          <Button onClick={onClose}>{t('admCancel')}</Button>
          <Button type="primary" loading={busy} disabled={loading} onClick={() => form.submit()}>
            {t('admSave')}
          </Button>
        </Space>
      }
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} role="alert" />}
      <Spin spinning={loading}>
        <Form form={form} layout="vertical" name="user" onFinish={(v) => void submit(v)}>
          {!user && (
            <Form.Item
              name="username"
              label={t('admUsername')}
              extra={t('admUsernameHelp')}
              rules={[
                { required: true, message: t('admRequired') },
                { pattern: /^[a-z0-9][a-z0-9._-]{2,63}$/, message: t('admUsernameInvalid') },
              ]}
            >
              <Input autoComplete="off" maxLength={64} />
            </Form.Item>
          )}
          <Form.Item
            name="name"
            label={t('admUserName')}
            rules={[{ required: true, whitespace: true, message: t('admRequired') }, { max: 100 }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="mobile"
            label={t('admMobile')}
            rules={[{ pattern: /^1[3-9]\d{9}$/, message: t('admMobileInvalid') }]}
          >
            <Input maxLength={11} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="wechatOpenid"
            label={t('admWechatOpenid')}
            extra={t('admWechatOpenidHelp')}
            rules={[{ pattern: /^\s*[A-Za-z0-9_-]{6,64}\s*$/, message: t('admWechatOpenidInvalid') }]}
          >
            <Input maxLength={64} autoComplete="off" />
          </Form.Item>
          {!user && (
            <Form.Item
              name="password"
              label={t('admPasswordInitial')}
              rules={[
                { required: true, message: t('admRequired') },
                {
                  validator: (_, value: string | undefined) =>
                    !value || isStrongPassword(value)
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('admPasswordRule'))),
                },
              ]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          )}
          <Form.Item name="roles" label={t('admRoles')} rules={[{ required: true, message: t('admRequired') }]}>
            <Select
              mode="multiple"
              options={Object.entries(ROLE_KEYS).map(([value, key]) => ({
                value,
                label: t(key),
                disabled: user?.id === selfId && value === 'admin',
              }))}
            />
          </Form.Item>
          <Form.Item name="unitId" label={t('admUnit')} rules={[{ required: needsUnit, message: t('admRequired') }]}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={units.map((u) => ({
                value: u.id,
                label: u.active ? u.name : `${u.name}（${t('admInactive')}）`,
              }))}
            />
          </Form.Item>
          {(needsEnterprise || Boolean(chosenEnterprise)) && (
            <Form.Item
              name="enterpriseId"
              label={t('admEnterprise')}
              rules={[{ required: needsEnterprise, message: t('admRequired') }]}
            >
              <EnterprisePicker />
            </Form.Item>
          )}
        </Form>
      </Spin>
    </Drawer>
  );
}
