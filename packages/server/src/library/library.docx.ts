import { Document, Packer, Paragraph } from 'docx';
import { heading, paragraph, title } from '../reports/docx-parts.js';

/** What the typical-case 简报 prints: the typical entries of one period. */
export interface TypicalCasesBriefData {
  jurisdictionName: string;
  /** 2026年11月, 2026年第四季度 … */
  periodLabel: string;
  entries: readonly {
    caseNumber: string;
    caseTitle: string;
    problem: string;
    resolution: string;
    policyBasis: string | null;
    unitNames: readonly string[];
    categoryName: string | null;
    tags: readonly string[];
  }[];
  generatedBy: string;
  generatedOn: string;
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/** 一, 二 … 十, then Arabic numerals: the headings of a 简报 as an office numbers them. */
const numeral = (i: number) => NUMERALS[i] ?? String(i + 1);

/**
 * The 典型案例简报 (seed 001 二(三)2, seed 002 二(一)2) as a Word document in the notice's fonts:
 * per typical case, the problem, how it was solved, the policy it rested on and the units that
 * solved it, so the office can circulate what worked ("办理一个、解决一类").
 */
export async function typicalCasesDocument(data: TypicalCasesBriefData): Promise<Buffer> {
  const body =
    data.entries.length === 0
      ? [paragraph('本期无典型案例。')]
      : data.entries.flatMap((e, i) => [
          heading(`${numeral(i)}、${e.problem.split(/[。\n]/)[0]?.slice(0, 40) ?? e.caseTitle}`),
          paragraph(`诉求编号：${e.caseNumber}${e.categoryName ? `\u3000类别：${e.categoryName}` : ''}`),
          paragraph(`【问题】${e.problem}`),
          paragraph(`【办法】${e.resolution}`),
          ...(e.policyBasis ? [paragraph(`【政策依据】${e.policyBasis}`)] : []),
          paragraph(`【承办单位】${e.unitNames.join('、') || '—'}`),
          ...(e.tags.length > 0 ? [paragraph(`【标签】${e.tags.join('、')}`)] : []),
        ]);
  const doc = new Document({
    sections: [
      {
        children: [
          ...title(`${data.jurisdictionName}企业诉求典型案例简报`, data.periodLabel),
          paragraph(`本期共编入典型案例 ${data.entries.length} 件。`),
          ...body,
          new Paragraph({ spacing: { before: 360 }, children: [] }),
          paragraph(`生成人：${data.generatedBy}\u3000生成日期：${data.generatedOn}`),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
