import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../api/models';
import type { Lang } from '../i18n/i18n';
import { translate } from '../i18n/i18n';
import type { EventContext, EventEntry } from './case-timeline';
import { describeEvent, describeEvents, lastDispatch } from './case-timeline';

const UNITS: Record<string, string> = { u1: '县住建局', u2: '县自然资源局', u3: '城关镇' };

const ctx = (lang: Lang = 'zh-CN', labels: Record<number, string> = {}): EventContext => ({
  t: (key, params) => translate(lang, key, params),
  lang,
  unitName: (id) => UNITS[id] ?? null,
  scoreLabel: (score) => labels[score] ?? null,
});

let seq = 0;
const event = (type: string, payload: Record<string, unknown>, extra: Partial<CaseEvent> = {}): CaseEvent => ({
  seq: ++seq,
  type,
  actorId: 'a1',
  actorName: '王敏',
  unitId: 'u1',
  unitName: '县住建局',
  at: '2026-03-02T02:30:00.000Z',
  payload,
  hash: 'f'.repeat(64),
  prevHash: '0'.repeat(64),
  ...extra,
});

/** The fields as "label: text" lines, the way a reader takes them in. */
const lines = (entry: EventEntry) => entry.fields.map((f) => `${f.label}：${f.text}`);

describe('describeEvent', () => {
  it('names the dispatch’s lead unit, co-units by id, complexity, category and note', () => {
    const entry = describeEvent(
      event('dispatched', {
        leadUnitId: 'u1',
        leadUnitName: '县住建局',
        coUnitIds: ['u2', 'u3'],
        complexity: 'complex',
        note: '请于两日内联系企业\n并现场查看',
        categoryName: '城建',
      }),
      ctx(),
    );
    expect(entry.title).toBe('交办');
    expect(entry.who).toBe('王敏（县住建局）');
    expect(lines(entry)).toEqual([
      '牵头单位：县住建局',
      '协办单位：县自然资源局，城关镇',
      '复杂程度：复杂',
      '诉求分类：城建',
      '交办意见：请于两日内联系企业\n并现场查看',
    ]);
    expect(entry.fields.find((f) => f.label === '交办意见')?.written).toBe(true);
    expect(entry.fields.find((f) => f.label === '牵头单位')?.written).toBe(false);
  });

  it('shows a reply’s result in words with its text', () => {
    const entry = describeEvent(event('replied', { role: 'lead', result: 'partly', text: '已协调供电公司' }), ctx());
    expect(lines(entry)).toEqual(['办理结果：部分解决', '答复内容：已协调供电公司']);
    expect(entry.tone).toBe('orange');
  });

  it('shows a rating by its label and comment, never as a bare score, and says a redo follows', () => {
    const entry = describeEvent(
      event('rated', {
        score: 1,
        label: '不满意',
        satisfied: false,
        comment: '问题没有解决',
        to: 'redo',
        round: 2,
        toDiscipline: true,
      }),
      ctx(),
    );
    expect(lines(entry)).toEqual([
      '评价结果：不满意',
      '评价意见：问题没有解决',
      '后续处理：退回承办单位重新办理（第 2 轮），纪委监委可查阅此件',
    ]);
    expect(entry.fields.some((f) => /评分|\b1\b/.test(f.text))).toBe(false);
    expect(entry.tone).toBe('red');
  });

  it('prefers the scale’s label in the user’s language, and falls back to the score in words', () => {
    const rated = event('rated', { score: 4, label: '比较满意', satisfied: true, comment: null, to: 'rated' });
    expect(lines(describeEvent(rated, ctx('en-US', { 4: 'Quite satisfied' })))).toEqual([
      'Rating：Quite satisfied (satisfied)',
    ]);
    // English without the scale: the stored Chinese label is not shown to an English reader.
    expect(lines(describeEvent(rated, ctx('en-US')))).toEqual(['Rating：score 4 (satisfied)']);
    expect(lines(describeEvent(rated, ctx('zh-CN')))).toEqual(['评价结果：比较满意（满意）']);
  });

  it('reads reasons, answers, merges and extension decisions', () => {
    expect(lines(describeEvent(event('returned', { reason: '不属于本单位职责', unitId: 'u1' }), ctx()))).toEqual([
      '原因：不属于本单位职责',
    ]);
    expect(lines(describeEvent(event('rejected', { reason: '非涉企诉求' }), ctx()))).toEqual(['原因：非涉企诉求']);
    expect(lines(describeEvent(event('answered', { text: '依据某政策第三条' }), ctx()))).toEqual([
      '答复内容：依据某政策第三条',
    ]);
    expect(lines(describeEvent(event('merged', { intoCaseId: 'c', intoNumber: 'KH-2026-000007' }), ctx()))).toEqual([
      '并入诉求：KH-2026-000007',
    ]);
    const requested = describeEvent(
      event('extension_requested', { reason: '需要跨部门会商', until: '2026-03-10T09:30:00.000Z' }),
      ctx(),
    );
    expect(lines(requested)).toEqual(['延期至：2026-03-10 17:30', '原因：需要跨部门会商']);
    const denied = describeEvent(
      event('extension_decided', { approve: false, until: '2026-03-10T09:30:00.000Z', note: '时间充足' }),
      ctx(),
    );
    expect(lines(denied)).toEqual(['审批结果：不同意', '备注：时间充足']);
  });

  it('reads supervision with and without a due time, and the response to it', () => {
    const withDue = describeEvent(
      event('supervised', { by: 'leader', instruction: '请加快办理', dueAt: '2026-03-04T01:00:00.000Z' }),
      ctx(),
    );
    expect(lines(withDue)).toEqual(['督办方：领导督办', '督办要求：请加快办理', '反馈期限：2026-03-04 09:00']);
    expect(lines(describeEvent(event('supervised', { by: 'platform', instruction: '尽快' }), ctx()))).toEqual([
      '督办方：平台督办',
      '督办要求：尽快',
    ]);
    const responded = describeEvent(
      event('supervision_responded', { supervisionId: 's1', response: '已约谈企业' }),
      ctx(),
    );
    expect(responded.title).toBe('答复督办');
    expect(lines(responded)).toEqual(['落实情况：已约谈企业']);
  });

  it('reads a hand-up to the level above and the result it sent back', () => {
    const up = describeEvent(
      event('handed_up', {
        reason: '涉及跨县管网',
        upperNumber: 'QZ-2026-000007',
        upperJurisdictionName: '衢州市',
      }),
      ctx(),
    );
    expect(up.title).toBe('上报上级');
    expect(lines(up)).toEqual(['上报至：衢州市', '上级诉求编号：QZ-2026-000007', '原因：涉及跨县管网']);
    const replied = describeEvent(
      event(
        'handup_returned',
        {
          upperNumber: 'QZ-2026-000007',
          upperStatus: 'replied',
          upperUnitName: '市住建局',
          result: 'solved',
          text: '已纳入年度计划',
          to: 'replied',
        },
        { actorId: null, actorName: null, unitName: null },
      ),
      ctx(),
    );
    expect(replied.who).toBe('系统');
    const filed = describeEvent(
      event(
        'created',
        { channel: 'handup', kind: 'help', source: { kind: 'handup', keyId: 'yc', name: '峄城区' } },
        { actorId: null, actorName: null, unitName: null },
      ),
      ctx(),
    );
    expect(filed.who).toBe('峄城区（下级上报）');
    expect(lines(filed)).toEqual(['渠道：下级上报', '类型：求助']);
    const hotline = describeEvent(
      event(
        'created',
        { channel: 'hotline12345', source: { kind: 'intake', keyId: 'kh-demo', name: '12345 热线' } },
        { actorId: null, actorName: null, unitName: null },
      ),
      ctx(),
    );
    expect(hotline.who).toBe('12345 热线（平台接口）');
    expect(lines(replied)).toEqual([
      '上级诉求编号：QZ-2026-000007',
      '上级办理状态：已办结待评价',
      '上级承办单位：市住建局',
      '办理结果：已解决',
      '答复内容：已纳入年度计划',
    ]);
    const refused = describeEvent(
      event('handup_returned', { upperStatus: 'rejected', text: '属县级事权', to: 'screening' }),
      ctx(),
    );
    expect(lines(refused)).toEqual([
      '上级办理状态：不予受理',
      '原因：属县级事权',
      '后续处理：退回本级研判，由本级营商办重新交办或答复',
    ]);
  });

  it('reads revisits, review forms, reviews, escalations, appeals, plans, milestones and closing', () => {
    expect(lines(describeEvent(event('revisited', { method: 'onsite', note: '企业认可' }), ctx()))).toEqual([
      '回访方式：实地回访',
      '备注：企业认可',
    ]);
    expect(
      lines(describeEvent(event('review_form_submitted', { statement: '已尽力协调', signedBy: '李局长' }), ctx())),
    ).toEqual(['签字负责人：李局长', '情况说明：已尽力协调']);
    expect(lines(describeEvent(event('reviewed', { decision: 'redo', opinion: '继续办理' }), ctx()))).toEqual([
      '审核结论：重新办理',
      '审核意见：继续办理',
    ]);
    expect(
      lines(describeEvent(event('escalated', { escalatedTo: 'coordination', reason: '涉及多部门' }), ctx())),
    ).toEqual(['提级至：研判协调小组', '原因：涉及多部门']);
    expect(lines(describeEvent(event('appealed', { reason: '答复不实' }), ctx()))).toEqual(['原因：答复不实']);
    const planned = describeEvent(
      event('planned', {
        text: '分两步解决',
        milestones: [
          { title: '完成评估', dueAt: '2026-04-01T09:30:00.000Z' },
          { title: '完成施工', dueAt: '2026-05-01T09:30:00.000Z' },
        ],
      }),
      ctx(),
    );
    expect(lines(planned)).toEqual([
      '解决方案：分两步解决',
      '方案节点：完成评估：2026-04-01 17:30\n完成施工：2026-05-01 17:30',
    ]);
    expect(
      lines(
        describeEvent(event('milestone_completed', { title: '完成评估', note: '评估报告已出', late: true }), ctx()),
      ),
    ).toEqual(['时限节点：完成评估', '完成情况：逾期完成', '备注：评估报告已出']);
    expect(lines(describeEvent(event('closed', { note: '企业满意' }), ctx()))).toEqual(['备注：企业满意']);
    expect(lines(describeEvent(event('closed', { note: null }), ctx()))).toEqual([]);
  });

  it('names the system for the sweep’s events and reads their clock and card', () => {
    const sweep = { actorId: null, actorName: null, unitId: null, unitName: null };
    const breached = describeEvent(
      event(
        'clock_breached',
        {
          clockId: 'k',
          milestone: 'contact',
          title: null,
          dueAt: '2026-03-02T04:00:00.000Z',
          card: { id: 'c', colour: 'yellow', escalation: null },
          toDiscipline: false,
        },
        sweep,
      ),
      ctx(),
    );
    expect(breached.who).toBe('系统');
    expect(breached.title).toBe('超时');
    expect(lines(breached)).toEqual(['时限节点：联系企业', '到期时间：2026-03-02 12:00', '亮牌：黄牌']);
    const card = describeEvent(
      event(
        'card_issued',
        {
          colour: 'red',
          reason: '2 yellow cards in a row',
          reasonCode: { key: 'consecutive_yellows', count: 2 },
          escalation: 'interview_deputy_head',
          toDiscipline: true,
        },
        sweep,
      ),
      ctx(),
    );
    expect(lines(card)).toEqual(['亮牌：红牌', '原因：连续 2 次黄牌', '约谈：约谈分管负责人', '纪委监委：可查阅此件']);
  });

  it('shows an unknown type by its code without failing, and English words in en-US', () => {
    const unknown = describeEvent(event('something_new', { x: 1 }), ctx());
    expect(unknown.title).toBe('something_new');
    expect(unknown.fields).toEqual([]);
    const en = describeEvent(event('replied', { result: 'solved', text: 'Done' }), ctx('en-US'));
    expect(en.title).toBe('Replied');
    expect(en.who).toBe('王敏 (县住建局)');
    expect(lines(en)).toEqual(['Result：Solved', 'Reply：Done']);
  });
});

describe('describeEvents and lastDispatch', () => {
  it('orders by sequence and finds the dispatch of the current round', () => {
    const a = event('dispatched', { note: '第一次' });
    const b = event('returned', { reason: '错派' });
    const c = event('dispatched', { note: '第二次' });
    expect(describeEvents([c, a, b], ctx()).map((e) => e.seq)).toEqual([a.seq, b.seq, c.seq]);
    expect(lastDispatch([c, a, b])?.payload['note']).toBe('第二次');
    expect(lastDispatch([b])).toBeNull();
  });
});

describe('a file a platform sent as a link', () => {
  it('says which link did not arrive and why, in words, as the system', () => {
    const failed = event(
      'attachment_fetch_failed',
      {
        url: 'https://files.12345.example.cn/a/现场.jpg',
        name: '现场.jpg',
        reason: 'too_large',
        detail: 'more than 10485760 bytes',
        attempts: 1,
        source: { kind: 'intake', keyId: 'kh-12345', name: '12345 热线' },
      },
      { actorId: null, actorName: null, unitId: null, unitName: null },
    );
    const zh = describeEvent(failed, ctx());
    expect(zh.title).toBe('附件下载失败');
    expect(zh.who).toBe('系统');
    expect(lines(zh)).toEqual([
      '文件：现场.jpg',
      '链接：https://files.12345.example.cn/a/现场.jpg',
      '原因：文件超过附件大小上限',
    ]);
    const en = describeEvent(failed, ctx('en-US'));
    expect(en.title).toBe('Attachment not fetched');
    expect(lines(en)).toContain('Reason：The file is larger than the attachment limit');
  });
});
