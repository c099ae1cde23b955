import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card } from 'antd';
import type { ReactNode } from 'react';

interface Props {
  icon: ReactNode;
  title: string;
  addLabel: string;
  onAdd: () => void;
  /** The list's load error, shown above it. */
  error: string | null;
  testId: string;
  children: ReactNode;
}

/** A card of the connections screen: its title, a button that adds an entry, the list's load error and the list. */
export function ListCard({ icon, title, addLabel, onAdd, error, testId, children }: Props) {
  return (
    <Card
      size="small"
      title={
        <span>
          {icon} {title}
        </span>
      }
      extra={
        <Button icon={<PlusOutlined />} onClick={onAdd} data-testid={`${testId}-add`}>
          {addLabel}
        </Button>
      }
      data-testid={testId}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      {children}
    </Card>
  );
}
