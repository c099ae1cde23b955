import { ADMIN_ROLES, CASE_CREATOR_ROLES, OVERSIGHT_ROLES, PROFILE_READER_ROLES, SCREENING_ROLES } from '@qisu/core';
import { BulbOutlined, FileTextOutlined, HomeOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { QrcodeOutlined } from '@ant-design/icons';
import { CalendarOutlined, SettingOutlined } from '@ant-design/icons';
import { AuditOutlined, DashboardOutlined } from '@ant-design/icons';
import { ApartmentOutlined, BankOutlined, BookOutlined, BranchesOutlined, TeamOutlined } from '@ant-design/icons';
import { ExperimentOutlined, FireOutlined } from '@ant-design/icons';
import { AppstoreOutlined, ReadOutlined } from '@ant-design/icons';
import { EyeOutlined } from '@ant-design/icons';
import { ApiOutlined, CarryOutOutlined } from '@ant-design/icons';
import { CoffeeOutlined } from '@ant-design/icons';
import type { ComponentType, LazyExoticComponent, ReactNode } from 'react';
import { lazy } from 'react';
import type { MessageKey } from '../i18n/messages';

/**
 * One screen of the staff console: its path, its lazily loaded page (so each screen is its own
 * chunk and the first screen stays small) and, when it has one, its place in the menu with the
 * roles that see it there. The server checks every call again; the menu only hides what a role
 * cannot use.
 */
export interface Screen {
  path: string;
  page: LazyExoticComponent<ComponentType>;
  menu?: {
    key: string;
    label: MessageKey;
    icon: ReactNode;
    roles?: readonly string[];
    /** Set-up screens share one "settings" entry of the menu instead of one entry each. */
    group?: 'settings';
  };
}

export const SCREENS: Screen[] = [
  {
    path: '/',
    page: lazy(() => import('../routes/HomePage')),
    menu: { key: 'home', label: 'home', icon: <HomeOutlined /> },
  },
  {
    path: '/cases',
    page: lazy(() => import('../routes/CasesPage')),
    menu: { key: 'cases', label: 'cases', icon: <FileTextOutlined /> },
  },
  {
    path: '/cases/new',
    page: lazy(() => import('../routes/NewCasePage')),
    menu: { key: 'new', label: 'newCase', icon: <PlusOutlined />, roles: CASE_CREATOR_ROLES },
  },
  { path: '/cases/:id', page: lazy(() => import('../routes/CaseDetailPage')) },
  {
    path: '/screening',
    page: lazy(() => import('../routes/ScreeningPage')),
    menu: { key: 'screening', label: 'screening', icon: <BulbOutlined />, roles: SCREENING_ROLES },
  },
  {
    path: '/policies',
    page: lazy(() => import('../routes/policies/PolicyLibraryPage')),
    menu: { key: 'policies', label: 'polMenu', icon: <ReadOutlined />, roles: ['admin', 'hub', 'leader'] },
  },
  {
    path: '/library',
    // Reached from the policy library's header (the hub's menu bar is full at 1366 px).
    page: lazy(() => import('../routes/library/LibraryPage')),
  },
  {
    path: '/policy-applications',
    page: lazy(() => import('../routes/policies/PolicyApplicationsPage')),
    menu: {
      key: 'policyApplications',
      label: 'pmAppsMenu',
      icon: <AuditOutlined />,
      // The hub, leaders and the admin reach it from the policy library's header.
      roles: ['unit_handler', 'unit_head'],
    },
  },
  {
    path: '/qr',
    page: lazy(() => import('../mobile/QrStaffPage')),
    menu: { key: 'qr', label: 'mobQrMenu', icon: <QrcodeOutlined />, roles: ['hub', 'admin'], group: 'settings' },
  },
  {
    path: '/admin/profile',
    page: lazy(() => import('../routes/config/ProfilePage')),
    menu: {
      key: 'cfgProfile',
      label: 'cfgMenuProfile',
      icon: <SettingOutlined />,
      roles: PROFILE_READER_ROLES,
      group: 'settings',
    },
  },
  {
    path: '/admin/calendar',
    page: lazy(() => import('../routes/config/CalendarPage')),
    menu: {
      key: 'cfgCalendar',
      label: 'cfgMenuCalendar',
      icon: <CalendarOutlined />,
      roles: ['admin', 'hub'],
      group: 'settings',
    },
  },
  {
    path: '/leader',
    page: lazy(() => import('../routes/oversight/LeaderPage')),
    menu: { key: 'ovsLeader', label: 'ovsMenuLeader', icon: <DashboardOutlined />, roles: ['leader', 'hub', 'admin'] },
  },
  {
    path: '/discipline',
    page: lazy(() => import('../routes/oversight/DisciplinePage')),
    menu: { key: 'ovsDiscipline', label: 'ovsMenuDiscipline', icon: <AuditOutlined />, roles: ['discipline'] },
  },
  {
    path: '/admin/units',
    page: lazy(() => import('../routes/admin/UnitsPage')),
    menu: {
      key: 'admUnits',
      label: 'admMenuUnits',
      icon: <ApartmentOutlined />,
      roles: ADMIN_ROLES,
      group: 'settings',
    },
  },
  {
    path: '/admin/users',
    page: lazy(() => import('../routes/admin/UsersPage')),
    menu: { key: 'admUsers', label: 'admMenuUsers', icon: <TeamOutlined />, roles: ADMIN_ROLES, group: 'settings' },
  },
  {
    path: '/admin/enterprises',
    page: lazy(() => import('../routes/admin/EnterprisesPage')),
    menu: {
      key: 'admEnterprises',
      label: 'admMenuEnterprises',
      icon: <BankOutlined />,
      roles: ADMIN_ROLES,
      group: 'settings',
    },
  },
  {
    path: '/admin/pii-views',
    page: lazy(() => import('../routes/admin/PiiViewsPage')),
    menu: { key: 'piiViews', label: 'piiMenu', icon: <EyeOutlined />, roles: ADMIN_ROLES, group: 'settings' },
  },
  {
    path: '/admin/open311',
    page: lazy(() => import('../routes/admin/Open311ClientsPage')),
    menu: { key: 'open311', label: 'o311Menu', icon: <ApiOutlined />, roles: ADMIN_ROLES, group: 'settings' },
  },
  {
    path: '/admin/integrations',
    page: lazy(() => import('../routes/admin/IntegrationsPage')),
    menu: { key: 'integrations', label: 'intMenu', icon: <SendOutlined />, roles: ADMIN_ROLES, group: 'settings' },
  },
  {
    path: '/admin/routing',
    page: lazy(() => import('../routes/admin/RoutingPage')),
    menu: {
      key: 'admRouting',
      label: 'admMenuRouting',
      icon: <BranchesOutlined />,
      roles: ['admin', 'hub'],
      group: 'settings',
    },
  },
  {
    path: '/admin/services',
    page: lazy(() => import('../routes/services/ServiceCataloguePage')),
    menu: { key: 'services', label: 'svcMenu', icon: <AppstoreOutlined />, roles: ['admin', 'hub'], group: 'settings' },
  },
  {
    path: '/admin/triage',
    page: lazy(() => import('../routes/admin/TriageModelsPage')),
    menu: { key: 'mdl', label: 'mdlMenu', icon: <ExperimentOutlined />, roles: ['admin', 'hub'], group: 'settings' },
  },
  {
    path: '/hotspots',
    page: lazy(() => import('../routes/hotspots/HotspotsPage')),
    menu: {
      key: 'hotspots',
      label: 'hotMenu',
      icon: <FireOutlined />,
      roles: OVERSIGHT_ROLES,
    },
  },
  {
    path: '/solicitations',
    page: lazy(() => import('../routes/solicitations/SolicitationsPage')),
    // The hub reaches it from the ledger's header (its menu bar is full at 1366 px).
    menu: { key: 'solicitations', label: 'solMenu', icon: <CarryOutOutlined />, roles: ['liaison', 'leader'] },
  },
  {
    path: '/activities',
    page: lazy(() => import('../routes/activities/ActivitiesPage')),
    // The hub reaches it from the leader page's header (its menu bar is full at 1366 px).
    menu: { key: 'activities', label: 'actMenu', icon: <CoffeeOutlined />, roles: ['liaison', 'leader'] },
  },
  {
    path: '/questionnaires',
    // Reached from the weekly solicitation's header: questionnaires go to the enterprises solicited.
    page: lazy(() => import('../routes/solicitations/QuestionnairesPage')),
  },
  {
    path: '/ledger',
    page: lazy(() => import('../routes/LedgerPage')),
    menu: { key: 'admLedger', label: 'admMenuLedger', icon: <BookOutlined />, roles: ['liaison', 'hub'] },
  },
];

/** The menu entry a path belongs to: the longest menu path that is a prefix of it. */
export function menuKeyFor(pathname: string): string | undefined {
  let best: Screen | undefined;
  for (const s of SCREENS) {
    if (!s.menu) continue;
    const hit = s.path === '/' ? pathname === '/' : pathname === s.path || pathname.startsWith(`${s.path}/`);
    if (hit && (!best || s.path.length > best.path.length)) best = s;
  }
  // A case page belongs to the list it was opened from, not to "new".
  if (best?.menu?.key === 'new' && pathname !== '/cases/new') return 'cases';
  return best?.menu?.key;
}

/** The menu entries the user's roles reach. */
export function menuFor(roles: readonly string[]): Screen[] {
  return SCREENS.filter((s) => s.menu && (!s.menu.roles || s.menu.roles.some((r) => roles.includes(r))));
}

/** The menu of the user's roles: the entries in order, then the set-up screens under one settings entry. */
export function menuTree(roles: readonly string[]): { main: Screen[]; settings: Screen[] } {
  const screens = menuFor(roles);
  return {
    main: screens.filter((s) => !s.menu?.group),
    settings: screens.filter((s) => s.menu?.group === 'settings'),
  };
}
