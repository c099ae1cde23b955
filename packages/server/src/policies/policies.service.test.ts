import { Document, Packer, Paragraph } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { loadDemoData } from '../demo/demo-data.js';
import { seedDemoPolicies } from '../demo/demo.service.js';
import { ENGINES } from '../testing/engines.js';
import type { World } from '../testing/world.js';
import { seedWorld } from '../testing/world.js';
import { BM25_B, BM25_K1 } from './policies.repository.js';
import { createCase } from '../cases/cases.service.js';
import {
  casePolicyPassages,
  createPolicy,
  highlightTerms,
  PASSAGE_FLOOR,
  deletePolicy,
  getPolicy,
  importPolicy,
  listPolicies,
  passageTerms,
  queryTerms,
  rankForQuestion,
  readPolicyFile,
  searchPolicies,
} from './policies.service.js';
import { TEST_PII } from '../testing/pii.js';

const SUPPORT = [
  '某县稳岗扶持办法',
  '第一条 稳岗返还。上年度未裁员的企业，按其上年度实际缴纳失业保险费的60%返还，实行免申即享。',
  '第二条 创业担保贷款。小微企业新招用高校毕业生达到职工人数15%的，可申请最高400万元创业担保贷款，财政给予贴息。',
  '第三条 房租减免。承租国有房产的小微企业和个体工商户，本年度减免3个月租金。',
  '第四条 企业开办。企业登记、公章刻制、发票申领全程网办，1个工作日内办结。',
].join('\n');

/** "企业" in every passage, three times in one; "锅炉" in one passage only. */
const COMMON_AND_RARE = [
  '企业服务规定',
  '第一条 企业应当按时报送企业年度报告，企业对报告内容的真实性负责。',
  '第二条 燃煤锅炉应当在年底前完成清洁能源改造，改造费用给予适当补助。',
  '第三条 企业申请补助的，应当提交营业执照和项目材料。',
  '第四条 企业对审核结果有异议的，可以申请复核。',
].join('\n');

const docxOf = (...paragraphs: string[]) =>
  Packer.toBuffer(new Document({ sections: [{ children: paragraphs.map((p) => new Paragraph(p)) }] }));

describe('terms', () => {
  it('segments passages and questions alike, without placeholders of personal data', () => {
    expect(passageTerms('创业担保贷款贴息')).toEqual(['创业', '担保', '贷款', '贴息']);
    expect(passageTerms('咨询电话13812345678')).not.toContain('<phone>');
    expect(queryTerms('创业担保贷款贴息，担保贷款')).toEqual(['创业', '担保', '贷款', '贴息']);
    // jieba keeps 贷款额度 whole; its bigrams let a question about 额度 find it.
    expect(passageTerms('贷款额度')).toEqual(['贷款额度', '贷款', '款额', '额度']);
  });
});

describe('highlightTerms', () => {
  it('marks words of two or more characters only, whole, never their pieces nor single characters', () => {
    expect(highlightTerms(['企', '业用', '工业', '工业用地', '用地', '额度', '60', '小'])).toEqual([
      '工业用地',
      '额度',
    ]);
  });
});

describe('readPolicyFile', () => {
  it('reads a .docx with mammoth and UTF-8 text without its byte-order mark', async () => {
    const docx = await docxOf('某县惠企措施', '第一条 稳岗返还实行免申即享。');
    expect(await readPolicyFile({ bytes: docx })).toEqual({
      format: 'docx',
      text: expect.stringContaining('第一条 稳岗返还实行免申即享。') as string,
    });
    const text = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('第一条 企业开办一日办结。')]);
    expect(await readPolicyFile({ bytes: text })).toEqual({ format: 'text', text: '第一条 企业开办一日办结。' });
  });

  it('refuses empty, GBK, binary, .doc and broken .docx files with a 400 on field file', async () => {
    const gbk = Buffer.from([0xc6, 0xf3, 0xd2, 0xb5, 0xbf, 0xaa, 0xb0, 0xec]); // 企业开办 in GBK
    const cases: [Buffer, RegExp][] = [
      [Buffer.alloc(0), /文件为空/],
      [gbk, /UTF-8/],
      [Buffer.from([0x00, 0x01, 0x02, 0x41, 0x42]), /不是文本文件/],
      [Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), /\.doc/],
      [Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]), /无法读取/],
      [Buffer.from(' \n\t\n'), /没有文字/],
    ];
    for (const [bytes, message] of cases) {
      const error = await readPolicyFile({ bytes }).then(
        () => null,
        (e: unknown) => e as { status: number; extra: { field: string; detailZh: string; detailEn: string } },
      );
      expect(error?.status).toBe(400);
      expect(error?.extra.field).toBe('file');
      expect(error?.extra.detailZh).toMatch(message);
      expect(error?.extra.detailEn.length).toBeGreaterThan(5);
    }
  });
});

describe.each(ENGINES)('policy library on $name', (engine) => {
  let handle: Db;
  let w: World;
  let deps: Deps;

  beforeAll(async () => {
    handle = await engine.open();
    w = await seedWorld(handle.db);
    deps = { db: handle.db, clock: new ManualClock('2026-11-02T01:00:00Z'), pii: TEST_PII };
  });
  afterAll(() => handle.close());

  it('BM25 ranks the passage with the query’s words first and leaves out passages without them', async () => {
    const doc = await createPolicy(deps, w.actors.hub, { text: SUPPORT });
    expect(doc).toMatchObject({ title: '某县稳岗扶持办法', passageCount: 4, format: 'text' });

    const result = await searchPolicies(deps, w.actors.unit1, { q: '创业担保贷款可以贴息吗', limit: 10 });
    expect(result.items[0]).toMatchObject({
      documentId: doc.id,
      documentTitle: '某县稳岗扶持办法',
      article: '第二条',
    });
    expect(result.items[0]?.matched).toEqual(expect.arrayContaining(['创业', '担保', '贷款', '贴息']));
    expect(result.items.map((i) => i.article)).not.toContain('第三条');
    const scores = result.items.map((i) => i.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);

    const rent = await searchPolicies(deps, w.actors.leader, { q: '房租减免', limit: 10 });
    expect(rent.items.map((i) => i.article)).toEqual(['第三条']);
    expect((await searchPolicies(deps, w.actors.leader, { q: '！？。', limit: 10 })).items).toEqual([]);
    await deletePolicy(deps, w.actors.admin, doc.id);
  });

  it('weighs a rare word above a common one (idf), with the score of Okapi BM25', async () => {
    const doc = await createPolicy(deps, w.actors.admin, { text: COMMON_AND_RARE });
    const result = await rankForQuestion(deps, w.jurisdictionA, '企业 锅炉', 10);
    expect(result.items[0]?.article).toBe('第二条');
    expect(result.items[0]?.matched).toEqual(['锅炉']);
    // The passage holding the common word three times still ranks below the rare word.
    expect(result.items.findIndex((i) => i.article === '第一条')).toBeGreaterThan(0);

    // The same score computed here from the stored postings.
    const passages = await handle.db
      .selectFrom('policy_passages')
      .select(['id', 'article', 'token_count'])
      .where('jurisdiction_id', '=', w.jurisdictionA)
      .execute();
    const postings = await handle.db
      .selectFrom('policy_terms')
      .select(['passage_id', 'term', 'tf'])
      .where('jurisdiction_id', '=', w.jurisdictionA)
      .where('term', 'in', ['企业', '锅炉'])
      .execute();
    const n = passages.length;
    const avgdl = passages.reduce((s, p) => s + p.token_count, 0) / n;
    const expected = (article: string) => {
      const p = passages.find((x) => x.article === article);
      if (!p) throw new Error(article);
      let score = 0;
      for (const term of ['企业', '锅炉']) {
        const df = postings.filter((x) => x.term === term).length;
        const tf = postings.find((x) => x.term === term && x.passage_id === p.id)?.tf ?? 0;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        score += (idf * tf * (BM25_K1 + 1)) / (tf + BM25_K1 * (1 - BM25_B + (BM25_B * p.token_count) / avgdl));
      }
      return score;
    };
    for (const item of result.items) expect(item.score).toBeCloseTo(expected(item.article ?? ''), 3);
    await deletePolicy(deps, w.actors.admin, doc.id);
  });

  it('never returns another jurisdiction’s passages, nor counts them', async () => {
    const mine = await createPolicy(deps, w.actors.hub, { text: SUPPORT });
    const before = await rankForQuestion(deps, w.jurisdictionA, '稳岗返还', 5);
    const theirs = await createPolicy(deps, w.actors.hubB, { title: '乙县稳岗返还办法', text: SUPPORT });
    const after = await rankForQuestion(deps, w.jurisdictionA, '稳岗返还', 5);
    expect(after).toEqual(before);
    expect(after.items.every((i) => i.documentId === mine.id)).toBe(true);
    const ofB = await searchPolicies(deps, w.actors.hubB, { q: '稳岗返还', limit: 5 });
    expect(ofB.items.map((i) => i.documentId)).toEqual([theirs.id]);

    expect((await listPolicies(deps, w.actors.hub)).map((d) => d.id)).toEqual([mine.id]);
    await expect(getPolicy(deps, w.actors.hub, theirs.id)).rejects.toMatchObject({ code: 'POLICY_NOT_FOUND' });
    await expect(deletePolicy(deps, w.actors.admin, theirs.id)).rejects.toMatchObject({ code: 'POLICY_NOT_FOUND' });
    await deletePolicy(deps, w.actors.hub, mine.id);
    await deletePolicy(deps, w.actors.hubB, theirs.id);
  });

  it('keeps passages in order and removes passages and postings with their document', async () => {
    const doc = await createPolicy(deps, w.actors.hub, { text: SUPPORT, docNumber: '某政办发〔2026〕7号' });
    const detail = await getPolicy(deps, w.actors.discipline, doc.id);
    expect(detail.docNumber).toBe('某政办发〔2026〕7号');
    expect(detail.passages.map((p) => [p.seq, p.article])).toEqual([
      [1, '第一条'],
      [2, '第二条'],
      [3, '第三条'],
      [4, '第四条'],
    ]);
    await deletePolicy(deps, w.actors.hub, doc.id);
    const left = await handle.db
      .selectFrom('policy_terms')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('jurisdiction_id', '=', w.jurisdictionA)
      .executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(0);
    expect((await searchPolicies(deps, w.actors.hub, { q: '稳岗返还', limit: 5 })).items).toEqual([]);
  });

  it('imports a .docx, its first paragraph the title, and answers from it', async () => {
    const bytes = await docxOf(
      '某县企业开办服务规定',
      '第一条 企业登记、公章刻制、发票申领通过一网通办平台全程网办。',
      '第二条 新开办企业首套印章由政府免费刻制，并免费寄递营业执照。',
    );
    const doc = await importPolicy(deps, w.actors.admin, () =>
      Promise.resolve({ filename: 'C:\\文件\\开办规定.docx', bytes, fields: { issuer: '某县政府办公室' } }),
    );
    expect(doc).toMatchObject({
      title: '某县企业开办服务规定',
      format: 'docx',
      sourceName: '开办规定.docx',
      issuer: '某县政府办公室',
      passageCount: 2,
    });
    const hit = await searchPolicies(deps, w.actors.hub, { q: '印章免费刻制', limit: 3 });
    expect(hit.items[0]).toMatchObject({ documentId: doc.id, article: '第二条' });
    await deletePolicy(deps, w.actors.admin, doc.id);
  });

  it('lets staff read, admin and hub write, and checks the role before reading an upload', async () => {
    // An enterprise lists the policies meant for it (政策超市) but does not search passages.
    await expect(listPolicies(deps, w.actors.entA)).resolves.toEqual(expect.any(Array));
    await expect(searchPolicies(deps, w.actors.entA, { q: '贷款', limit: 5 })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    for (const actor of [w.actors.unit1, w.actors.leader, w.actors.liaison, w.actors.discipline]) {
      await expect(createPolicy(deps, actor, { title: 'x', text: SUPPORT })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    }
    let read = false;
    await expect(
      importPolicy(deps, w.actors.unit1, () => {
        read = true;
        return Promise.resolve({ filename: 'a.txt', bytes: Buffer.from(SUPPORT), fields: {} });
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(read).toBe(false);
  });

  it('asks for a title when the text has none that reads as one', async () => {
    await expect(
      createPolicy(deps, w.actors.hub, { text: '第一条 企业开办一日办结，全程网办。\n第二条 首套印章免费刻制。' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', extra: { field: 'title' } });
    await expect(createPolicy(deps, w.actors.hub, { title: '空', text: '  \n ' })).rejects.toMatchObject({
      extra: { field: 'text' },
    });
  });

  it('offers a case only the passages above the relevance floor, with words of two or more characters marked', async () => {
    const doc = await createPolicy(deps, w.actors.hub, { text: SUPPORT });
    const drainage = await createCase(deps, w.actors.entA, {
      title: '园区雨水管网堵塞厂区积水',
      content: '每逢下雨园区排水不畅，雨水倒灌进我公司仓库，小微企业损失不小，希望疏通管网。',
    });
    // Ranked without the floor, the common words (企业, 小微) still reach some articles…
    const unfloored = await rankForQuestion(
      deps,
      w.jurisdictionA,
      '园区雨水管网堵塞厂区积水\n每逢下雨园区排水不畅，雨水倒灌进我公司仓库，小微企业损失不小，希望疏通管网。',
      5,
    );
    expect(unfloored.items.length).toBeGreaterThan(0);
    // …but none of them is offered for the case.
    expect((await casePolicyPassages(deps, w.actors.hub, drainage.id, 5)).items).toEqual([]);

    const loan = await createCase(deps, w.actors.entA, {
      title: '创业担保贷款贴息咨询',
      content: '我公司是小微企业，新招用了几名高校毕业生，想问能否申请创业担保贷款，财政贴息怎么办理？',
    });
    const offered = await casePolicyPassages(deps, w.actors.hub, loan.id, 5);
    expect(offered.items[0]).toMatchObject({ documentId: doc.id, article: '第二条' });
    const marked = offered.items.flatMap((i) => i.matched);
    expect(marked).toEqual(expect.arrayContaining(['创业', '担保', '贷款', '贴息', '毕业生']));
    // The query's single characters (小, 微, 能 …) are matched in BM25 but never marked.
    for (const word of marked) expect([...word].length).toBeGreaterThanOrEqual(2);
    expect(PASSAGE_FLOOR.coverage).toBeGreaterThan(0);
    await deletePolicy(deps, w.actors.admin, doc.id);
  });

  it('answers a demo consultation with the demo library’s passage on its subject', async () => {
    const kh = loadDemoData().jurisdictions.find((j) => j.code === 'kh');
    await seedDemoPolicies(deps, { code: 'kh' }, { jid: w.jurisdictionB, adminId: null, at: deps.clock.now() });
    const expectations: [string, string, string][] = [
      ['出口信用保险保费补助政策咨询', '支持中小微企业纾困发展若干措施', '第十六条'],
      ['高校毕业生来开就业补贴如何申领', '支持中小微企业纾困发展若干措施', '第四条'],
      ['小型微利企业所得税优惠适用咨询', '惠企政策问答', '1.'],
      ['排污许可证到期延续办理咨询', '工程建设和涉企审批服务指南', '二、（三）'],
    ];
    for (const [title, document, article] of expectations) {
      const template = kh?.cases.find((c) => c.title === title);
      expect(template, title).toBeDefined();
      const result = await rankForQuestion(deps, w.jurisdictionB, `${title}\n${template?.content ?? ''}`, 3);
      expect(result.items[0]?.documentTitle, title).toContain(document);
      expect(result.items[0]?.article, title).toBe(article);
    }
  });
});
