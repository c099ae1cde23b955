import type { Lang } from '../i18n/i18n';

/**
 * The policy documents the five presets rest on (SPEC §1), by the number their stored file name
 * begins with. The file names carry a content hash (`003_57bf02de62209393.txt`), which means
 * nothing to the people who read the profile; they read the document's own name.
 */
const SEEDS: Record<string, { zh: string; en: string }> = {
  '000': {
    zh: '武汉市东西湖区径河街道企业诉求响应机制（2021 年）',
    en: 'Jinghe Street enterprise demand response mechanism (2021)',
  },
  '001': { zh: '开化县“企呼我应”涉企问题高效闭环处置机制（2024 年）', en: 'Kaihua County “企呼我应” mechanism (2024)' },
  '002': { zh: '枣庄市峄城区“峄企速办”工作机制（2023 年）', en: 'Yicheng District “峄企速办” mechanism (2023)' },
  '003': { zh: '滕州市“企呼政应、接诉即办”工作机制（2022 年）', en: 'Tengzhou “企呼政应、接诉即办” mechanism (2022)' },
  '004': {
    zh: '绵阳市涪城区“绵企通”增值化改革工作方案（2024 年）',
    en: 'Fucheng District “绵企通” value-added reform plan (2024)',
  },
};

/**
 * The name of the document a profile's rules cite: a known preset's document by name; for any
 * other seed the profile's own name, never a file name.
 */
export function seedTitle(profile: { seed?: string | undefined; name: string }, lang: Lang): string | null {
  if (!profile.seed) return null;
  const known = SEEDS[/^(\d{3})_/.exec(profile.seed)?.[1] ?? ''];
  if (known) return lang === 'en-US' ? known.en : known.zh;
  return profile.name;
}
