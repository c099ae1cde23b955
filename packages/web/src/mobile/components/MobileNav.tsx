import { Segmented } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';

/** Where each tab of the enterprise's phone pages leads. */
const TABS = { demands: '/m', policies: '/m/policies', applications: '/m/applications' } as const;

/**
 * The tabs of an enterprise's phone pages: its demands, the policies meant for it (政策超市), and
 * its policy applications.
 */
export function MobileNav({ active }: { active: keyof typeof TABS }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Segmented
      block
      size="large"
      value={active}
      onChange={(key) => void navigate(TABS[key as keyof typeof TABS])}
      options={[
        { value: 'demands', label: t('mobHome') },
        { value: 'policies', label: t('mobPolicies') },
        { value: 'applications', label: t('mobMyApplications') },
      ]}
    />
  );
}
