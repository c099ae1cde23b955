import { Space, Tag, Tooltip, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useSession } from '../../auth/session';
import { codeText, useI18n } from '../../i18n/i18n';
import type { DueFacts } from '../../lib/deadline';
import { DUE_TONE_COLOURS, dueDisplay } from '../../lib/deadline';
import { isUnitInbox } from '../../lib/worklist-tabs';

/**
 * A row's nearest time limit: the countdown (`剩 2 天 3 小时` / `已超期 1 天`, red when the
 * server says it has passed, amber when it warns), the milestone's name beside it and the due
 * time (Shanghai) on hover. In a unit's list a limit that is not the unit's own is grey.
 */
export function DueCell({ row }: { row: DueFacts }) {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const viewerUnit = isUnitInbox(user?.roles ?? []) ? (user?.unitId ?? null) : null;
  const shown = dueDisplay(row, Date.now(), lang, viewerUnit);
  if (!shown) return <Typography.Text type="secondary">—</Typography.Text>;
  // Whose lateness it is: the unit that owns the limit, or the hub for its own (screening, revisit).
  const owner = t('dlOwner', { owner: row.dueUnitName ?? (row.dueUnitId ? '—' : t('dlOwnerHub')) });
  const hint = [t('dlDueAt', { time: shown.at }), owner, shown.tone === 'other' ? t('dlOtherUnit') : '']
    .filter(Boolean)
    .join(' · ');
  return (
    <Tooltip title={hint}>
      <span data-testid="due-cell" data-tone={shown.tone}>
        <span
          style={{
            color: DUE_TONE_COLOURS[shown.tone],
            fontWeight: shown.tone === 'overdue' ? 600 : undefined,
            whiteSpace: 'nowrap',
          }}
        >
          {shown.text}
        </span>
        {row.dueMilestone && (
          <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12, whiteSpace: 'nowrap' }}>
            {codeText(t, 'milestone', row.dueMilestone)}
          </Typography.Text>
        )}
      </span>
    </Tooltip>
  );
}

/** The 督办 tag of a case whose supervision awaits its response. */
export function SupervisedTag() {
  const { t } = useI18n();
  return (
    <Tooltip title={t('dlSupervisedHint')}>
      <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="supervised-tag">
        {t('dlSupervised')}
      </Tag>
    </Tooltip>
  );
}

/** The number of a case as a link to its page, with the 督办 tag when a supervision is open. */
export function CaseNumberCell({ row }: { row: { id: string; number: string; supervised?: boolean } }) {
  return (
    <Space size={4} wrap={false}>
      <Link to={`/cases/${row.id}`} style={{ whiteSpace: 'nowrap' }}>
        {row.number}
      </Link>
      {row.supervised && <SupervisedTag />}
    </Space>
  );
}

/**
 * The columns every case list shares, so the worklist, the home page and the oversight lists
 * show a case the same way: its number (with 督办), the enterprise and the nearest time limit.
 */
export function useCaseColumns() {
  const { t } = useI18n();
  return {
    number: {
      title: t('number'),
      key: 'number',
      width: 170,
      render: (_: unknown, r: { id: string; number: string; supervised?: boolean }) => <CaseNumberCell row={r} />,
    },
    enterprise: {
      title: t('enterprise'),
      key: 'enterprise',
      width: 180,
      ellipsis: true,
      render: (_: unknown, r: { enterpriseName: string | null }) => r.enterpriseName ?? '—',
    },
    due: {
      title: t('dlColumn'),
      key: 'due',
      width: 190,
      render: (_: unknown, r: DueFacts) => <DueCell row={r} />,
    },
  };
}
