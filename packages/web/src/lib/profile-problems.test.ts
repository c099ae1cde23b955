import { DURATION_PROBLEM } from '@qisu/core';
import { ProfileSchema } from '@qisu/core';
import { describe, expect, it } from 'vitest';
import { profileProblemText } from './profile-problems';

const zh = (p: string) => profileProblemText(p, 'zh-CN');

describe('profileProblemText', () => {
  it('says zod’s own sentences in Chinese, with the values they name', () => {
    expect(zh('Invalid input: expected number, received string')).toBe('类型不对：应为数字，实际为文字');
    expect(zh('Invalid input: expected boolean, received undefined')).toBe('缺少此项：应填写是否值（true/false）');
    expect(zh('Invalid option: expected one of "binary"|"4-level"|"5-level"')).toBe(
      '取值无效：应为以下之一：binary、4-level、5-level',
    );
    expect(zh('Too small: expected number to be >=1')).toBe('数值过小：应不小于 1');
    expect(zh('Too big: expected number to be <1')).toBe('数值过大：应小于 1');
    expect(zh('Too small: expected string to have >=2 characters')).toBe('过短：至少 2 个字符');
    expect(zh('Too big: expected string to have <=2000 characters')).toBe('过长：最多 2000 个字符');
    expect(zh('Too small: expected array to have >=2 items')).toBe('项数不足：至少 2 项');
    expect(zh('Unrecognized keys: "foo", "bar"')).toBe('无法识别的配置项：foo、bar');
    expect(zh('Invalid input: expected "yellow"')).toBe('取值无效：应为 yellow');
    expect(zh('must be tz')).toBe('应为 tz（本辖区的代码）');
  });

  it('says the schema’s own sentences in Chinese', () => {
    expect(zh(DURATION_PROBLEM)).toMatch(/^时限格式不正确/);
    expect(zh('each score once')).toBe('每个分值只能对应一个评价档次');
    expect(zh('unknown placeholder {numbr}')).toMatch(/^短信\/微信模板中有无法识别的占位符：\{numbr\}/);
  });

  it('translates every problem core’s schema gives for broken documents', () => {
    const broken = [
      {},
      {
        code: 'X',
        version: 0,
        name: 'a',
        calendar: { periods: [['8:30', '07:00']], note: 'x' },
        rating: { scale: 'ten' },
      },
      {
        code: 'ta',
        version: 1,
        name: '测试',
        calendar: {
          periods: [
            ['14:00', '17:30'],
            ['08:30', '12:00'],
          ],
          note: '通用值',
        },
        rating: {
          scale: '4-level',
          satisfiedMinScore: 9,
          labels: [
            { score: 1, zh: '差', en: 'bad' },
            { score: 1, zh: '差', en: 'bad' },
          ],
          note: '通用值',
        },
        loop: { reviewAfterRounds: 0, revisitBeforeClose: 'no', complexDispatchByLeader: false, note: '通用值' },
        clocks: [{ milestone: 'resolve', duration: '5 days', warn: { before: '2d' }, note: '通用值' }],
        cards: { consecutiveRedsToLeader: 2, note: '通用值' },
        handoffs: { unsatisfiedToDiscipline: false, redCardTo: ['mayor'], note: '通用值' },
        extra: true,
      },
    ];
    for (const doc of broken) {
      const parsed = ProfileSchema.safeParse(doc);
      expect(parsed.success).toBe(false);
      for (const issue of parsed.error?.issues ?? []) {
        const text = zh(issue.message);
        // Every sentence is turned into Chinese: no English sentence is left.
        expect(text, issue.message).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it('leaves English as the server wrote it, and an unknown sentence as it is', () => {
    expect(profileProblemText('Too small: expected number to be >=1', 'en-US')).toBe(
      'Too small: expected number to be >=1',
    );
    expect(zh('something new')).toBe('something new');
  });
});
