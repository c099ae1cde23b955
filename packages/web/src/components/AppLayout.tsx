import { LogoutOutlined, SettingOutlined } from '@ant-design/icons';
import { Button, ConfigProvider, Layout, Menu, Space, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { useSession } from '../auth/session';
import type { Screen } from '../app/screens';
import { menuKeyFor, menuTree } from '../app/screens';
import { useI18n } from '../i18n/i18n';
import { HeaderSearch } from './HeaderSearch';
import { LanguageSwitch } from './LanguageSwitch';
import { NotificationBell } from './NotificationBell';

/**
 * The top menu's entries sit closer than antd's default (12 px either side, 8 px to the icon),
 * so the hub's eight entries stay in view at 1366 px beside the search, the bell and the user.
 */
const HEADER_MENU_THEME = { components: { Menu: { itemPaddingInline: 12, iconMarginInlineEnd: 8 } } };

/**
 * The staff console's frame: the menu of the screens the user's roles reach, the user, the
 * language. At 1366 × 768, the common office screen, every top-level entry of the busiest role
 * (the hub) is shown, none folded into "…": the search is narrow until used and logging out is
 * an icon that names itself on hover.
 */
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
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 16 }}>
        <Typography.Text strong style={{ color: '#fff', fontSize: 18, whiteSpace: 'nowrap' }}>
          {t('appName')}
        </Typography.Text>
        <ConfigProvider theme={HEADER_MENU_THEME}>
          <Menu
            theme="dark"
            mode="horizontal"
            selectedKeys={selected ? [selected] : []}
            style={{ flex: 1, minWidth: 0 }}
            items={main.map(item)}
            data-testid="main-menu"
          />
        </ConfigProvider>
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
          <Typography.Text
            ellipsis={{ tooltip: user?.name }}
            style={{ color: '#fff', maxWidth: 112, verticalAlign: 'middle', lineHeight: '32px' }}
          >
            {user?.name}
          </Typography.Text>
          <LanguageSwitch />
          <Tooltip title={t('logout')}>
            <Button
              icon={<LogoutOutlined />}
              size="small"
              onClick={() => void logout()}
              aria-label={t('logout')}
              data-testid="logout"
            />
          </Tooltip>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 16 }}>{children}</Layout.Content>
    </Layout>
  );
}
