import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import { sendOfficeFile } from '../http/office-file.js';
import {
  CreatedLibraryEntry,
  CreateLibraryEntryBody,
  LibraryEntryParams,
  LibraryEntrySchema,
  LibraryListSchema,
  LibraryQuery,
  TypicalCasesQuery,
  UpdateLibraryEntryBody,
} from './library.schemas.js';
import {
  createLibraryEntry,
  getLibraryEntry,
  listLibrary,
  typicalCasesBrief,
  updateLibraryEntry,
} from './library.service.js';

/**
 * The experience library (经验积累库 / 典型案例): closed cases distilled by the hub, searched by
 * staff, offered at screening (through `GET /api/v1/cases/{id}/similar`), and the typical ones
 * published in a 简报. SPEC §10 fixes `POST` and `GET /api/v1/library`.
 */
export function registerLibraryRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = { security: SECURED, tags: ['library'] };
  r.post(
    '/api/v1/library',
    {
      schema: {
        ...base,
        summary: '将已销号诉求纳入经验库 / distil a closed case into the experience library',
        body: CreateLibraryEntryBody,
        response: { 201: CreatedLibraryEntry, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const created = await createLibraryEntry(deps, actorOf(request), request.body);
      return reply.code(201).send(created);
    },
  );
  r.get(
    '/api/v1/library',
    {
      schema: {
        ...base,
        summary: '检索经验库（问题、办法、标签）/ search the experience library by problem, resolution and tags',
        querystring: LibraryQuery,
        response: { 200: LibraryListSchema, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => listLibrary(deps, actorOf(request), request.query),
  );
  r.get(
    '/api/v1/library/:id',
    {
      schema: {
        ...base,
        summary: '经验库条目 / one experience library entry',
        params: LibraryEntryParams,
        response: { 200: LibraryEntrySchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => getLibraryEntry(deps, actorOf(request), request.params.id),
  );
  r.put(
    '/api/v1/library/:id',
    {
      schema: {
        ...base,
        summary: '编辑经验库条目，标为典型案例 / edit an entry, mark it a typical case',
        params: LibraryEntryParams,
        body: UpdateLibraryEntryBody,
        response: { 200: LibraryEntrySchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => updateLibraryEntry(deps, actorOf(request), request.params.id, request.body),
  );
  r.get(
    '/api/v1/reports/typical-cases.docx',
    {
      schema: {
        security: SECURED,
        tags: ['reports'],
        summary: '典型案例简报（Word）/ the typical-case brief of a period',
        querystring: TypicalCasesQuery,
        response: { 200: z.unknown().describe('the .docx bytes / 文档'), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { document, fileName } = await typicalCasesBrief(deps, actorOf(request), request.query);
      return sendOfficeFile(reply, 'docx', fileName, document);
    },
  );
}
