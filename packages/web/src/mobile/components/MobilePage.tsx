import { Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { MobileTab } from './MobileNav';
import { MobileNav } from './MobileNav';

/** A page of the phone's tabs: the tabs with this page's one marked, its title, then its content in a column. */
export function MobilePage(props: { active: MobileTab; title: string; children: ReactNode }) {
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <MobileNav active={props.active} />
      <Typography.Title level={4} style={{ margin: 0 }}>
        {props.title}
      </Typography.Title>
      {props.children}
    </Space>
  );
}
