import type { TrainingExample } from '@qisu/triage';

/**
 * A small separable set of invented enterprise demands in three categories, for tests: each
 * category has its own vocabulary and six cases, each naming three of its words, so every word
 * recurs across the category's cases and five-fold cross-validation can run.
 */
export function toyDemands(): TrainingExample[] {
  const topics: Record<string, string[]> = {
    用电: ['变压器', '增容', '供电', '停电', '电价', '电缆'],
    用工: ['招工', '社保', '技工', '培训', '工资', '劳动合同'],
    融资: ['贷款', '授信', '担保', '利率', '续贷', '银行'],
  };
  const examples: TrainingExample[] = [];
  for (const [label, words] of Object.entries(topics)) {
    words.forEach((word, i) => {
      const a = words[(i + 1) % words.length] ?? word;
      const b = words[(i + 2) % words.length] ?? word;
      examples.push({ label, title: `${word}${a}`, body: `我公司近期遇到${word}问题，涉及${a}和${b}，请协调解决。` });
    });
  }
  return examples;
}
