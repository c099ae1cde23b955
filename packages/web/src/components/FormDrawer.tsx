import { Alert, Button, Drawer, Space } from 'antd';
import type { FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

/**
 * A drawer that records something through a form: cancel and save at its foot, and the server's
 * refusal above the form. Save validates the form first, leaving antd's marks on the fields, and
 * submits only valid values. The content goes when the drawer closes.
 */
export function FormDrawer<T>(props: {
  open: boolean;
  title: string;
  size: number;
  form: FormInstance<T>;
  save: { busy: boolean; error: string | null; submit: (values: T) => Promise<void> };
  saveText: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const { form, save } = props;
  return (
    <Drawer
      open={props.open}
      title={props.title}
      size={props.size}
      onClose={props.onClose}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={props.onClose}>{t('cancel')}</Button>
          <Button
            type="primary"
            loading={save.busy}
            onClick={() =>
              void form.validateFields().then(
                (v) => save.submit(v),
                () => undefined,
              )
            }
          >
            {props.saveText}
          </Button>
        </Space>
      }
    >
      {save.error && <Alert type="error" showIcon title={save.error} style={{ marginBottom: 16 }} />}
      {props.children}
    </Drawer>
  );
}
