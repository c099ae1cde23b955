import { CASE_STATUSES } from '@qisu/core';
import { describe, expect, it } from 'vitest';
import {
  activeTab,
  homeQueues,
  HUB_ONLY_STATUSES,
  queueLink,
  tabCount,
  tabFilters,
  tabsFor,
  urgentQuery,
  worklistParams,
} from './worklist-tabs';

const url = (s: string) => new URLSearchParams(s);
const counts = {
  total: 30,
  byStatus: { submitted: 4, screening: 3, returned: 1, dispatched: 5, signed: 2, feedback: 1, redo: 2, closed: 12 },
  overdue: 7,
  warned: 2,
};

describe('the worklist tabs of each role', () => {
  it('gives the hub its queues in the order of the loop', () => {
    expect(tabsFor(['hub']).map((t) => t.key)).toEqual([
      'submitted',
      'screening',
      'handling',
      'replied',
      'redo',
      'review',
      'rated',
      'handedUp',
      'overdue',
      'all',
    ]);
    expect(tabsFor(['hub', 'unit_handler'])[0]?.key).toBe('submitted');
  });

  it('never offers a unit a state only the hub meets', () => {
    for (const roles of [['unit_handler'], ['unit_head'], ['unit_handler', 'unit_head']]) {
      const tabs = tabsFor(roles);
      expect(tabs.map((t) => t.label)).toEqual([
        'tabToSign',
        'tabHandling',
        'tabRedo',
        'tabDone',
        'tabOverdue',
        'tabWarned',
        'tabAll',
      ]);
      const offered = tabs.flatMap((t) => t.statuses);
      expect(offered.filter((s) => HUB_ONLY_STATUSES.includes(s))).toEqual([]);
      // Its "all" names every state explicitly, so it never shows a case the hub took back.
      expect(tabs.find((t) => t.key === 'all')?.statuses.length).toBeGreaterThan(0);
    }
  });

  it('gives an enterprise its own words and no clock tab, and others an overdue tab', () => {
    const enterprise = tabsFor(['enterprise']);
    expect(enterprise.some((t) => t.clock)).toBe(false);
    expect(enterprise.map((t) => t.key)).toContain('replied');
    for (const role of ['leader', 'discipline', 'admin', 'liaison']) {
      expect(tabsFor([role]).some((t) => t.clock === 'overdue')).toBe(true);
    }
  });

  it('names every state in a tab for the overseers, and leaves only finished ones to the hub’s "all"', () => {
    const missing = (roles: string[]) => {
      const named = new Set(tabsFor(roles).flatMap((t) => t.statuses));
      return CASE_STATUSES.filter((s) => !named.has(s));
    };
    expect(missing(['leader'])).toEqual([]);
    expect(missing(['hub'])).toEqual(['rejected', 'merged', 'answered', 'closed']);
  });
});

describe('a tab in the URL and its count', () => {
  const hub = tabsFor(['hub']);
  const unit = tabsFor(['unit_handler']);

  it('counts the states of a tab, the clock tabs and all', () => {
    expect(
      tabCount(
        hub.find((t) => t.key === 'screening')!,
        counts,
      ),
    ).toBe(4);
    expect(
      tabCount(
        hub.find((t) => t.key === 'handling')!,
        counts,
      ),
    ).toBe(8);
    expect(
      tabCount(
        hub.find((t) => t.key === 'overdue')!,
        counts,
      ),
    ).toBe(7);
    expect(
      tabCount(
        hub.find((t) => t.key === 'all')!,
        counts,
      ),
    ).toBe(30);
    expect(
      tabCount(
        unit.find((t) => t.key === 'warned')!,
        counts,
      ),
    ).toBe(2);
    // A unit's "all" adds up its own states: the hub-only ones in the scope do not count.
    expect(
      tabCount(
        unit.find((t) => t.key === 'all')!,
        counts,
      ),
    ).toBe(22);
  });

  it('finds the open tab whatever the order of the states, and none for a state no tab has', () => {
    expect(activeTab(hub, url('status=returned,screening'))?.key).toBe('screening');
    expect(activeTab(hub, url('clock=overdue&sort=due'))?.key).toBe('overdue');
    expect(activeTab(hub, url('q=电力'))?.key).toBe('all');
    expect(activeTab(hub, url('status=closed'))).toBeNull();
    expect(activeTab(hub, url('status=screening'))).toBeNull();
    expect(activeTab(unit, url('clock=warned'))?.key).toBe('warned');
  });

  it('sets and clears the URL filters of a tab', () => {
    expect(tabFilters(hub.find((t) => t.key === 'overdue')!)).toEqual({ status: '', clock: 'overdue' });
    expect(tabFilters(hub.find((t) => t.key === 'screening')!)).toEqual({ status: 'screening,returned', clock: '' });
    expect(tabFilters(hub.find((t) => t.key === 'all')!)).toEqual({ status: '', clock: '' });
  });
});

describe('the list a unit opens', () => {
  it('is due-first on the unit’s own states unless the URL says otherwise', () => {
    const opened = worklistParams(url(''), ['unit_handler']);
    expect(opened.get('sort')).toBe('due');
    expect(activeTab(tabsFor(['unit_handler']), opened)?.key).toBe('all');
    expect(worklistParams(url('sort=newest&clock=overdue'), ['unit_head']).toString()).toBe(
      'sort=newest&clock=overdue',
    );
    expect(worklistParams(url('status=redo'), ['unit_head']).toString()).toBe('status=redo&sort=due');
  });

  it('leaves everyone else’s URL alone', () => {
    expect(worklistParams(url(''), ['hub', 'unit_handler']).toString()).toBe('');
    expect(worklistParams(url('status=redo'), ['leader']).toString()).toBe('status=redo');
  });
});

describe('the home page’s queues', () => {
  it('gives the hub its daily round, review named as the unsatisfied queue', () => {
    const queues = homeQueues(['hub']);
    expect(queues.map((q) => q.tab.key)).toEqual(['submitted', 'screening', 'redo', 'review', 'rated', 'overdue']);
    expect(queues.find((q) => q.tab.key === 'review')?.label).toBe('homeUnsatisfied');
    expect(queues.map((q) => queueLink(q.tab))).toEqual([
      '/cases?status=submitted',
      '/cases?status=screening%2Creturned',
      '/cases?status=redo',
      '/cases?status=review',
      '/cases?status=rated',
      '/cases?clock=overdue&sort=due',
    ]);
  });

  it('gives a unit its inbox and never a hub-only state', () => {
    const queues = homeQueues(['unit_handler']);
    expect(queues.map((q) => q.label)).toEqual(['tabToSign', 'tabHandling', 'tabRedo', 'tabOverdue', 'tabWarned']);
    expect(queues.flatMap((q) => q.tab.statuses).filter((s) => HUB_ONLY_STATUSES.includes(s))).toEqual([]);
  });

  it('asks for the most urgent cases due-first, a unit’s among those it still works on', () => {
    expect(urgentQuery(['hub'], 8)).toBe('sort=due&page=1&pageSize=8');
    expect(new URLSearchParams(urgentQuery(['unit_head'], 5)).get('status')).toBe(
      'dispatched,signed,contacted,feedback,redo',
    );
  });
});
