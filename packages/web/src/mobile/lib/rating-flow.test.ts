import { describe, expect, it } from 'vitest';
import type { CaseEvent, CaseView } from '../../api/models';
import { translate } from '../../i18n/i18n';
import { afterRatingKey, replyToRate } from './rating-flow';

type Assignment = CaseView['assignments'][number];

const assignment = (over: Partial<Assignment>): Assignment => ({
  id: 'a',
  unit: { id: 'u1', name: '县供电公司' },
  role: 'lead',
  round: 1,
  status: 'replied',
  assignedAt: '2026-03-02T01:00:00.000Z',
  signedAt: null,
  contactedAt: null,
  feedbackAt: null,
  repliedAt: '2026-03-03T01:00:00.000Z',
  replyResult: 'solved',
  replyText: '已完成线路改造',
  ...over,
});

const replied = (seq: number, text: string, unitName = '县供电公司'): CaseEvent => ({
  seq,
  type: 'replied',
  actorId: 'x',
  actorName: '王工',
  unitId: 'u1',
  unitName,
  at: '2026-03-04T01:00:00.000Z',
  payload: { result: 'partly', text },
  hash: 'h',
  prevHash: 'p',
});

describe('replyToRate', () => {
  it('takes the lead unit’s reply of the current round', () => {
    const view = {
      round: 2,
      result: 'solved',
      resultText: 'case text',
      assignments: [
        assignment({ round: 1, replyText: '第一轮答复' }),
        assignment({ id: 'b', round: 2, replyText: '第二轮答复', replyResult: 'partly' }),
        assignment({ id: 'c', round: 2, role: 'co', replyText: '协办答复' }),
      ],
    };
    expect(replyToRate(view, [])).toEqual({
      unitName: '县供电公司',
      at: '2026-03-03T01:00:00.000Z',
      result: 'partly',
      text: '第二轮答复',
    });
  });

  it('falls back to the last replied event, then to the case’s result, else nothing', () => {
    const view = { round: 1, result: 'solved', resultText: '办结说明', assignments: [] };
    expect(replyToRate(view, [replied(3, '较早'), replied(7, '最新')])?.text).toBe('最新');
    expect(replyToRate(view, [])).toEqual({ unitName: null, at: null, result: 'solved', text: '办结说明' });
    expect(replyToRate({ ...view, resultText: null }, [])).toBeNull();
  });
});

describe('afterRatingKey', () => {
  it('says what follows the rating in each state it leaves', () => {
    const say = (status: string) => translate('zh-CN', afterRatingKey(status), { round: 2 });
    expect(say('redo')).toBe('承办单位将重新办理（第 2 轮），办结后请您再次评价。');
    expect(say('review')).toContain('审核');
    expect(say('closed')).toContain('已办结销号');
    expect(say('rated')).toContain('营商办确认后');
  });
});
