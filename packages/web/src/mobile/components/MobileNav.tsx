import { Segmented } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useSession } from '../../auth/session';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

/** Where each tab of the phone pages leads. */
const TABS = {
  demands: '/m',
  policies: '/m/policies',
  applications: '/m/applications',
  solicit: '/m/solicit',
  services: '/m/services',
} as const;

/** A tab of the phone pages. */
export type MobileTab = keyof typeof TABS;

/**
 * The tabs of an enterprise contact: its demands, the policies meant for it (政策超市), the
 * service catalogues (服务清单), its applications.
 */
const ENTERPRISE_TABS: [MobileTab, MessageKey][] = [
  ['demands', 'mobHome'],
  ['policies', 'mobPolicies'],
  ['services', 'svcMobNav'],
  ['applications', 'mobMyApplications'],
];

/** The tabs of a liaison on a visit: the demands it filed, and the week's solicitation. */
const LIAISON_TABS: [MobileTab, MessageKey][] = [
  ['demands', 'mobHome'],
  ['solicit', 'solMobNav'],
];

/**
 * The tabs of the phone pages, by who is signed in: an enterprise's demands, policies and
 * applications; a liaison's demands and weekly solicitation.
 */
export function MobileNav({ active }: { active: MobileTab }) {
  const { t } = useI18n();
  const { user } = useSession();
  const navigate = useNavigate();
  const tabs = user?.roles.includes('liaison') ? LIAISON_TABS : ENTERPRISE_TABS;
  return (
    <Segmented<MobileTab>
      block
      size="large"
      value={active}
      onChange={(key) => void navigate(TABS[key])}
      options={tabs.map(([value, label]) => ({ value, label: t(label) }))}
    />
  );
}
