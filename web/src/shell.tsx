import { useState, type ReactNode } from 'react';
import { Button, Layout, Menu, Space, Tag, Tooltip, Typography } from 'antd';
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useI18n } from './i18n/i18n.tsx';
import { useMe, useSession } from './session/session.tsx';
import { navigate, useLocation } from './session/router.tsx';
import { CONSOLE_TITLES, menuOf, type ConsoleKind } from './consoles.tsx';
import { LanguageSwitch, TimeZoneSelect } from './components/preferences.tsx';

/** The frame around every console: navigation, the user, language and time zone, sign-out. */
export function Shell({ kind, children }: { kind: ConsoleKind; children: ReactNode }) {
  const { t } = useI18n();
  const me = useMe();
  const { signOut } = useSession();
  const { path } = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const menu = menuOf(kind, me);
  // The entry whose path is the longest prefix of the current path is the selected one.
  const selected = menu
    .filter((m) => (m.path === '/' ? path === '/' : path === m.path || path.startsWith(`${m.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0]?.path;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={220} breakpoint="lg">
        <div className="shell-brand">
          <img src="/console/favicon.svg" alt="" />
          {!collapsed && <span>{t(CONSOLE_TITLES[kind])}</span>}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          data-testid="nav"
          selectedKeys={selected ? [selected] : []}
          items={menu.map((m) => ({ key: m.path, icon: m.icon, label: t(m.label) }))}
          onClick={({ key }) => navigate(key)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="shell-header">
          <Typography.Text strong>{t('app.name')}</Typography.Text>
          <span className="spacer" />
          <TimeZoneSelect />
          <LanguageSwitch />
          <Space data-testid="who">
            <UserOutlined />
            <span>
              {me.user.name}
              {me.user.name !== me.domain.name ? ` @ ${me.domain.name}` : ''}
            </span>
            <Tag color="blue">{t(`role.${me.role}`)}</Tag>
          </Space>
          <Tooltip title={t('app.signOut')}>
            <Button icon={<LogoutOutlined />} onClick={signOut} data-testid="sign-out">
              {t('app.signOut')}
            </Button>
          </Tooltip>
        </Layout.Header>
        <Layout.Content className="shell-content">{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}
