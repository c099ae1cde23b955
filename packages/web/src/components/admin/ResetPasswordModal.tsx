import { isStrongPassword } from '@qisu/core';
import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { AdminUser } from '../../api/models';
import { useI18n } from '../../i18n/i18n';
import { errorText, showFieldError } from '../../lib/form-errors';

interface Props {
  user: AdminUser | null;
  onClose: () => void;
}

/** The admin sets a new password for a user (the creation rule applies); their sessions end. */
export function ResetPasswordModal({ user, onClose }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (user) {
      form.resetFields();
      setFormError(null);
    }
  }, [user, form]);

  const submit = async () => {
    if (!user) return;
    let values: { password: string };
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await api(`/api/v1/users/${user.id}/reset-password`, { method: 'POST', body: { password: values.password } });
      void message.success(t('admResetDone'));
      onClose();
    } catch (e) {
      if (!showFieldError(form, e, ['password'])) setFormError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={user !== null}
      title={user ? t('admResetFor', { name: user.name }) : ''}
      okText={t('admSave')}
      cancelText={t('admCancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      forceRender
    >
      <Typography.Paragraph type="secondary">{t('admResetHelp')}</Typography.Paragraph>
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} role="alert" />}
      <Form form={form} layout="vertical" name="reset-password">
        <Form.Item
          name="password"
          label={t('admPasswordNew')}
          rules={[
            { required: true, message: t('admRequired') },
            {
              validator: (_, value: string | undefined) =>
                !value || isStrongPassword(value) ? Promise.resolve() : Promise.reject(new Error(t('admPasswordRule'))),
            },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('admPasswordConfirm')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('admRequired') },
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                value && value !== getFieldValue('password')
                  ? Promise.reject(new Error(t('admPasswordMismatch')))
                  : Promise.resolve(),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
