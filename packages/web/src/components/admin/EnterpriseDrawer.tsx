import { Drawer, Spin } from 'antd';
import type { AdminRegion, LedgerEnterprise, LiaisonRef } from '../../api/models';
import { useI18n } from '../../i18n/i18n';
import { useFetched } from '../../lib/admin-data';
import { EnterpriseForm } from './EnterpriseForm';
import { LoadFailedAlert } from './LoadFailedAlert';

interface Props {
  /** undefined: closed; null: register a new enterprise; an id: change that one. */
  target: string | null | undefined;
  canAssignLiaison: boolean;
  regions: AdminRegion[];
  liaisons: LiaisonRef[];
  onSaved: (saved: LedgerEnterprise) => void;
  onClose: () => void;
}

/**
 * The enterprise form in a drawer. For a change it first reads the enterprise itself, whose
 * contact numbers come whole (lists mask them), so the form never sends a masked number back.
 */
export function EnterpriseDrawer({ target, canAssignLiaison, regions, liaisons, onSaved, onClose }: Props) {
  const { t } = useI18n();
  const current = useFetched<LedgerEnterprise>(target ? `/api/v1/enterprises/${target}` : null);
  const ready = target === null || (current.data !== null && current.data.id === target && !current.loading);
  return (
    <Drawer
      open={target !== undefined}
      title={target ? t('admEnterpriseEdit') : t('admEnterpriseAdd')}
      size={640}
      onClose={onClose}
      destroyOnHidden
    >
      {target && current.error ? (
        <LoadFailedAlert error={current.error} onRetry={current.reload} />
      ) : ready ? (
        <EnterpriseForm
          key={target ?? 'new'}
          enterprise={target ? current.data : null}
          canAssignLiaison={canAssignLiaison}
          regions={regions}
          liaisons={liaisons}
          onSaved={onSaved}
          onCancel={onClose}
        />
      ) : (
        <Spin style={{ display: 'block', margin: '48px auto' }} />
      )}
    </Drawer>
  );
}
