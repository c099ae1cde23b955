import type { AppError } from '../errors.js';
import { invalidField } from '../errors.js';

/** A UTF-16 surrogate without its pair. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Text PostgreSQL cannot store: a NUL character or a lone surrogate. */
export const isUnstorableText = (text: string): boolean => text.includes('\0') || LONE_SURROGATE.test(text);

/** How deep the search looks into a value; request schemas refuse anything nested deeper. */
const MAX_DEPTH = 32;

/**
 * The path of the first string in `value` that PostgreSQL cannot store (`title`,
 * `contacts.0.name`, or a key itself), or null. Buffers and streams (uploads) are not text.
 */
export function unstorableTextAt(value: unknown, path = '', depth = 0, seen = new WeakSet<object>()): string | null {
  if (typeof value === 'string') return isUnstorableText(value) ? path || 'body' : null;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return null;
  if (Buffer.isBuffer(value) || typeof (value as { pipe?: unknown }).pipe === 'function' || seen.has(value))
    return null;
  seen.add(value);
  for (const [key, item] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (isUnstorableText(key)) return at;
    const found = unstorableTextAt(item, at, depth + 1, seen);
    if (found) return found;
  }
  return null;
}

/** The 400 for text the database cannot store, naming the field it came in. */
export function unstorableTextError(field: string): AppError {
  return invalidField(
    field,
    '不能包含空字符（\\u0000）或不成对的代理字符',
    'must not contain NUL characters (\\u0000) or unpaired surrogates',
  );
}
