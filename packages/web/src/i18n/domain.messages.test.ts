import { describe, expect, it } from 'vitest';
import {
  CASE_COMMANDS,
  CASE_KINDS,
  CASE_STATUSES,
  CHANNELS,
  COMPLEXITIES,
  MILESTONES,
  REPLY_RESULTS,
  ROLES,
  UNIT_KINDS,
} from '@qisu/core';
import type { CodeList } from './i18n';
import { codeText, isMessageKey, translate } from './i18n';

const LISTS: [CodeList, readonly string[]][] = [
  ['status', CASE_STATUSES],
  ['command', CASE_COMMANDS],
  ['unitKind', UNIT_KINDS],
  ['role', ROLES],
  ['caseKind', CASE_KINDS],
  ['channel', CHANNELS],
  ['complexity', COMPLEXITIES],
  ['result', REPLY_RESULTS],
  ['milestone', MILESTONES],
];

describe('texts of core’s lists', () => {
  it.each(LISTS)('has a zh-CN and an en-US text for every member of core’s %s list', (list, codes) => {
    const missing = codes.filter((code) => {
      const key = `${list}.${code}`;
      if (!isMessageKey(key)) return true;
      const zh = translate('zh-CN', key);
      const en = translate('en-US', key);
      return !zh || !en || zh === key || /[\u4e00-\u9fff]/.test(en);
    });
    expect(missing).toEqual([]);
  });

  it('names a status as core does, so the console and the server’s messages agree', () => {
    expect(translate('zh-CN', 'status.replied')).toBe('已办结待评价');
    expect(translate('en-US', 'status.replied')).toBe('Replied, awaiting rating');
  });

  it('shows a code it has no text for as it is', () => {
    const t = (key: Parameters<typeof translate>[1]) => translate('en-US', key);
    expect(codeText(t, 'status', 'dispatched')).toBe('Dispatched');
    expect(codeText(t, 'event', 'something_new')).toBe('something_new');
  });
});
