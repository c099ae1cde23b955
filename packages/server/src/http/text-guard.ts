import type { FastifyInstance } from 'fastify';
import { invalidField } from '../errors.js';

/** A UTF-16 surrogate without its pair. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Text PostgreSQL cannot store: a NUL character or a lone surrogate. */
const unstorable = (text: string) => text.includes('\0') || LONE_SURROGATE.test(text);

/** How deep the guard looks into a body; the schemas refuse anything nested deeper. */
const MAX_DEPTH = 32;

/**
 * The path of the first string in `value` that PostgreSQL cannot store (`title`,
 * `contacts.0.name`, or a key itself), or null. Buffers and streams (uploads) are not text.
 */
export function unstorableTextAt(value: unknown, path = '', depth = 0, seen = new WeakSet<object>()): string | null {
  if (typeof value === 'string') return unstorable(value) ? path || 'body' : null;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return null;
  if (Buffer.isBuffer(value) || typeof (value as { pipe?: unknown }).pipe === 'function' || seen.has(value))
    return null;
  seen.add(value);
  for (const [key, item] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (unstorable(key)) return at;
    const found = unstorableTextAt(item, at, depth + 1, seen);
    if (found) return found;
  }
  return null;
}

/**
 * Refuses, for every route and before any schema or handler sees it, a body, query or path
 * parameter with text the database cannot store: 400 naming the field instead of a 500 from
 * the driver.
 */
export function registerTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const field = unstorableTextAt(request.params) ?? unstorableTextAt(request.query) ?? unstorableTextAt(request.body);
    if (!field) return done();
    done(
      invalidField(
        field,
        '不能包含空字符（\\u0000）或不成对的代理字符',
        'must not contain NUL characters (\\u0000) or unpaired surrogates',
      ),
    );
  });
}
