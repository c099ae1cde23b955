import { DURATION_PROBLEM } from '@qisu/core';
import type { Lang } from '../i18n/i18n';

/**
 * The server checks a profile with core's zod schema and answers each problem in English: zod's
 * own sentences ("Too small: expected number to be >=1") and the schema's custom ones ("duration
 * must be …"). The admin of a Chinese office reads them in Chinese: this turns each known
 * sentence into zh-CN, keeping the values it names; en-US and any sentence it does not know are
 * shown as the server wrote them.
 */

const TYPES: Record<string, string> = {
  string: '文字',
  number: '数字',
  int: '整数',
  boolean: '是否值（true/false）',
  array: '列表',
  tuple: '列表',
  object: '键值对',
  record: '键值对',
  undefined: '未填写',
  null: '空值',
  nan: '非数字',
  date: '日期',
};

const UNITS: Record<string, { noun: string; small: string; big: string }> = {
  string: { noun: '个字符', small: '过短', big: '过长' },
  array: { noun: '项', small: '项数不足', big: '项数过多' },
  set: { noun: '项', small: '项数不足', big: '项数过多' },
};

/** The schema's own sentences (core's `profile.ts` and the server's profile service). */
const CUSTOM: Record<string, string> = {
  [DURATION_PROBLEM]:
    '时限格式不正确：应为 immediate（立即）、same-day（当日）、Nh（自然小时）、Nwh（工作小时）、Nd（自然日）、Nwd（工作日）、Nwdr（含受理当日的工作日）或区间如 5-15wd（交办时选定）',
  'time must be HH:MM': '时间格式应为 HH:MM，如 08:30',
  'date must be MM-DD': '日期格式应为 MM-DD，如 05-01',
  'periods must be ordered and must not overlap': '作息时段应按时间先后排列，且不能重叠',
  'give at least one complexity': '至少为一种复杂程度（simple、general、complex）设置时限',
  'before must be Nh or Nwh': '预警提前量应为 Nh（自然小时）或 Nwh（工作小时），如 2wh',
  'duplicate milestone rule': '同一节点（及适用类型）的时限规则重复',
  'each score once': '每个分值只能对应一个评价档次',
  'needs a rule that gives red cards':
    '设置“连续红牌移交领导”前，须先设置产生红牌的规则（连续黄牌转红牌或黄牌后逾期转红牌）',
};

const typeWord = (t: string) => TYPES[t] ?? t;
const values = (list: string) =>
  list
    .split('|')
    .map((v) => v.trim().replace(/^"(.*)"$/, '$1'))
    .join('、');

const PATTERNS: [RegExp, (...m: string[]) => string][] = [
  [
    /^Invalid input: expected (\w+), received (\w+)$/,
    (_, want = '', got = '') =>
      got === 'undefined'
        ? `缺少此项：应填写${typeWord(want)}`
        : `类型不对：应为${typeWord(want)}，实际为${typeWord(got)}`,
  ],
  [/^Invalid input: expected (.+)$/, (_, v = '') => `取值无效：应为 ${values(v)}`],
  [/^Invalid option: expected one of (.+)$/, (_, v = '') => `取值无效：应为以下之一：${values(v)}`],
  [
    /^Too (small|big): expected (\w+) to have (>=|<=|>|<)(\d+(?:\.\d+)?) \w+$/,
    (_, dir = '', origin = '', op = '', n = '') => {
      const unit = UNITS[origin] ?? { noun: '', small: '过少', big: '过多' };
      const bound = op.startsWith('>') ? `至少 ${n}` : `最多 ${n}`;
      return `${dir === 'small' ? unit.small : unit.big}：${bound} ${unit.noun}`.trimEnd();
    },
  ],
  [
    /^Too (small|big): expected (\w+) to be (>=|<=|>|<)(-?\d+(?:\.\d+)?)$/,
    (_, dir = '', _o = '', op = '', n = '') => {
      const rule = { '>=': `不小于 ${n}`, '>': `大于 ${n}`, '<=': `不大于 ${n}`, '<': `小于 ${n}` }[op] ?? `${op}${n}`;
      return `数值${dir === 'small' ? '过小' : '过大'}：应${rule}`;
    },
  ],
  [/^Invalid string: must match pattern (.+)$/, (_, p = '') => `格式不正确（应符合 ${p}）`],
  [/^Invalid number: must be a multiple of (.+)$/, (_, n = '') => `应为 ${n} 的整数倍`],
  [
    /^Unrecognized keys?: (.+)$/,
    (_, keys = '') =>
      `无法识别的配置项：${keys
        .split(', ')
        .map((k) => k.replace(/^"(.*)"$/, '$1'))
        .join('、')}`,
  ],
  [/^must be (\S+)$/, (_, v = '') => `应为 ${v}（本辖区的代码）`],
  [
    /^unknown placeholder (.+)$/,
    (_, names = '') => `短信/微信模板中有无法识别的占位符：${names}（可用 {number}、{title}、{due}、{until}、{size}）`,
  ],
  [/^Invalid input$/, () => '输入无效'],
];

/** One problem of the server's profile check in the admin's language. */
export function profileProblemText(problem: string, lang: Lang): string {
  if (lang === 'en-US') return problem;
  const custom = CUSTOM[problem];
  if (custom) return custom;
  for (const [pattern, say] of PATTERNS) {
    const m = pattern.exec(problem);
    if (m) return say(...m);
  }
  return problem;
}
