import { Document, isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';

/**
 * The profile editor works on YAML text, as the presets in `profiles/` are written, while the
 * server speaks JSON and names problems by dotted paths (`clocks.0.duration`, as zod joins an
 * issue's path). These functions translate between the two and find where a path lives in the
 * text, so a problem can be shown on its line.
 */

/** A parse or validation problem placed on a line of the text (1-based). */
export interface PlacedProblem {
  line: number;
  field: string;
  problem: string;
}

/** The editor's text as a document, or its syntax errors with their lines. */
export type ParsedYaml =
  { ok: true; value: Record<string, unknown> } | { ok: false; errors: { line: number; message: string }[] };

/** The message of a document that parses but is not a mapping; the screen shows its own text for it. */
export const NOT_MAPPING = 'not a mapping';

/** Short collections stay on one line, like the presets: `periods: [[08:30, 12:00]]`, `warn: { before: 4wh }`. */
const FLOW_MAX_CHARS = 80;

/**
 * A profile document as YAML: block style, with short all-scalar lists and maps (other than a
 * rule with its note) in flow style, and no folding of long notes (a note stays one line).
 */
export function profileToYaml(profile: unknown): string {
  const doc = new Document(profile);
  const short = (node: { toJSON(): unknown }) => JSON.stringify(node.toJSON()).length <= FLOW_MAX_CHARS;
  visit(doc, {
    Seq(_, node) {
      if (node.items.every((item) => isScalar(item) || (isSeq(item) && item.items.every(isScalar))) && short(node))
        node.flow = true;
    },
    Map(_, node) {
      // A rule's note stays on a line of its own, where the admin reads and edits it.
      const hasNote = node.items.some((pair) => keyText(pair.key) === 'note');
      if (!hasNote && node.items.every((pair) => isScalar(pair.value)) && short(node)) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0 });
}

/**
 * Parses the editor's text. Syntax errors come back with their line; a document that is not a
 * mapping (a list, a bare value, nothing) is an error on line 1, because the server takes only
 * an object.
 */
export function parseProfileYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({
        line: e.linePos?.[0].line ?? lineCounter.linePos(e.pos[0]).line,
        message: e.message.split('\n')[0] ?? e.message,
      })),
    };
  }
  const value: unknown = doc.toJS();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, errors: [{ line: 1, message: NOT_MAPPING }] };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

function startOf(node: unknown): number | null {
  const range = (node as { range?: [number, number, number] | null } | null)?.range;
  return range ? range[0] : null;
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

/**
 * The line (1-based) of the text where a dotted path is: the line of its key in a mapping, or
 * of its item in a list. When the path does not exist in the text (a required key is missing,
 * an index runs past the list), the line of the deepest part that does exist, so the problem
 * still lands inside the right block; line 1 when nothing of it exists. Works on text with
 * syntax errors too, as far as the parser recovered it.
 */
export function locatePath(yamlText: string, path: string | readonly (string | number)[]): number {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter });
  const segments = typeof path === 'string' ? (path === '' ? [] : path.split('.')) : path.map(String);
  let node: unknown = doc.contents;
  let offset = 0;
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === segment);
      if (!pair) break;
      offset = startOf(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const index = Number(segment);
      const item: unknown = Number.isInteger(index) ? node.items[index] : undefined;
      if (item === undefined || item === null) break;
      offset = startOf(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return lineCounter.linePos(offset).line;
}

/** Server problems (`{field, problem}`) placed on the lines of the text, in the order of the text. */
export function placeProblems(
  yamlText: string,
  problems: readonly { field: string; problem: string }[],
): PlacedProblem[] {
  return problems
    .map((p) => ({ line: locatePath(yamlText, p.field), field: p.field, problem: p.problem }))
    .sort((a, b) => a.line - b.line);
}

/** Where a line starts and ends in the text, to put the caret on it. Lines past the end clamp to the last. */
export function lineSpan(text: string, line: number): { start: number; end: number } {
  let start = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf('\n', start);
    if (next === -1) break;
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return { start, end: end === -1 ? text.length : end };
}
