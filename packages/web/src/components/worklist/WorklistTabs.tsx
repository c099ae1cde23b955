import { Badge, Tabs } from 'antd';
import { codeText, useI18n } from '../../i18n/i18n';
import type { CaseCounts, WorklistTab } from '../../lib/worklist-tabs';
import { tabCount } from '../../lib/worklist-tabs';

interface Props {
  tabs: readonly WorklistTab[];
  /** The tab the URL shows; null when its states match no tab (then they show as a tab of their own). */
  active: WorklistTab | null;
  /** The states of the URL when no tab matches them. */
  otherStatuses: readonly string[];
  /** The clock filter of the URL when no tab matches it. */
  otherClock: string;
  counts: CaseCounts | null;
  onChoose: (tab: WorklistTab) => void;
}

/**
 * The worklist's state tabs, each with its count under the other filters (red for overdue
 * cases). A link or a saved view that asks for states no tab has shows them as an extra tab.
 */
export function WorklistTabs({ tabs, active, otherStatuses, otherClock, counts, onChoose }: Props) {
  const { t } = useI18n();
  const label = (tab: WorklistTab, count: number | null) => (
    <span data-testid={`tab-${tab.key}`}>
      {t(tab.label)}
      <Badge
        count={count ?? '…'}
        showZero
        overflowCount={99_999}
        color={tab.clock === 'overdue' && count ? '#cf1322' : tab.clock === 'warned' && count ? '#d48806' : '#bfbfbf'}
        style={{ marginInlineStart: 6, boxShadow: 'none' }}
        data-testid={`tab-count-${tab.key}`}
      />
    </span>
  );
  const items = tabs.map((tab) => ({ key: tab.key, label: label(tab, counts ? tabCount(tab, counts) : null) }));
  if (!active) {
    const custom: WorklistTab = { key: 'custom', label: 'tabCustom', statuses: [] };
    const states = [
      ...otherStatuses.map((s) => codeText(t, 'status', s)),
      ...(otherClock === 'overdue' || otherClock === 'warned' ? [t(otherClock)] : []),
    ].join('、');
    // A count is known only for states alone; with a clock as well the list's total tells it.
    const count = counts && !otherClock ? otherStatuses.reduce((sum, s) => sum + (counts.byStatus[s] ?? 0), 0) : null;
    items.push({
      key: custom.key,
      label: (
        <span data-testid="tab-custom">
          {t('tabCustom', { states })}
          {count !== null && (
            <Badge count={count} showZero color="#bfbfbf" style={{ marginInlineStart: 6, boxShadow: 'none' }} />
          )}
        </span>
      ),
    });
  }
  return (
    <Tabs
      activeKey={active?.key ?? 'custom'}
      items={items}
      onChange={(key) => {
        const tab = tabs.find((x) => x.key === key);
        if (tab) onChoose(tab);
      }}
      style={{ marginBottom: 4 }}
    />
  );
}
