import fc from 'fast-check';
import mammoth from 'mammoth';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.js';
import { ENGINES } from './engines.js';
import type { FuzzContext, Operation } from './fuzz.js';
import {
  ChangeWatch,
  docxWithXmlText,
  encodeText,
  operationsOf,
  RawJson,
  requestsOf,
  toJson,
  UnsupportedSchema,
  validValue,
} from './fuzz.js';

const ctx: FuzzContext = { ids: ['0b8e3a52-6f1c-4d7e-9a41-2c5f8e7d6b90'], pathValues: () => ['x'] };

describe('the schema fuzzer', () => {
  it('names every route it cannot fuzz: a body that is not JSON, an unknown keyword or format', () => {
    const { operations, problems } = operationsOf({
      paths: {
        '/a': { post: { requestBody: { content: { 'application/xml': { schema: { type: 'object' } } } } } },
        '/b': { get: { parameters: [{ in: 'query', name: 'q', schema: { type: 'string', format: 'email' } }] } },
        '/c/{id}': {
          put: {
            parameters: [{ in: 'path', name: 'id', required: true, schema: { type: 'string' } }],
            requestBody: {
              content: { 'application/json': { schema: { type: 'object', properties: { n: { multipleOf: 2 } } } } },
            },
          },
        },
        '/d': { get: { parameters: [{ in: 'header', name: 'x', schema: { type: 'string' } }] } },
      },
    });
    expect(operations.map((op) => op.key)).toEqual(['POST /a', 'GET /b', 'PUT /c/{id}', 'GET /d']);
    expect(problems).toEqual([
      'POST /a: a body of application/xml',
      'GET /b q: format "email"',
      'PUT /c/{id} body.n: keyword "multipleOf"',
      'GET /d: parameters in header',
    ]);
  });

  it('refuses a route whose path parameter has no own objects in the world', () => {
    const op: Operation = {
      method: 'GET',
      path: '/things/{id}',
      key: 'GET /things/{id}',
      params: [{ name: 'id', required: true, schema: { type: 'string', format: 'uuid' } }],
      query: [],
      body: null,
    };
    expect(() => requestsOf(op, { ...ctx, pathValues: () => null }, { actors: ['hub'] })).toThrow(UnsupportedSchema);
  });

  it('derives values that satisfy the schema: required members, enums, lengths, bounds, patterns', () => {
    const schema = {
      type: 'object',
      properties: {
        kind: { type: 'string', enum: ['a', 'b'] },
        name: { type: 'string', minLength: 2, maxLength: 5 },
        n: { type: 'integer', minimum: 1, maximum: 3 },
        code: { type: 'string', pattern: '^\\d{6}$' },
        id: { type: 'string', format: 'uuid' },
        tags: { type: 'array', items: { type: 'string', maxLength: 3 }, minItems: 1, maxItems: 2 },
        maybe: { anyOf: [{ type: 'string', maxLength: 3 }, { type: 'null' }] },
      },
      required: ['kind', 'name', 'n', 'code', 'id', 'tags'],
    };
    for (const v of fc.sample(validValue(schema, ctx), { seed: 1, numRuns: 200 }) as Record<string, unknown>[]) {
      expect(['a', 'b']).toContain(v['kind']);
      expect(String(v['name']).length).toBeGreaterThanOrEqual(2);
      expect(String(v['name']).length).toBeLessThanOrEqual(5);
      expect(v['n']).toBeGreaterThanOrEqual(1);
      expect(v['n']).toBeLessThanOrEqual(3);
      expect(v['code']).toMatch(/^\d{6}$/);
      expect(v['id']).toMatch(/^[0-9a-f-]{36}$/);
      expect((v['tags'] as string[]).length).toBeGreaterThanOrEqual(1);
      expect(v['maybe'] === undefined || v['maybe'] === null || (v['maybe'] as string).length <= 3).toBe(true);
    }
  });

  it('writes raw JSON where JSON.stringify cannot, and encodes an unpaired surrogate as WTF-8 in URLs', () => {
    expect(toJson({ a: new RawJson('1e999'), b: [new RawJson('-0')], c: 'x' })).toBe('{"a":1e999,"b":[-0],"c":"x"}');
    expect(encodeText('a\ud800b')).toBe('a%ED%A0%80b');
    expect(encodeText('企😀')).toBe('%E4%BC%81%F0%9F%98%80');
    expect(encodeText('page-1_x.y~')).toBe('page-1_x.y~');
  });

  it('builds a .docx that Word readers open, with character references decoded', async () => {
    expect((await mammoth.extractRawText({ buffer: docxWithXmlText('第一条&#0;返还') })).value).toBe(
      '第一条\u0000返还\n\n',
    );
  });
});

describe.each(ENGINES)('ChangeWatch on $name', (engine) => {
  let handle: Db;
  beforeAll(async () => {
    handle = await engine.open();
  });
  afterAll(() => handle.close());

  it('sees a committed write, and neither reads nor a rolled-back write', async () => {
    const watch = await ChangeWatch.start(handle.db);
    await sql`SELECT count(*) FROM regions`.execute(handle.db);
    expect(await watch.changes()).toEqual([]);

    await handle.db
      .transaction()
      .execute(async (trx) => {
        await trx
          .insertInto('regions')
          .values({ code: '110000', name: '北京市', level: 'province', parent_code: null })
          .execute();
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await watch.changes()).toEqual([]);

    await handle.db
      .insertInto('regions')
      .values({ code: '110000', name: '北京市', level: 'province', parent_code: null })
      .execute();
    expect(await watch.changes()).toEqual(['regions']);
    await handle.db.updateTable('regions').set({ name: '北京' }).where('code', '=', '110000').execute();
    expect(await watch.changes()).toEqual(['regions']);
    expect(await watch.changes()).toEqual([]);
  });
});
