import { Alert, Button, Drawer } from 'antd';
import type { ReactNode } from 'react';

/**
 * A drawer that adds or edits one thing through a form: the save button at its top right, the
 * server's refusal above the form. The content goes when the drawer closes.
 */
export function EditDrawer(props: {
  open: boolean;
  title: string;
  saving: boolean;
  error: string | null;
  saveText: string;
  saveTestId?: string;
  onSave: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <Drawer
      open={props.open}
      onClose={props.onClose}
      title={props.title}
      size={560}
      destroyOnHidden
      extra={
        <Button type="primary" loading={props.saving} onClick={props.onSave} data-testid={props.saveTestId}>
          {props.saveText}
        </Button>
      }
    >
      {props.error && <Alert type="error" showIcon title={props.error} style={{ marginBottom: 12 }} />}
      {props.children}
    </Drawer>
  );
}
