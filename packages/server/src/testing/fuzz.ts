import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../db/schema.js';

/** A JSON Schema as the OpenAPI document carries it (draft 2020-12 subset written by zod). */
export type JsonSchema = Record<string, unknown>;

/** A parameter of an operation, in the path or in the query string. */
export interface ParamSpec {
  name: string;
  required: boolean;
  schema: JsonSchema;
}

/** One method and path of the OpenAPI document, with what its request may carry. */
export interface Operation {
  method: string;
  /** The OpenAPI path template, e.g. `/api/v1/cases/{id}/accept`. */
  path: string;
  /** `METHOD path`, how failures and counts name the route. */
  key: string;
  params: ParamSpec[];
  query: ParamSpec[];
  /** The JSON body's schema; null when the document declares no body. */
  body: JsonSchema | null;
}

/** A schema the generator does not understand: the run fails naming the route, so it gets covered. */
export class UnsupportedSchema extends Error {
  override name = 'UnsupportedSchema';
}

/** Keywords that only describe; they never restrict a value. */
const ANNOTATIONS = new Set(['description', 'default', 'title', 'examples', 'deprecated', 'readOnly', 'writeOnly']);
/** Keywords the generator honours. Anything else in a request schema is a route it cannot fuzz. */
const UNDERSTOOD = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'propertyNames',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'enum',
  'const',
  'anyOf',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'items',
  'minItems',
  'maxItems',
]);
const FORMATS = new Set(['uuid', 'date', 'date-time', 'uri']);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/**
 * Every operation of an OpenAPI document, and the problems that keep some from being fuzzed (a
 * body that is not JSON, a keyword or format the generator does not know). A route with a problem
 * must fail the run: the fuzzer covers every route the day it is added.
 */
export function operationsOf(doc: { paths?: Record<string, Record<string, unknown>> }): {
  operations: Operation[];
  problems: string[];
} {
  const operations: Operation[] = [];
  const problems: string[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method] as
        | {
            parameters?: { in: string; name: string; required?: boolean; schema?: JsonSchema }[];
            requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
          }
        | undefined;
      if (!op) continue;
      const key = `${method.toUpperCase()} ${path}`;
      const spec = (p: { name: string; required?: boolean; schema?: JsonSchema }): ParamSpec => ({
        name: p.name,
        required: p.required === true,
        schema: p.schema ?? {},
      });
      const parameters = op.parameters ?? [];
      const other = parameters.filter((p) => p.in !== 'path' && p.in !== 'query');
      if (other.length > 0) problems.push(`${key}: parameters in ${other.map((p) => p.in).join(', ')}`);
      const content = op.requestBody?.content ?? {};
      const types = Object.keys(content);
      if (types.some((t) => t !== 'application/json')) problems.push(`${key}: a body of ${types.join(', ')}`);
      const operation: Operation = {
        method: method.toUpperCase(),
        path,
        key,
        params: parameters.filter((p) => p.in === 'path').map(spec),
        query: parameters.filter((p) => p.in === 'query').map(spec),
        body: content['application/json']?.schema ?? null,
      };
      for (const p of operation.params) {
        if (!path.includes(`{${p.name}}`)) problems.push(`${key}: path parameter ${p.name} is not in the path`);
      }
      try {
        for (const p of [...operation.params, ...operation.query]) checkSchema(p.schema, `${key} ${p.name}`);
        if (operation.body) checkSchema(operation.body, `${key} body`);
      } catch (error) {
        if (!(error instanceof UnsupportedSchema)) throw error;
        problems.push(error.message);
      }
      operations.push(operation);
    }
  }
  return { operations, problems };
}

/** Throws UnsupportedSchema for a keyword or format the generator would silently ignore. */
function checkSchema(schema: JsonSchema, at: string): void {
  for (const [keyword, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword)) continue;
    if (!UNDERSTOOD.has(keyword)) throw new UnsupportedSchema(`${at}: keyword "${keyword}"`);
    if (keyword === 'format' && !FORMATS.has(String(value))) {
      throw new UnsupportedSchema(`${at}: format "${String(value)}"`);
    }
  }
  const types = typesOf(schema);
  for (const t of types) {
    if (!['string', 'integer', 'number', 'boolean', 'null', 'array', 'object'].includes(t)) {
      throw new UnsupportedSchema(`${at}: type "${t}"`);
    }
  }
  for (const [name, member] of Object.entries((schema['properties'] ?? {}) as Record<string, JsonSchema>)) {
    checkSchema(member, `${at}.${name}`);
  }
  for (const keyword of ['items', 'additionalProperties', 'propertyNames'] as const) {
    const inner = schema[keyword];
    if (inner && typeof inner === 'object') checkSchema(inner as JsonSchema, `${at}.${keyword}`);
  }
  for (const branch of (schema['anyOf'] ?? []) as JsonSchema[]) checkSchema(branch, `${at}|anyOf`);
}

function typesOf(schema: JsonSchema): string[] {
  const type = schema['type'];
  if (type === undefined) return [];
  return Array.isArray(type) ? (type as string[]) : [type as string];
}

/** What the world offers the generator so that requests reach handlers, not only validators. */
export interface FuzzContext {
  /** Real ids of the world (units, enterprises, cases …), used for every uuid-formatted member. */
  ids: readonly string[];
  /** Real values of a path parameter (own objects of the world); null when the world has none. */
  pathValues(op: Operation, param: string): readonly (string | number)[] | null;
  /** Real values of a body member by its name (e.g. a username), mixed among generated ones. */
  memberValues?: Record<string, readonly unknown[]>;
}

const PHRASES = [
  '厂区道路破损影响货车通行',
  '申请稳岗返还补贴',
  '企业用电报装进度咨询',
  '已电话联系企业负责人',
  '按政策答复',
  'Road outside the plant is broken',
  '测试',
  'x',
];

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const DAYS = fc.date({
  min: new Date('2020-01-01T00:00:00Z'),
  max: new Date('2030-12-31T00:00:00Z'),
  noInvalidDate: true,
});

/** A value that satisfies `schema` (as far as a JSON Schema says): what a careful client sends. */
export function validValue(schema: JsonSchema, ctx: FuzzContext, member = ''): fc.Arbitrary<unknown> {
  const anyOf = schema['anyOf'] as JsonSchema[] | undefined;
  if (anyOf) return fc.oneof(...anyOf.map((s) => validValue(s, ctx, member)));
  if (Array.isArray(schema['enum'])) return fc.constantFrom(...(schema['enum'] as unknown[]));
  if ('const' in schema) return fc.constant(schema['const']);
  const types = typesOf(schema);
  if (types.length > 1) return fc.oneof(...types.map((t) => validValue({ ...schema, type: t }, ctx, member)));
  const known = member ? ctx.memberValues?.[member] : undefined;
  const generated = validOfType(types[0], schema, ctx);
  return known && known.length > 0 ? fc.oneof(fc.constantFrom(...known), generated) : generated;
}

function validOfType(type: string | undefined, schema: JsonSchema, ctx: FuzzContext): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string':
      return validString(schema, ctx);
    case 'integer': {
      const min = bound(schema, 'minimum', 'exclusiveMinimum', 1) ?? -1000;
      const max = bound(schema, 'maximum', 'exclusiveMaximum', -1) ?? 1000;
      return fc.integer({ min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) });
    }
    case 'number': {
      const min = bound(schema, 'minimum', 'exclusiveMinimum', Number.EPSILON) ?? -1000;
      const max = bound(schema, 'maximum', 'exclusiveMaximum', -Number.EPSILON) ?? 1000;
      return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = (schema['items'] ?? {}) as JsonSchema;
      const minLength = (schema['minItems'] as number | undefined) ?? 0;
      const maxLength = Math.min((schema['maxItems'] as number | undefined) ?? minLength + 3, minLength + 3);
      return fc.array(validValue(items, ctx), { minLength, maxLength });
    }
    case 'object':
      return validObject(schema, ctx);
    case undefined:
      return fc.jsonValue({ maxDepth: 2 });
    default:
      throw new UnsupportedSchema(`type "${type}"`);
  }
}

function bound(schema: JsonSchema, inclusive: string, exclusive: string, step: number): number | undefined {
  if (typeof schema[inclusive] === 'number') return schema[inclusive];
  if (typeof schema[exclusive] === 'number') return schema[exclusive] + step;
  return undefined;
}

function validString(schema: JsonSchema, ctx: FuzzContext): fc.Arbitrary<string> {
  const minLength = (schema['minLength'] as number | undefined) ?? 0;
  const maxLength = (schema['maxLength'] as number | undefined) ?? 200;
  const fits = (s: string) => s.length >= minLength && s.length <= maxLength;
  switch (schema['format']) {
    case 'uuid':
      return ctx.ids.length > 0
        ? fc.oneof({ arbitrary: fc.constantFrom(...ctx.ids), weight: 3 }, fc.uuid())
        : fc.uuid();
    case 'date':
      return DAYS.map(isoDay);
    case 'date-time':
      return DAYS.map((d) => d.toISOString());
    case 'uri':
      return fc.webUrl({ validSchemes: ['https'] }).filter(fits);
    default:
  }
  if (typeof schema['pattern'] === 'string') {
    const pattern = new RegExp(schema['pattern']);
    return fc.stringMatching(pattern).filter(fits);
  }
  const phrases = PHRASES.filter(fits);
  const text = fc.string({ minLength, maxLength: Math.min(maxLength, minLength + 30), unit: 'grapheme' }).filter(fits);
  return phrases.length > 0 ? fc.oneof(fc.constantFrom(...phrases), text) : text;
}

function validObject(schema: JsonSchema, ctx: FuzzContext): fc.Arbitrary<unknown> {
  const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = (schema['required'] ?? []) as string[];
  const extra = schema['additionalProperties'];
  if (Object.keys(properties).length === 0) {
    if (extra === false) return fc.constant({});
    const values = extra && typeof extra === 'object' ? validValue(extra as JsonSchema, ctx) : fc.jsonValue();
    const names = schema['propertyNames'] as JsonSchema | undefined;
    const keys = names
      ? validValue({ type: 'string', ...names }, ctx).filter((k): k is string => typeof k === 'string')
      : fc.string({ minLength: 1, maxLength: 12 });
    return fc.dictionary(keys, values, { maxKeys: 4 });
  }
  const members = Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, validValue(s, ctx, k)]));
  return fc.record(members, { requiredKeys: required });
}

/** A piece of JSON text placed as it is, for what `JSON.stringify` cannot write (1e999, `__proto__` …). */
export class RawJson {
  constructor(readonly text: string) {}
}

const DEEP = 10_000;
const MB = 1_000_000;
const nested = (depth: number, leaf: string) => `${'{"a":'.repeat(depth)}${leaf}${'}'.repeat(depth)}`;

/** A labelled value that is wrong somewhere a value is expected. */
interface Bad {
  label: string;
  value: unknown;
}

/** Values put in place of a member: wrong types, text the database cannot store, edges of numbers and dates. */
const BAD_VALUES: Bad[] = [
  { label: 'number', value: 0 },
  { label: 'negative', value: -1 },
  { label: 'fraction', value: 1.5 },
  { label: 'true', value: true },
  { label: 'null', value: null },
  { label: 'empty-string', value: '' },
  { label: 'blank', value: ' \t\n' },
  { label: 'empty-array', value: [] },
  { label: 'empty-object', value: {} },
  { label: 'array-of-numbers', value: [1, 2, 3] },
  { label: 'object', value: { a: { b: 'c' } } },
  { label: 'nul', value: 'a\u0000b' },
  { label: 'lone-high-surrogate', value: 'x\ud800' },
  { label: 'lone-low-surrogate', value: '\udc00y' },
  { label: '1mb-string', value: 'A'.repeat(MB) },
  { label: '1mb-chinese', value: '企'.repeat(MB / 4) },
  { label: 'rtl-override', value: '\u202Eabc\u202C' },
  { label: 'combining', value: 'e\u0301\u0301\u0301\u0301' },
  { label: 'bom-zero-width', value: '\uFEFF\u200B\u200D' },
  { label: 'emoji-family', value: '👨‍👩‍👧‍👦🏳️‍🌈' },
  { label: 'astral-cjk', value: '𠀀𪚥𰻞' },
  { label: 'line-separators', value: 'a\u2028b\u2029c\r\n' },
  { label: 'fullwidth-digits', value: '１２３' },
  { label: 'ideographic-space', value: '\u3000' },
  { label: 'control-chars', value: '\u0001\u0007\u001b[31m\u007f' },
  { label: 'sql', value: "'; DROP TABLE cases; --" },
  { label: 'like-wildcards', value: '%_\\' },
  { label: 'nan-string', value: 'NaN' },
  { label: 'infinity-string', value: 'Infinity' },
  { label: 'numeric-string', value: '1' },
  { label: 'nil-uuid', value: '00000000-0000-0000-0000-000000000000' },
  { label: 'max-uuid', value: 'ffffffff-ffff-ffff-ffff-ffffffffffff' },
  { label: 'impossible-date', value: '2026-02-30' },
  { label: 'far-future-date', value: '9999-12-31' },
  { label: 'year-zero-date', value: '0000-01-01' },
  { label: 'far-future-datetime', value: '9999-12-31T23:59:59.999Z' },
  { label: 'extended-year-datetime', value: '+275760-09-13T00:00:00.000Z' },
  { label: 'epoch-datetime', value: '1970-01-01T00:00:00Z' },
  { label: 'offset-datetime', value: '2026-11-02T01:00:00+14:00' },
  { label: 'hour-25-datetime', value: '2026-11-02T25:00:00Z' },
  { label: 'int32-overflow', value: 2_147_483_648 },
  { label: 'huge-number', value: 1e308 },
  { label: 'tiny-number', value: 1e-7 },
  { label: 'unsafe-integer', value: new RawJson('9007199254740993') },
  { label: 'overflow-to-infinity', value: new RawJson('1e999') },
  { label: 'negative-zero', value: new RawJson('-0') },
  { label: 'big-array', value: new RawJson(`[${'0,'.repeat(99_999)}0]`) },
  { label: 'deep-arrays', value: new RawJson(`${'['.repeat(DEEP)}${']'.repeat(DEEP)}`) },
  { label: 'deep-objects', value: new RawJson(nested(DEEP, 'null')) },
  { label: 'nul-below-depth-40', value: new RawJson(nested(40, '"\\u0000"')) },
  { label: 'surrogate-below-depth-40', value: new RawJson(nested(40, '"\\udfff"')) },
  { label: 'nul-key-below-depth-40', value: new RawJson(nested(40, '{"\\u0000":1}')) },
  { label: 'proto-member', value: new RawJson('{"__proto__":{"admin":true},"constructor":{"prototype":{}}}') },
];

/** Whole bodies that are not what any route expects. */
const BAD_BODIES: { label: string; text: string }[] = [
  { label: 'null', text: 'null' },
  { label: 'array', text: '[]' },
  { label: 'string', text: '"x"' },
  { label: 'number', text: '0' },
  { label: 'boolean', text: 'true' },
  { label: 'empty', text: '' },
  { label: 'whitespace', text: ' \n ' },
  { label: 'truncated', text: '{"a":' },
  { label: 'trailing-garbage', text: '{}x' },
  { label: 'bom', text: '\uFEFF{}' },
  { label: 'single-quotes', text: "{'a':1}" },
  { label: 'nan', text: '{"a":NaN}' },
  { label: 'nul', text: '\u0000' },
  { label: 'nul-escape', text: '{"a":"\\u0000"}' },
  { label: 'nul-key', text: '{"\\u0000":1}' },
  { label: 'lone-surrogate-escape', text: '{"a":"\\ud800"}' },
  { label: 'deep-arrays', text: `${'['.repeat(DEEP)}${']'.repeat(DEEP)}` },
  { label: 'deep-objects', text: nested(DEEP, '1') },
  { label: 'proto', text: '{"__proto__":{"admin":true}}' },
  { label: 'constructor', text: '{"constructor":{"prototype":{"admin":true}}}' },
  { label: 'over-body-limit', text: `{"a":"${'A'.repeat(1_100_000)}"}` },
];

/** Members no schema declares: stripped or refused, never stored. */
const EXTRA_MEMBERS: { label: string; text: string }[] = [
  { label: 'proto', text: '"__proto__":{"roles":["admin"]}' },
  { label: 'constructor', text: '"constructor":{"prototype":{"admin":true}}' },
  { label: 'id', text: '"id":"00000000-0000-4000-8000-000000000000"' },
  { label: 'status', text: '"status":"closed"' },
  { label: 'jurisdiction', text: '"jurisdictionId":"00000000-0000-4000-8000-000000000000"' },
  { label: 'roles', text: '"roles":["admin"]' },
  { label: 'nul-key', text: '"\\u0000":"x"' },
  { label: 'unicode-key', text: '"标题\\u200b":"x"' },
];

/** Writes `value` as JSON, placing each RawJson's text as it is. */
export function toJson(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return `\u0001raw${raws.length - 1}\u0001`;
    }
    return v;
  });
  if (raws.length === 0) return text ?? '';
  return (text ?? '').replace(/"\\u0001raw(\d+)\\u0001"/g, (_m, i: string) => raws[Number(i)] ?? 'null');
}

type Path = (string | number)[];

/** Every place below the root of a JSON value, objects' members and arrays' items. */
function placesIn(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      out.push([...at, i]);
      placesIn(item, [...at, i], out);
    });
  } else if (value !== null && typeof value === 'object' && !(value instanceof RawJson)) {
    for (const [k, item] of Object.entries(value)) {
      out.push([...at, k]);
      placesIn(item, [...at, k], out);
    }
  }
  return out;
}

function setAt(root: unknown, path: Path, replace: (old: unknown) => unknown, remove = false): unknown {
  if (path.length === 0) return replace(root);
  const copy: unknown = Array.isArray(root) ? [...(root as unknown[])] : { ...(root as Record<string, unknown>) };
  const [head, ...rest] = path as [string | number, ...Path];
  const container = copy as Record<string | number, unknown>;
  if (rest.length === 0 && remove) {
    if (Array.isArray(copy)) copy.splice(Number(head), 1);
    else delete container[head];
  } else {
    container[head] = setAt(container[head], rest, replace, remove);
  }
  return copy;
}

/** A body: its text, what was wrong with it, and its content type (null: none is sent). */
export interface BodyCase {
  text: string | Buffer;
  mode: string;
  contentType: string | null;
}

/** Bodies derived from `schema` and then broken one way each. */
export function brokenBody(schema: JsonSchema | null, ctx: FuzzContext): fc.Arbitrary<BodyCase> {
  const json = (text: string, mode: string): BodyCase => ({ text, mode, contentType: 'application/json' });
  const whole = fc.constantFrom(...BAD_BODIES).map((b) => json(b.text, `body:whole:${b.label}`));
  if (!schema) return whole;
  const valid = validValue(schema, ctx);
  const topMembers = Object.keys(schema['properties'] ?? {});
  const replaced = fc.tuple(valid, fc.nat(), fc.constantFrom(...BAD_VALUES)).map(([value, n, bad]) => {
    const places: Path[] = [...placesIn(value), ...topMembers.map((m) => [m])];
    const place = places.length > 0 ? places[n % places.length]! : [];
    return json(
      toJson(setAt(value, place, () => bad.value)),
      `body:${place.length === 0 ? 'whole' : 'member'}:${bad.label}`,
    );
  });
  const dropped = fc.tuple(valid, fc.nat()).map(([value, n]) => {
    const places = placesIn(value);
    if (places.length === 0) return json(toJson(value), 'body:drop:nothing');
    return json(toJson(setAt(value, places[n % places.length]!, (v) => v, true)), 'body:drop:member');
  });
  const swapped = fc.tuple(valid, fc.nat()).map(([value, n]) => {
    const places: Path[] = [[], ...placesIn(value)];
    const place = places[n % places.length]!;
    return json(
      toJson(
        setAt(value, place, (v) =>
          Array.isArray(v) ? Object.fromEntries(v.map((item, i) => [String(i), item])) : [v],
        ),
      ),
      'body:container-swapped',
    );
  });
  const extra = fc.tuple(valid, fc.constantFrom(...EXTRA_MEMBERS)).map(([value, member]) => {
    const text = toJson(value);
    const spliced = text.startsWith('{') ? `{${member.text}${text === '{}' ? '' : ','}${text.slice(1)}` : text;
    return json(spliced, `body:extra-member:${member.label}`);
  });
  const duplicated = fc.tuple(valid, fc.constantFrom(...BAD_VALUES.slice(0, 11))).map(([value, bad]) => {
    const text = toJson(value);
    const first = topMembers[0];
    if (!text.startsWith('{') || first === undefined) return json(text, 'body:duplicate-member:none');
    const tail = `${JSON.stringify(first)}:${toJson(bad.value)}}`;
    return json(text === '{}' ? `{${tail}` : `${text.slice(0, -1)},${tail}`, `body:duplicate-member:${bad.label}`);
  });
  const wrapped = valid.map((value) => json(`[${toJson(value)}]`, 'body:wrapped-in-array'));
  return fc.oneof(
    { arbitrary: replaced, weight: 8 },
    { arbitrary: dropped, weight: 2 },
    { arbitrary: swapped, weight: 1 },
    { arbitrary: extra, weight: 2 },
    { arbitrary: duplicated, weight: 1 },
    { arbitrary: wrapped, weight: 1 },
    { arbitrary: whole, weight: 3 },
  );
}

/** Content types a JSON route does not take, or takes in a form a client should not send. */
const CONTENT_TYPES = [
  null,
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/xml',
  'multipart/form-data; boundary=qisu',
  'application/json; charset=utf-16le',
  'APPLICATION/JSON',
  'application/json;;',
  'application/vnd.api+json',
];

/** Text in a URL: UTF-8 percent-encoding, an unpaired surrogate as its three WTF-8 bytes. */
export function encodeText(text: string): string {
  if (/^[\w.~-]*$/.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i++;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(text[i]!);
    }
  }
  return out;
}

/** Values of a path or query parameter, already as they appear in the URL. */
const BAD_URL_VALUES: { label: string; raw: string }[] = [
  { label: 'empty', raw: '' },
  { label: 'word', raw: 'abc' },
  { label: 'negative', raw: '-1' },
  { label: 'zero', raw: '0' },
  { label: 'fraction', raw: '1.5' },
  { label: 'exponent', raw: '1e3' },
  { label: 'overflow', raw: '1e9999' },
  { label: 'nan', raw: 'NaN' },
  { label: 'infinity', raw: 'Infinity' },
  { label: 'huge', raw: '99999999999999999999' },
  { label: 'hex', raw: '0x10' },
  { label: 'plus', raw: '%2B1' },
  { label: 'padded', raw: '%201%20' },
  { label: 'true', raw: 'true' },
  { label: 'null', raw: 'null' },
  { label: 'brackets', raw: '%5B%5D' },
  { label: 'nul', raw: '%00' },
  { label: 'nul-inside', raw: 'a%00b' },
  { label: 'lone-surrogate', raw: '%ED%A0%80' },
  { label: 'truncated-utf8', raw: '%F0%9F' },
  { label: 'bad-escape', raw: '%zz' },
  { label: 'lone-percent', raw: '%' },
  { label: 'dot-dot', raw: '..' },
  { label: 'encoded-slash', raw: '..%2F..%2Fetc' },
  { label: 'long-101', raw: 'a'.repeat(101) },
  { label: '1mb', raw: 'A'.repeat(MB) },
  { label: 'over-200', raw: 'q'.repeat(201) },
  { label: 'chinese', raw: encodeText('企业诉求') },
  { label: 'rtl-override', raw: encodeText('\u202Eabc') },
  { label: 'emoji', raw: encodeText('👨‍👩‍👧') },
  { label: 'fullwidth-digits', raw: encodeText('１２３') },
  { label: 'like-wildcards', raw: encodeText('%_\\') },
  { label: 'sql', raw: encodeText("'; DROP TABLE cases; --") },
  { label: 'impossible-date', raw: '2026-02-30' },
  { label: 'far-future-date', raw: '9999-12-31' },
  { label: 'year-zero', raw: '0000-01-01' },
  { label: 'week', raw: '2026-W45' },
  { label: 'nil-uuid', raw: '00000000-0000-0000-0000-000000000000' },
  { label: 'max-uuid', raw: 'ffffffff-ffff-ffff-ffff-ffffffffffff' },
  { label: 'bad-uuid', raw: '00000000-0000-0000-0000-00000000000g' },
  { label: 'upper-uuid', raw: 'ABCDEF01-2345-4678-89AB-CDEF01234567' },
];

/** Odd query strings appended to any route's URL. */
const EXTRA_QUERIES: { label: string; raw: string }[] = [
  { label: 'unknown', raw: 'foo=bar' },
  { label: 'proto', raw: '__proto__%5Badmin%5D=1' },
  { label: 'constructor', raw: 'constructor=x' },
  { label: 'brackets', raw: 'a%5Bb%5D=c' },
  { label: 'empty-pairs', raw: '&&=&' },
  { label: 'nul', raw: 'x=%00' },
  { label: 'huge-page', raw: 'page=99999999999&pageSize=99999999' },
  { label: 'negative-page', raw: 'page=-1&pageSize=-5' },
  { label: 'nan-page', raw: 'page=NaN&pageSize=Infinity' },
  { label: 'repeated-page', raw: 'page=1&page=2&pageSize=1&pageSize=500' },
  { label: 'repeated-q', raw: 'q=a&q=b' },
  { label: 'limit', raw: 'limit=1e9999' },
];

/** How a request authenticates: as an actor of the world, not at all, or with a broken header. */
export type FuzzAuth = { kind: 'actor'; actor: string } | { kind: 'none' } | { kind: 'header'; value: string };

/** One generated request of one route. */
export interface FuzzRequest {
  op: Operation;
  method: string;
  url: string;
  auth: FuzzAuth;
  lang: string | null;
  body: BodyCase | null;
  /** What is wrong with it (`valid` when nothing is meant to be). */
  mode: string;
}

const BAD_AUTH = [
  'Bearer',
  'Bearer ',
  'Bearer not-a-token',
  `Bearer ${'a'.repeat(10_000)}`,
  'Basic dXNlcjpwYXNz',
  'Bearer a b',
  'Token abc',
];
const LANGS = [null, 'zh-CN', 'en-US', 'en;q=abc', 'fr, *;q=0.5', `${'x,'.repeat(500)}en`];

/** Options of the request generator: who may send, and a body generator for non-JSON routes. */
export interface RequestOptions {
  /** Actors of the world, privileged and narrow; the generator adds no auth and broken auth. */
  actors: readonly string[];
  /** Bodies of a route whose body is not JSON (multipart), replacing the schema-derived ones. */
  bodies?: fc.Arbitrary<BodyCase>;
}

/**
 * Requests of one operation: valid-looking ones (real ids in the path, schema-derived query and
 * body, sent as any actor, without credentials or with broken ones) and, for a route that takes
 * a body, a query or path parameters, more often ones broken in one place each — the body, the
 * query, a path parameter or the content type.
 */
export function requestsOf(op: Operation, ctx: FuzzContext, options: RequestOptions): fc.Arbitrary<FuzzRequest> {
  const auth: fc.Arbitrary<FuzzAuth> = fc.oneof(
    { arbitrary: fc.constantFrom(...options.actors).map((actor): FuzzAuth => ({ kind: 'actor', actor })), weight: 8 },
    { arbitrary: fc.constant<FuzzAuth>({ kind: 'none' }), weight: 1 },
    { arbitrary: fc.constantFrom(...BAD_AUTH).map((value): FuzzAuth => ({ kind: 'header', value })), weight: 1 },
  );
  const lang = fc.constantFrom(...LANGS);
  const pathArb = fc.tuple(...op.params.map((p) => validPathValue(op, p, ctx)));
  const queryArb = validQuery(op, ctx);
  const hasBody = op.method !== 'GET';
  const validBody: fc.Arbitrary<BodyCase | null> = options.bodies
    ? options.bodies
    : op.body
      ? validValue(op.body, ctx).map((v) => ({ text: toJson(v), mode: 'valid', contentType: 'application/json' }))
      : fc.constant(null);

  const build = (
    path: string[],
    query: string[],
    body: BodyCase | null,
    who: FuzzAuth,
    language: string | null,
    mode: string,
  ): FuzzRequest => {
    let url = op.path;
    op.params.forEach((p, i) => {
      url = url.replace(`{${p.name}}`, path[i] ?? '');
    });
    if (query.length > 0) url += `?${query.join('&')}`;
    return { op, method: op.method, url, auth: who, lang: language, body, mode };
  };

  const valid = fc
    .tuple(pathArb, queryArb, validBody, auth, lang)
    .map(([p, q, b, a, l]) => build(p, q, b, a, l, b && b.mode !== 'valid' ? b.mode : 'valid'));
  const anyActor = fc.constantFrom(...options.actors).map((actor): FuzzAuth => ({ kind: 'actor', actor }));
  const modes: fc.WeightedArbitrary<FuzzRequest>[] = [{ arbitrary: valid, weight: 4 }];
  if (hasBody) {
    const broken = options.bodies ?? brokenBody(op.body, ctx);
    modes.push({
      arbitrary: fc
        .tuple(pathArb, queryArb, broken, anyActor, lang)
        .map(([p, q, b, a, l]) => build(p, q, b, a, l, b.mode)),
      weight: op.body || options.bodies ? 5 : 1,
    });
    if (op.body) {
      modes.push({
        arbitrary: fc
          .tuple(pathArb, queryArb, validBody, fc.constantFrom(...CONTENT_TYPES), anyActor)
          .map(([p, q, b, type, a]) =>
            build(p, q, b && { ...b, contentType: type }, a, null, `content-type:${type ?? 'none'}`),
          ),
        weight: 1,
      });
    }
  }
  if (op.query.length > 0) {
    modes.push({
      arbitrary: fc
        .tuple(pathArb, queryArb, fc.nat(), fc.constantFrom(...BAD_URL_VALUES), validBody, anyActor)
        .map(([p, q, n, bad, b, a]) => {
          const spec = op.query[n % op.query.length]!;
          const others = q.filter((pair) => !pair.startsWith(`${spec.name}=`));
          return build(p, [...others, `${spec.name}=${bad.raw}`], b, a, null, `query:${spec.name}:${bad.label}`);
        }),
      weight: 3,
    });
  }
  modes.push({
    arbitrary: fc
      .tuple(pathArb, queryArb, fc.constantFrom(...EXTRA_QUERIES), validBody, anyActor)
      .map(([p, q, extra, b, a]) => build(p, [...q, extra.raw], b, a, null, `query-extra:${extra.label}`)),
    weight: 1,
  });
  if (op.params.length > 0) {
    const badPath = fc.oneof(
      { arbitrary: fc.constantFrom(...BAD_URL_VALUES).map((b) => ({ raw: b.raw, label: b.label })), weight: 3 },
      { arbitrary: fc.uuid().map((raw) => ({ raw, label: 'random-uuid' })), weight: 1 },
      {
        arbitrary: fc.string({ minLength: 1, maxLength: 40, unit: 'binary' }).map((s) => ({
          raw: encodeText(s),
          label: 'random-text',
        })),
        weight: 1,
      },
    );
    modes.push({
      arbitrary: fc.tuple(pathArb, fc.nat(), badPath, queryArb, validBody, anyActor).map(([p, n, bad, q, b, a]) => {
        const i = n % op.params.length;
        const path = p.map((v, j) => (j === i ? bad.raw : v));
        return build(path, q, b, a, null, `path:${op.params[i]!.name}:${bad.label}`);
      }),
      weight: 3,
    });
  }
  return fc.oneof(...modes);
}

function validPathValue(op: Operation, param: ParamSpec, ctx: FuzzContext): fc.Arbitrary<string> {
  const own = ctx.pathValues(op, param.name);
  if (!own || own.length === 0) {
    throw new UnsupportedSchema(`${op.key}: the world has no own objects for path parameter "${param.name}"`);
  }
  return fc.oneof(
    { arbitrary: fc.constantFrom(...own).map((v) => encodeText(String(v))), weight: 4 },
    { arbitrary: validValue(param.schema, ctx).map((v) => encodeText(String(v))), weight: 1 },
  );
}

function validQuery(op: Operation, ctx: FuzzContext): fc.Arbitrary<string[]> {
  if (op.query.length === 0) return fc.constant([]);
  const members = Object.fromEntries(op.query.map((p) => [p.name, validValue(p.schema, ctx, p.name)]));
  const required = op.query.filter((p) => p.required).map((p) => p.name);
  return fc
    .record(members, { requiredKeys: required })
    .map((values) =>
      Object.entries(values).flatMap(([name, v]) =>
        (Array.isArray(v) ? v : [v]).map((item) => `${name}=${encodeText(String(item))}`),
      ),
    );
}

/** One part of a multipart body; text is written as UTF-8, an unpaired surrogate as its WTF-8 bytes. */
interface Part {
  field: string;
  filename?: string;
  contentType?: string;
  content: Buffer | string;
}

/** Text as bytes, an unpaired surrogate kept as the three bytes a careless encoder writes for it. */
function wtf8(text: string): Buffer {
  const encoded = encodeText(text);
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    if (encoded[i] === '%') {
      bytes.push(parseInt(encoded.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(encoded.charCodeAt(i));
    }
  }
  return Buffer.from(bytes);
}

function multipart(parts: Part[], boundary: string, close = true): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    let head = `--${boundary}\r\ncontent-disposition: form-data; name="${p.field}"`;
    if (p.filename !== undefined) head += `; filename="${p.filename}"`;
    if (p.contentType !== undefined) head += `\r\ncontent-type: ${p.contentType}`;
    chunks.push(
      wtf8(`${head}\r\n\r\n`),
      typeof p.content === 'string' ? wtf8(p.content) : p.content,
      Buffer.from('\r\n'),
    );
  }
  if (close) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

/** A zip of stored (uncompressed) entries, enough for a .docx. */
function storedZip(files: [string, string | Buffer][]): Buffer {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of files) {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(0x0800, 6);
    head.writeUInt16LE(0x21, 12);
    head.writeUInt32LE(crc, 14);
    head.writeUInt32LE(data.length, 18);
    head.writeUInt32LE(data.length, 22);
    head.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(0x21, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    local.push(head, nameBytes, data);
    central.push(entry, nameBytes);
    offset += head.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, directory, end]);
}

/**
 * A .docx of one paragraph whose XML text is `xmlText` exactly as written, character references
 * included (`&#0;` is what a careless editor may save; XML parsers decode it all the same).
 */
export function docxWithXmlText(xmlText: string): Buffer {
  const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
  return storedZip([
    [
      '[Content_Types].xml',
      `${xml}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ],
    [
      '_rels/.rels',
      `${xml}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ],
    [
      'word/document.xml',
      `${xml}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
        `<w:p><w:r><w:t>${xmlText}</w:t></w:r></w:p></w:body></w:document>`,
    ],
  ]);
}

const POLICY_TEXT = '第一条 稳岗返还。上年度未裁员的企业予以返还。\n第二条 房租减免。小微企业减免3个月租金。';

/** Files an upload may carry: good text and .docx, and files broken one way each. */
const FILES: { label: string; filename: string; content: Buffer | string }[] = [
  { label: 'text', filename: '惠企措施.txt', content: POLICY_TEXT },
  { label: 'docx', filename: '惠企措施.docx', content: docxWithXmlText(POLICY_TEXT) },
  { label: 'text-nul', filename: 'a.txt', content: `${POLICY_TEXT}\u0000` },
  { label: 'text-lone-surrogate', filename: 'a.txt', content: `${POLICY_TEXT}\ud800` },
  { label: 'text-latin1', filename: 'a.txt', content: Buffer.from([0x63, 0x61, 0x66, 0xe9]) },
  { label: 'text-bom-only', filename: 'a.txt', content: '\uFEFF' },
  { label: 'docx-nul', filename: 'a.docx', content: docxWithXmlText('第一条 稳岗&#0;返还。') },
  { label: 'docx-lone-surrogate', filename: 'a.docx', content: docxWithXmlText('第一条 稳岗&#xD800;返还。') },
  { label: 'docx-control', filename: 'a.docx', content: docxWithXmlText('第一条 &#1;&#27;返还。') },
  { label: 'docx-empty', filename: 'a.docx', content: docxWithXmlText('') },
  { label: 'docx-truncated', filename: 'a.docx', content: docxWithXmlText(POLICY_TEXT).subarray(0, 200) },
  { label: 'zip-not-docx', filename: 'a.docx', content: storedZip([['x.txt', 'x']]) },
  { label: 'empty', filename: 'a.txt', content: '' },
  { label: 'binary', filename: 'a.bin', content: Buffer.from([0, 255, 0, 1, 2]) },
  { label: 'pdf', filename: 'a.pdf', content: '%PDF-1.4\n%' },
];

/** File names: good, and with NUL, unpaired surrogates, paths, bidi overrides, great length. */
const FILENAMES = [
  '说明.txt',
  'a\u0000b.txt',
  'x\ud800.txt',
  '../../etc/passwd',
  '',
  `${'长'.repeat(300)}.txt`,
  'e\u0301.txt',
  '\u202Etxt.exe',
  'a"b.txt',
];

/** Values of a text field beside the file: good, and broken one way each. */
const FIELD_VALUES = [
  '某县惠企措施',
  'a\u0000b',
  'x\udc00',
  '\u0001\u001b',
  '',
  '\u3000',
  'A'.repeat(20_000),
  '开政办发〔2026〕12号',
];

/**
 * Bodies of an upload route (multipart, one file in field `file`, some text fields): a good form
 * broken in one place — the file (NUL or unpaired surrogates in text or .docx, not UTF-8, empty,
 * truncated, over the limit), its name, one text field — or in its structure (no or another
 * boundary, unclosed, two files, a file elsewhere, too many fields, JSON instead).
 */
export function multipartBodies(textFields: readonly string[], overLimitBytes: number): fc.Arbitrary<BodyCase> {
  const boundary = 'qisuFuzzBoundary';
  const type = `multipart/form-data; boundary=${boundary}`;
  const form = (mode: string, body: Buffer, contentType: string | null = type): BodyCase => ({
    text: body,
    mode: `multipart:${mode}`,
    contentType,
  });
  const good = FILES[0]!;
  const fileOf = (f: { filename: string; content: Buffer | string }, filename = f.filename): Part => ({
    field: 'file',
    filename,
    contentType: 'application/octet-stream',
    content: f.content,
  });
  const fields = (value: (field: string) => string) => textFields.map((field) => ({ field, content: value(field) }));
  const structures: BodyCase[] = [
    form(
      'over-limit',
      multipart([fileOf({ filename: 'big.txt', content: Buffer.alloc(overLimitBytes, 0x61) })], boundary),
    ),
    form('two-files', multipart([fileOf(good), fileOf(good, 'b.txt')], boundary)),
    form('file-elsewhere', multipart([{ ...fileOf(good), field: 'other' }], boundary)),
    form(
      'no-file',
      multipart(
        fields(() => 'x'),
        boundary,
      ),
    ),
    form('unclosed', multipart([fileOf(good)], boundary, false)),
    form('no-boundary', multipart([fileOf(good)], boundary), 'multipart/form-data'),
    form('wrong-boundary', multipart([fileOf(good)], 'other')),
    form('garbage', Buffer.from('\u0000\u0001garbage\r\n--\r\n')),
    form('empty', Buffer.alloc(0)),
    form(
      'many-fields',
      multipart(
        Array.from({ length: 30 }, (_, i) => ({ field: `f${i}`, content: 'x' })),
        boundary,
      ),
    ),
    ...BAD_BODIES.slice(0, 8).map((b) => ({
      text: b.text,
      mode: `multipart:json-${b.label}`,
      contentType: 'application/json',
    })),
  ];
  const arbitraries: fc.WeightedArbitrary<BodyCase>[] = [
    {
      arbitrary: fc.constantFrom(...FILES).map((f) => form(`file:${f.label}`, multipart([fileOf(f)], boundary))),
      weight: 4,
    },
    {
      arbitrary: fc
        .constantFrom(...FILENAMES)
        .map((name) => form('filename', multipart([fileOf(good, name)], boundary))),
      weight: 2,
    },
    { arbitrary: fc.constantFrom(...structures), weight: 3 },
  ];
  if (textFields.length > 0) {
    arbitraries.push({
      arbitrary: fc
        .tuple(fc.constantFrom(...textFields), fc.constantFrom(...FIELD_VALUES))
        .map(([field, value]) =>
          form(`field:${field}`, multipart([...fields((f) => (f === field ? value : '某县')), fileOf(good)], boundary)),
        ),
      weight: 4,
    });
  }
  return fc.oneof(...arbitraries);
}

/** A database's state, cheap to compare: the next transaction id and, per table, rows and a digest. */
export class ChangeWatch {
  private constructor(
    private readonly db: Kysely<Database>,
    private readonly query: string,
    private xid: string,
    private digests: Map<string, string>,
  ) {}

  /**
   * Watches every table of the `public` schema. A request that wrote nothing leaves the next
   * transaction id where it was, so most checks are one tiny query; when it moved (a write, a
   * lock, a rolled-back attempt) each table's rows are digested and compared.
   */
  static async start(db: Kysely<Database>): Promise<ChangeWatch> {
    const tables = await sql<{ name: string }>`
      SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(db);
    const query = tables.rows
      .map(
        ({ name }) =>
          `SELECT '${name}' AS name, count(*)::text || ':' || md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS digest FROM "${name}" x`,
      )
      .join(' UNION ALL ');
    const watch = new ChangeWatch(db, query, '', new Map());
    watch.xid = await watch.nextXid();
    watch.digests = await watch.digest();
    return watch;
  }

  private async nextXid(): Promise<string> {
    const r = await sql<{ xid: string }>`SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xid`.execute(this.db);
    return r.rows[0]!.xid;
  }

  private async digest(): Promise<Map<string, string>> {
    const r = await sql.raw<{ name: string; digest: string }>(this.query).execute(this.db);
    return new Map(r.rows.map((row) => [row.name, row.digest]));
  }

  /** The tables whose rows differ from the last call's (or the start's). */
  async changes(): Promise<string[]> {
    const xid = await this.nextXid();
    if (xid === this.xid) return [];
    this.xid = xid;
    const digests = await this.digest();
    const changed = [...digests].filter(([name, d]) => this.digests.get(name) !== d).map(([name]) => name);
    this.digests = digests;
    return changed;
  }
}
