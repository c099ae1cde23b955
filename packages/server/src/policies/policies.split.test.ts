import { describe, expect, it } from 'vitest';
import { demoPolicies } from '../demo/demo.service.js';
import { cutAtSentences, headingOf, MAX_PASSAGE_CHARS, splitPolicyText } from './policies.split.js';

describe('headingOf', () => {
  it('knows the heading styles of Chinese policy texts and names each', () => {
    expect(headingOf('第十二条 规范涉企收费。')).toEqual({ kind: 'article', label: '第十二条' });
    expect(headingOf('第 3 条 适用范围')).toEqual({ kind: 'article', label: '第3条' });
    expect(headingOf('第二章 扶持措施')).toEqual({ kind: 'chapter', label: '第二章' });
    expect(headingOf('三、市场准入')).toEqual({ kind: 'cn', label: '三、' });
    expect(headingOf('（十一）施工许可。')).toEqual({ kind: 'paren', label: '（十一）' });
    expect(headingOf('(二)联合验收')).toEqual({ kind: 'paren', label: '（二）' });
    expect(headingOf('2. 问：如何申请？')).toEqual({ kind: 'num', label: '2.' });
    expect(headingOf('（3）提交材料')).toEqual({ kind: 'parenNum', label: '（3）' });
  });

  it('does not take amounts, dates or ordinary sentences for headings', () => {
    expect(headingOf('1.5万元以下的部分免征')).toBeNull();
    expect(headingOf('2026年1月1日起施行')).toBeNull();
    expect(headingOf('企业应当按时申报。')).toBeNull();
  });
});

describe('splitPolicyText', () => {
  it('takes the first line as the title, splits at 第X条 and keeps each heading as the article', () => {
    const doc = splitPolicyText(
      [
        '《某县稳岗扶持办法》',
        '某政办发〔2026〕7号',
        '为稳定就业岗位，支持企业发展，结合本县实际，制定本办法。',
        '第一条 稳岗返还。上年度未裁员的企业，按其上年度实际缴纳失业保险费的60%返还。',
        '第二条 社保补贴。企业招用就业困难人员并缴纳社会保险费的，给予社会保险补贴。',
      ].join('\n'),
    );
    expect(doc.title).toBe('某县稳岗扶持办法');
    expect(doc.docNumber).toBe('某政办发〔2026〕7号');
    expect(doc.passages).toEqual([
      { article: null, text: '为稳定就业岗位，支持企业发展，结合本县实际，制定本办法。' },
      { article: '第一条', text: '第一条 稳岗返还。上年度未裁员的企业，按其上年度实际缴纳失业保险费的60%返还。' },
      { article: '第二条', text: '第二条 社保补贴。企业招用就业困难人员并缴纳社会保险费的，给予社会保险补贴。' },
    ]);
  });

  it('nests 一、 and （一） into one article name and folds a section title into its first item', () => {
    const doc = splitPolicyText(
      [
        '一、工程建设',
        '（一）施工许可。工程投资额在30万元以下的建筑工程，可以不申请办理施工许可证。',
        '（二）联合验收。工程竣工后实行联合验收，测绘成果在各部门共享互认。',
        '二、市场准入',
        '（一）食品生产许可。许可证有效期届满需要延续的，应当在届满30个工作日前提出申请。',
      ].join('\n'),
      '某县审批服务指南',
    );
    expect(doc.title).toBeNull();
    expect(doc.passages.map((p) => p.article)).toEqual(['一、（一）', '一、（二）', '二、（一）']);
    expect(doc.passages[0]?.text).toBe(
      '一、工程建设\n（一）施工许可。工程投资额在30万元以下的建筑工程，可以不申请办理施工许可证。',
    );
    expect(doc.passages[2]?.text.startsWith('二、市场准入\n（一）食品生产许可。')).toBe(true);
  });

  it('does not repeat a first line equal to the given title, and numbers Q&A items', () => {
    const doc = splitPolicyText(
      '惠企政策问答\r\n1. 问：小规模纳税人有哪些优惠？\r\n答：月销售额10万元以下的，免征增值税。\r\n\r\n2. 问：残保金如何减免？\r\n答：在职职工30人以下的企业暂免征收。',
      '《惠企政策问答》',
    );
    expect(doc.title).toBe('惠企政策问答');
    expect(doc.passages).toEqual([
      { article: '1.', text: '1. 问：小规模纳税人有哪些优惠？\n答：月销售额10万元以下的，免征增值税。' },
      { article: '2.', text: '2. 问：残保金如何减免？\n答：在职职工30人以下的企业暂免征收。' },
    ]);
  });

  it('joins a tiny closing article to the passage before it', () => {
    const doc = splitPolicyText(
      '第一条 企业开办。企业登记、公章刻制、发票申领通过一网通办平台全程网办，1个工作日内办结。\n第二条 本办法自发布之日起施行。',
    );
    expect(doc.passages).toHaveLength(1);
    expect(doc.passages[0]).toMatchObject({ article: '第一条、第二条' });
    expect(doc.passages[0]?.text.endsWith('第二条 本办法自发布之日起施行。')).toBe(true);
  });

  it('cuts a passage over the limit at sentence ends, each piece keeping its article', () => {
    const sentence = '企业实施技术改造项目的，按设备投资额的百分之十给予补助，由工业和信息化部门会同财政部门审核。';
    const doc = splitPolicyText(`第九条 ${sentence.repeat(20)}`);
    expect(doc.passages.length).toBeGreaterThan(1);
    for (const p of doc.passages) {
      expect(p.article).toBe('第九条');
      expect(p.text.length).toBeLessThanOrEqual(MAX_PASSAGE_CHARS);
      expect(p.text.endsWith('。')).toBe(true);
    }
    expect(doc.passages.map((p) => p.text).join('')).toBe(`第九条 ${sentence.repeat(20)}`);
  });

  it('splits text without headings by paragraphs and returns nothing for blank text', () => {
    const doc = splitPolicyText(
      '这是一份没有条款编号的通知，说明了政策的申报时间和申报方式。\n\n企业可在政务服务平台惠企政策专区在线提交申请。',
      '通知',
    );
    expect(doc.passages).toEqual([
      {
        article: null,
        text: '这是一份没有条款编号的通知，说明了政策的申报时间和申报方式。\n企业可在政务服务平台惠企政策专区在线提交申请。',
      },
    ]);
    expect(splitPolicyText(' \n\u3000\n').passages).toEqual([]);
  });

  it('splits every demo document into passages of at most the limit, with articles', () => {
    for (const p of demoPolicies('kh')) {
      const doc = splitPolicyText(p.text, p.title);
      expect(doc.passages.length, p.title).toBeGreaterThan(5);
      expect(doc.passages.filter((x) => x.article !== null).length, p.title).toBeGreaterThan(5);
      for (const x of doc.passages) expect(x.text.length).toBeLessThanOrEqual(MAX_PASSAGE_CHARS);
    }
  });
});

describe('cutAtSentences', () => {
  it('cuts a sentence longer than the limit at commas, then hard', () => {
    const pieces = cutAtSentences(`${'甲'.repeat(30)}，${'乙'.repeat(30)}，${'丙'.repeat(70)}。`, 40);
    expect(pieces.every((p) => p.length <= 40)).toBe(true);
    expect(pieces.join('')).toBe(`${'甲'.repeat(30)}，${'乙'.repeat(30)}，${'丙'.repeat(70)}。`);
  });
});
