import { SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { shanghaiTime } from '../lib/clock';

interface Chain {
  events: number;
  intact: boolean;
  checkedAt: string;
  firstBreak?: { seq: number; reason: string; type: string };
}

/**
 * Whether the case's events are intact links of the jurisdiction's tamper-evident chain,
 * checked by the server each time the timeline changes (`revision`).
 */
export function ChainStatus({ caseId, revision }: { caseId: string; revision: number }) {
  const { t } = useI18n();
  const [chain, setChain] = useState<Chain | null | 'failed'>(null);
  useEffect(() => {
    let live = true;
    api<Chain>(`/api/v1/cases/${caseId}/chain`).then(
      (c) => live && setChain(c),
      () => live && setChain('failed'),
    );
    return () => {
      live = false;
    };
  }, [caseId, revision]);

  if (chain === null) return <Tag>{t('chainChecking')}</Tag>;
  if (chain === 'failed') return <Tag>{t('chainUnknown')}</Tag>;
  if (chain.intact) {
    return (
      <Tooltip title={t('chainCheckedAt', { at: shanghaiTime(chain.checkedAt) })}>
        <Tag color="green" icon={<SafetyCertificateOutlined />} data-testid="chain-status">
          {t('chainIntact', { n: chain.events })}
        </Tag>
      </Tooltip>
    );
  }
  return (
    <Tooltip title={chain.firstBreak?.reason}>
      <Tag color="red" icon={<WarningOutlined />} data-testid="chain-status">
        {t('chainBroken', { seq: chain.firstBreak?.seq ?? '?' })}
      </Tag>
    </Tooltip>
  );
}
