import { RightOutlined } from '@ant-design/icons';
import { Card } from 'antd';
import type { CSSProperties, ReactNode } from 'react';

/** A tappable card of a phone list: its content, and a chevron at the right saying it opens a page. */
export function ChevronCard(props: { testId: string; style?: CSSProperties; children: ReactNode }) {
  return (
    <Card size="small" hoverable data-testid={props.testId} style={props.style}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
        <div style={{ flex: 1, minWidth: 0 }}>{props.children}</div>
        <RightOutlined aria-hidden style={{ color: '#999' }} />
      </div>
    </Card>
  );
}
