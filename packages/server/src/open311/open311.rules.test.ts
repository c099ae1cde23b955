import { describe, expect, it } from 'vitest';
import type { CaseStatus } from '@qisu/core';
import { CASE_STATUSES, TERMINAL_STATUSES } from '@qisu/core';
import {
  caseStatusesOf,
  caseTextOf,
  contactNameOf,
  contactPhoneOf,
  open311Status,
  parseW3cDate,
  statusNotes,
  w3cShanghai,
} from './open311.rules.js';

const facts = (status: CaseStatus, texts: Partial<Parameters<typeof statusNotes>[0]> = {}) => ({
  status,
  rejectReason: null,
  answerText: null,
  resultText: null,
  feedbackText: null,
  ...texts,
});

describe('Open311 status of a case', () => {
  it.each(CASE_STATUSES.map((s) => [s]))('reads %s as closed exactly when the loop is finished', (status) => {
    expect(open311Status(status)).toBe(TERMINAL_STATUSES.includes(status) ? 'closed' : 'open');
  });

  it('selects the case states of an Open311 status filter', () => {
    expect(caseStatusesOf(['closed'], CASE_STATUSES).sort()).toEqual(['answered', 'closed', 'merged', 'rejected']);
    expect(caseStatusesOf(['open', 'closed'], CASE_STATUSES)).toEqual([...CASE_STATUSES]);
    expect(caseStatusesOf(['open'], CASE_STATUSES)).toContain('replied');
  });
});

describe('status_notes', () => {
  it('tells the enterprise’s own words of each stage, masked, and nothing internal', () => {
    expect(statusNotes(facts('rejected', { rejectReason: '非涉企事项' }), 'zh')).toBe('不予受理：非涉企事项');
    expect(statusNotes(facts('answered', { answerText: '可在线申请' }), 'en')).toBe('Answered：可在线申请');
    expect(statusNotes(facts('replied', { resultText: '请联系 13812345678 领取' }), 'zh')).toBe(
      '已办结，等待评价：请联系 138****5678 领取',
    );
    expect(statusNotes(facts('feedback', { feedbackText: '已查看现场' }), 'zh')).toBe(
      '承办单位已初步反馈，正在办理：已查看现场',
    );
    // A returned case reads as being screened: the return reason is the units' business.
    expect(statusNotes(facts('returned', { resultText: '旧答复' }), 'zh')).toBe('已受理，正在研判');
    // A case being redone does not show the reply the enterprise found wanting.
    expect(statusNotes(facts('redo', { resultText: '旧答复' }), 'zh')).toBe('评价不满意，正在重新办理');
    expect(statusNotes(facts('closed', { resultText: '  ' }), 'zh')).toBe('已办结销号');
  });
});

describe('a request as a case', () => {
  it('takes the first sentence as the title and keeps attributes and media as labelled lines', () => {
    const text = caseTextOf({
      serviceName: '供电与报装',
      description: '园区停电。已经三天了\n请尽快处理',
      attributes: [{ code: 'phase', label: 'phase', values: ['三相', '380V'] }],
      addressString: '华埠镇',
      lat: 29.1,
      long: 118.4,
      mediaUrl: 'https://img.example.cn/a.jpg',
    });
    expect(text.title).toBe('园区停电');
    expect(text.content).toBe(
      '园区停电。已经三天了\n请尽快处理\n\n【附加信息 / Attributes】\nphase：三相、380V\n\n【图片或附件链接 / Media】https://img.example.cn/a.jpg',
    );
    expect(text.location).toBe('华埠镇（29.1,118.4）');
  });

  it('cuts a long first line, and names the service when there is no description', () => {
    expect(caseTextOf({ serviceName: 'x', description: '长'.repeat(40), attributes: [] }).title).toBe(
      `${'长'.repeat(30)}…`,
    );
    const bare = caseTextOf({ serviceName: '供电与报装', attributes: [], addressId: 'A-7' });
    expect(bare).toEqual({ title: '供电与报装', content: '供电与报装', location: 'address_id A-7' });
    expect(caseTextOf({ serviceName: 's', attributes: [], lat: 1, long: 2 }).location).toBe('1,2');
  });

  it('writes a Chinese name family name first, any other first last', () => {
    expect(contactNameOf('小明', '王')).toBe('王小明');
    expect(contactNameOf('Ada', 'Lovelace')).toBe('Ada Lovelace');
    expect(contactNameOf('', ' ')).toBeNull();
    expect(contactNameOf(undefined, '王')).toBe('王');
  });

  it('keeps a mainland mobile or a landline, and nothing else', () => {
    expect(contactPhoneOf('+86 138-1234-5678')).toBe('13812345678');
    expect(contactPhoneOf('0086 13812345678')).toBe('13812345678');
    expect(contactPhoneOf('0570-6012345')).toBe('0570-6012345');
    expect(contactPhoneOf('555-5555')).toBeNull();
    expect(contactPhoneOf('12812345678')).toBeNull();
  });
});

describe('GeoReport dates', () => {
  it('reads W3C date-times with their zone and days as Shanghai midnight', () => {
    expect(parseW3cDate('2026-11-02T08:00:00Z')?.toISOString()).toBe('2026-11-02T08:00:00.000Z');
    expect(parseW3cDate('2026-11-02T08:00:00+08:00')?.toISOString()).toBe('2026-11-02T00:00:00.000Z');
    expect(parseW3cDate('2026-11-02')?.toISOString()).toBe('2026-11-01T16:00:00.000Z');
    for (const bad of ['2026-02-30', '2026-11-02T08:00:00', 'yesterday', '1e9', ''])
      expect(parseW3cDate(bad)).toBeNull();
  });

  it('writes times in Shanghai with the offset', () => {
    expect(w3cShanghai(new Date('2026-11-02T16:30:00Z'))).toBe('2026-11-03T00:30:00+08:00');
  });
});
