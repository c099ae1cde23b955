import { LogoutOutlined, SettingOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { useSession } from '../auth/session';
import type { Screen } from '../app/screens';
import { menuKeyFor, menuTree } from '../app/screens';
import { useI18n } from '../i18n/i18n';
import { HeaderSearch } from './HeaderSearch';
import { LanguageSwitch } from './LanguageSwitch';
import { NotificationBell } from './NotificationBell';

/** The staff console's frame: the menu of the screens the user's roles reach, the user, the language. */
export function AppLayout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { user, logout } = useSession();
  const location = useLocation();
  const selected = menuKeyFor(location.pathname);
  const { main, settings } = menuTree(user?.roles ?? []);
  const item = ({ path, menu }: Screen) => ({
    key: menu!.key,
    icon: menu!.icon,
    label: <Link to={path}>{t(menu!.label)}</Link>,
  });
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24, paddingInline: 16 }}>
        <Typography.Text strong style={{ color: '#fff', fontSize: 18, whiteSpace: 'nowrap' }}>
          {t('appName')}
        </Typography.Text>
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={selected ? [selected] : []}
          style={{ flex: 1, minWidth: 0 }}
          items={main.map(item)}
        />
        {settings.length > 0 && (
          // Its own menu at the right, so the set-up screens stay one click away however narrow
          // the window; the list opens on a click and stays open until the pointer is used
          // elsewhere, and is rendered while closed too, so every link is in the page.
          <Menu
            theme="dark"
            mode="horizontal"
            forceSubMenuRender
            triggerSubMenuAction="click"
            selectedKeys={selected ? [selected] : []}
            style={{ flex: 'none' }}
            items={[
              { key: 'settings', icon: <SettingOutlined />, label: t('menuSettings'), children: settings.map(item) },
            ]}
          />
        )}
        <Space>
          <HeaderSearch />
          <NotificationBell />
          <Typography.Text style={{ color: '#fff' }}>{user?.name}</Typography.Text>
          <LanguageSwitch />
          <Button icon={<LogoutOutlined />} size="small" onClick={() => void logout()} aria-label={t('logout')}>
            {t('logout')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 16 }}>{children}</Layout.Content>
    </Layout>
  );
}
