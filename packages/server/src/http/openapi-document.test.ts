import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { ENGINES } from '../testing/engines.js';
import { testApp } from '../testing/http.js';
import { VERSION } from '../version.js';
import { openApiDocument } from './openapi-document.js';

type Doc = {
  openapi: string;
  info: { version: string };
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>
  >;
};

const pglite = ENGINES.find((e) => e.name === 'pglite')!;

describe('the OpenAPI document for the build', () => {
  it('is written without a database and equals what a running server serves', async () => {
    const built = (await openApiDocument()) as Doc;
    expect(built.openapi).toBe('3.1.0');
    expect(built.info.version).toBe(VERSION);

    const handle = await pglite.open();
    try {
      const app = await testApp(handle, new ManualClock(), { version: VERSION });
      const served = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<Doc>();
      await app.close();
      expect(built).toEqual(served);
    } finally {
      await handle.close();
    }
  });

  it('types the responses the console reads: the profile, calendar sources and allowed commands', async () => {
    const doc = (await openApiDocument()) as Doc;
    const json = (path: string) => JSON.stringify(doc.paths[path]?.['get']?.responses['200']?.content);
    expect(json('/api/v1/profile')).toContain('"satisfiedMinScore"');
    expect(json('/api/v1/calendar')).toContain('"statutory"');
    expect(json('/api/v1/cases/{id}')).toContain('"decide-extension"');
  });
});
