import { Alert, Card, Collapse, Descriptions, Space, Typography } from 'antd';
import { useMemo } from 'react';
import type { CaseHandups } from '../api/models';
import { useI18n } from '../i18n/i18n';
import { describeEvents } from '../lib/case-timeline';
import { shanghaiTime } from '../lib/clock';
import { handupHistoryEvents } from '../lib/handups';
import { useLoad } from '../lib/use-load';
import { CaseTimeline } from './CaseTimeline';
import { StatusTag } from './StatusTag';

/**
 * A case between levels (上报上级 / 下级上报): on the lower case, where it went and where it stands
 * up there; on the upper case, where it came from, why, and the lower level's record as received.
 * Shows nothing for a case that never moved between levels. `revision` reloads it after a command.
 */
export function HandupCard({ caseId, revision }: { caseId: string; revision: number }) {
  const { t, lang } = useI18n();
  const loaded = useLoad<CaseHandups>(`/api/v1/cases/${caseId}/handups?r=${revision}`);
  const from = loaded.data?.from ?? null;
  const entries = useMemo(
    () =>
      from
        ? describeEvents(handupHistoryEvents(from.history), { t, lang, unitName: () => null, scoreLabel: () => null })
        : [],
    [from, t, lang],
  );
  if (loaded.error) return <Alert type="warning" showIcon title={`${t('loadFailed')}: ${loaded.error}`} />;
  const up = loaded.data?.handedUp ?? [];
  if (!from && up.length === 0) return null;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {from && (
        <Card size="small" title={t('huFromTitle')} data-testid="handup-from">
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} bordered>
            <Descriptions.Item label={t('huFromJurisdiction')}>
              {`${from.lowerJurisdictionName} ${from.lowerNumber}`}
            </Descriptions.Item>
            <Descriptions.Item label={t('huHandedAt')}>{shanghaiTime(from.handedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('huHandedBy')}>{from.handedByName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('huReason')} span={3}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{from.reason}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('huReturned')} span={3}>
              {from.returnedAt ? t('huReturnedAt', { at: shanghaiTime(from.returnedAt) }) : t('huNotReturned')}
            </Descriptions.Item>
          </Descriptions>
          <Collapse
            ghost
            style={{ marginTop: 8 }}
            items={[
              {
                key: 'history',
                label: t('huHistory', { count: entries.length }),
                children: <CaseTimeline entries={entries} showHashes={false} />,
              },
            ]}
          />
        </Card>
      )}
      {up.length > 0 && (
        <Card size="small" title={t('huUpTitle')} data-testid="handup-up">
          <Space orientation="vertical" size={8} style={{ width: '100%' }}>
            {up.map((h) => (
              <div key={h.id}>
                <Space wrap>
                  <Typography.Text strong>{`${h.upperJurisdictionName} ${h.upperNumber}`}</Typography.Text>
                  <StatusTag status={h.upperStatus} />
                  <Typography.Text type="secondary">
                    {`${t('round')} ${h.round} · ${shanghaiTime(h.handedAt)} · ${h.handedByName ?? '—'}`}
                  </Typography.Text>
                </Space>
                <div style={{ whiteSpace: 'pre-wrap' }}>{`${t('huReason')}${t('colon')}${h.reason}`}</div>
                <Typography.Text type="secondary">
                  {h.returnedAt
                    ? t(h.returnedTo === 'replied' ? 'huBackReplied' : 'huBackScreening', {
                        at: shanghaiTime(h.returnedAt),
                      })
                    : t('huWaiting')}
                </Typography.Text>
              </div>
            ))}
          </Space>
        </Card>
      )}
    </Space>
  );
}
