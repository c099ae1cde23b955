import { describe, expect, it } from 'vitest';
import {
  MESSAGE_TEMPLATE_DEFAULTS,
  messageText,
  NOTIFICATION_TEXT_KEYS,
  unknownPlaceholders,
} from './notification-rules.js';
import { profileProblems, ProfileSchema } from './profile.js';

const minimal = {
  code: 'ta',
  version: 1,
  name: '测试甲县',
  calendar: { periods: [['08:30', '12:00']], note: '通用作息时间' },
  rating: {
    scale: 'binary',
    satisfiedMinScore: 4,
    labels: [
      { score: 5, zh: '满意', en: 'Satisfied' },
      { score: 1, zh: '不满意', en: 'Unsatisfied' },
    ],
    note: '满意或不满意',
  },
  loop: { revisitBeforeClose: false, complexDispatchByLeader: false, note: '通用闭环' },
  clocks: [],
  cards: { note: '不设亮牌' },
  handoffs: { unsatisfiedToDiscipline: false, redCardTo: [], note: '不移交' },
};

describe('message templates', () => {
  it('has a default zh-CN text for every text of the catalogue, using only known placeholders', () => {
    for (const key of NOTIFICATION_TEXT_KEYS) {
      expect(MESSAGE_TEMPLATE_DEFAULTS[key], key).toMatch(/[\u4e00-\u9fff]/);
      expect(unknownPlaceholders(MESSAGE_TEMPLATE_DEFAULTS[key]), key).toEqual([]);
    }
  });

  it('fills the case number and title into the default text', () => {
    expect(messageText(undefined, 'caseReplied', { number: 'TA-2026-000001', title: '厂房消防验收' })).toBe(
      '您的诉求 TA-2026-000001“厂房消防验收”已办结答复，请登录查看并评价。',
    );
  });

  it('uses the jurisdiction’s own text where its profile has one, the default elsewhere', () => {
    const templates = { caseReplied: '【企呼我应】{number} 已办结：{title}，请评价' };
    expect(messageText(templates, 'caseReplied', { number: 'KH-1', title: '用电' })).toBe(
      '【企呼我应】KH-1 已办结：用电，请评价',
    );
    expect(messageText(templates, 'caseRejected', { number: 'KH-1', title: '用电' })).toContain('未予受理');
  });

  it('shortens a long title to twenty characters', () => {
    const text = messageText({ caseReplied: '{title}' }, 'caseReplied', { number: 'X', title: '一'.repeat(30) });
    expect(text).toBe(`${'一'.repeat(19)}…`);
  });

  it('takes a profile without a notifications section, and one with templates', () => {
    expect(ProfileSchema.parse(minimal).notifications).toBeUndefined();
    const parsed = ProfileSchema.parse({
      ...minimal,
      notifications: { templates: { caseReplied: '{number} 已办结' }, note: '本县短信文本' },
    });
    expect(parsed.notifications?.templates).toEqual({ caseReplied: '{number} 已办结' });
  });

  it('refuses a template with an unknown placeholder or for a text that does not exist', () => {
    expect(
      profileProblems({ ...minimal, notifications: { templates: { caseReplied: '{numbr} 已办结' }, note: '本县' } }),
    ).toEqual([{ path: 'notifications.templates.caseReplied', message: 'unknown placeholder {numbr}' }]);
    expect(
      profileProblems({ ...minimal, notifications: { templates: { caseClosed: '{number} 已销号' }, note: '本县' } }),
    ).not.toEqual([]);
  });
});
