/**
 * Splitting a Chinese policy document into passages that can answer a question on their own.
 *
 * Policy texts number their provisions with a small set of heading styles: 第X章, 第X条, 一、,
 * （一）, 1. and （1）. Each heading starts a passage whose `article` names where it sits
 * ("第三条", "二、（一）"); headings nest in the order a document first uses them. Passages over
 * {@link MAX_PASSAGE_CHARS} are cut at sentence ends; fragments under {@link MIN_PASSAGE_CHARS}
 * (a section title standing alone, a one-line closing clause) join a neighbour. Pure: no I/O.
 */

/** A passage longer than this is cut at sentence ends. */
export const MAX_PASSAGE_CHARS = 500;

/** A passage shorter than this joins a neighbour. */
export const MIN_PASSAGE_CHARS = 24;

/** One passage of a document, in document order. */
export interface SplitPassage {
  /** Where the passage sits, e.g. "第三条" or "二、（一）"; null before the first heading or without any. */
  article: string | null;
  text: string;
}

/** A document as the splitter reads it. */
export interface SplitDocument {
  /** The first line when it reads as a title (short, no closing punctuation), else null. */
  title: string | null;
  /** A document number such as 开政办发〔2026〕12号 found right below the title, else null. */
  docNumber: string | null;
  passages: SplitPassage[];
}

type HeadingKind = 'chapter' | 'article' | 'cn' | 'paren' | 'num' | 'parenNum';

const CN_NUM = '[一二三四五六七八九十百零〇两]+';

/** Heading styles and how each names itself in `article`. Order matters: 第X条 before 第X章. */
const HEADINGS: readonly { kind: HeadingKind; pattern: RegExp; label: (m: RegExpMatchArray) => string }[] = [
  { kind: 'article', pattern: new RegExp(`^第\\s*(${CN_NUM}|\\d{1,3})\\s*条`, 'u'), label: (m) => `第${m[1]}条` },
  {
    kind: 'chapter',
    pattern: new RegExp(`^第\\s*(${CN_NUM}|\\d{1,3})\\s*([章节])`, 'u'),
    label: (m) => `第${m[1]}${m[2]}`,
  },
  { kind: 'cn', pattern: new RegExp(`^(${CN_NUM})\\s*[、，,．.]`, 'u'), label: (m) => `${m[1]}、` },
  { kind: 'paren', pattern: new RegExp(`^[（(]\\s*(${CN_NUM})\\s*[）)]`, 'u'), label: (m) => `（${m[1]}）` },
  { kind: 'num', pattern: /^(\d{1,2})\s*[.．、](?!\d)/u, label: (m) => `${m[1]}.` },
  { kind: 'parenNum', pattern: /^[（(]\s*(\d{1,2})\s*[）)]/u, label: (m) => `（${m[1]}）` },
];

/** The heading a line opens with, if any. */
export function headingOf(line: string): { kind: HeadingKind; label: string } | null {
  for (const h of HEADINGS) {
    const m = line.match(h.pattern);
    if (m) return { kind: h.kind, label: h.label(m) };
  }
  return null;
}

const SENTENCE_END = /[。！？；!?;]$/u;
const DOC_NUMBER = /^[\p{Script=Han}A-Za-z]{1,20}\s*[〔[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d{1,4}\s*号$/u;

/** Lines of a text without blanks, trimmed, with full-width spaces treated as spaces. */
function linesOf(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[\s\u3000]+/gu, ' ').trim())
    .filter((l) => l.length > 0);
}

/** A title line: short, not a heading, not a sentence. Guillemets around it are dropped. */
function asTitle(line: string): string | null {
  if (line.length > 80 || headingOf(line) || SENTENCE_END.test(line) || /[，,：:]$/u.test(line)) return null;
  const bare = line.replace(/^《(.*)》$/u, '$1').trim();
  return bare.length > 0 ? bare : null;
}

interface Block {
  /** The heading path at this block, outermost first, chapters included. */
  path: { kind: HeadingKind; label: string }[];
  lines: string[];
  /** True when the block is its heading line only. */
  headingOnly: boolean;
}

const labelOf = (path: Block['path']): string | null => {
  const parts = path.filter((p) => p.kind !== 'chapter').map((p) => p.label);
  // An article number is unique in its document; what encloses it adds nothing.
  const lastArticle = path.map((p) => p.kind).lastIndexOf('article');
  const from = lastArticle >= 0 ? path.slice(lastArticle).filter((p) => p.kind !== 'chapter') : null;
  const chosen = from ? from.map((p) => p.label) : parts;
  return chosen.length > 0 ? chosen.join('') : null;
};

/** Cuts a long text at sentence ends into pieces of at most `max` characters (a longer sentence at commas, then hard). */
export function cutAtSentences(text: string, max = MAX_PASSAGE_CHARS): string[] {
  if (text.length <= max) return [text];
  const sentences = text
    .match(/[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』）)]*|\n|$)/gu)
    ?.filter((s) => s.length > 0) ?? [text];
  const pieces: string[] = [];
  let current = '';
  const push = (s: string) => {
    if (current.length + s.length > max && current.length > 0) {
      pieces.push(current);
      current = '';
    }
    current += s;
  };
  for (const sentence of sentences) {
    if (sentence.length <= max) {
      push(sentence);
      continue;
    }
    for (const clause of sentence.match(/[^，,、]*(?:[，,、]+|$)/gu)?.filter((c) => c.length > 0) ?? [sentence]) {
      for (let i = 0; i < clause.length; i += max) push(clause.slice(i, i + max));
    }
  }
  if (current.length > 0) pieces.push(current);
  return pieces.map((p) => p.trim()).filter((p) => p.length > 0);
}

/** Joins the lines of a passage: Chinese lines run on, Latin words keep a space. */
function joinLines(lines: readonly string[]): string {
  return lines.reduce((text, line) => {
    if (text.length === 0) return line;
    return /[A-Za-z0-9]$/.test(text) && /^[A-Za-z0-9]/.test(line) ? `${text} ${line}` : `${text}\n${line}`;
  }, '');
}

/**
 * Splits a policy text into its title, document number and passages. `knownTitle`, when given,
 * is the title; a first line equal to it is not repeated as a passage.
 */
export function splitPolicyText(text: string, knownTitle?: string | null): SplitDocument {
  const lines = linesOf(text);
  let title: string | null = null;
  let docNumber: string | null = null;
  const first = lines[0];
  if (first !== undefined) {
    const candidate = asTitle(first);
    const given = knownTitle?.replace(/^《(.*)》$/u, '$1').trim();
    if (candidate && (!given || candidate === given)) {
      title = candidate;
      lines.shift();
    }
  }
  // A document number sits within the first lines below the title (or is the first line).
  for (let i = 0; i < Math.min(3, lines.length); i++) {
    const line = lines[i] ?? '';
    if (DOC_NUMBER.test(line)) {
      docNumber = line.replace(/\s+/g, '');
      lines.splice(i, 1);
      break;
    }
  }

  const blocks: Block[] = [];
  let path: Block['path'] = [];
  for (const line of lines) {
    const heading = headingOf(line);
    if (!heading) {
      const last = blocks.at(-1);
      if (last) {
        last.lines.push(line);
        last.headingOnly = false;
      } else blocks.push({ path: [], lines: [line], headingOnly: false });
      continue;
    }
    const at = path.findIndex((p) => p.kind === heading.kind);
    path = at >= 0 ? [...path.slice(0, at), heading] : [...path, heading];
    blocks.push({ path, lines: [line], headingOnly: true });
  }

  // Fragments join a neighbour: a heading standing alone joins what it encloses, anything else
  // too short joins the passage before it.
  const merged: { article: string | null; lines: string[] }[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    if (!block) continue;
    const next = blocks[i + 1];
    const length = block.lines.join('').length;
    const encloses =
      next !== undefined &&
      next.path.length > block.path.length &&
      block.path.every((p, k) => next.path[k]?.label === p.label);
    if (block.headingOnly && length < MIN_PASSAGE_CHARS * 2 && next && encloses) {
      next.lines.unshift(...block.lines);
      continue;
    }
    const previous = merged.at(-1);
    if (length < MIN_PASSAGE_CHARS && previous) {
      previous.lines.push(...block.lines);
      const label = labelOf(block.path);
      if (label && previous.article !== label && !previous.article?.includes(label)) {
        previous.article = previous.article ? `${previous.article}、${label}` : label;
      }
      continue;
    }
    merged.push({ article: labelOf(block.path), lines: [...block.lines] });
  }
  // A short first passage (before any heading) joins the next one.
  const head = merged[0];
  const second = merged[1];
  if (head && second && head.lines.join('').length < MIN_PASSAGE_CHARS) {
    second.lines.unshift(...head.lines);
    merged.shift();
  }

  const passages: SplitPassage[] = [];
  for (const m of merged) {
    for (const piece of cutAtSentences(joinLines(m.lines))) passages.push({ article: m.article, text: piece });
  }
  return { title, docNumber, passages };
}
