import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../context.js';
import { unstorableTextAt, unstorableTextError } from '../db/text.js';
import { invalidField, malformedForm } from '../errors.js';
import { actorOf } from '../http/auth-hook.js';
import { ErrorBody, errorResponses, SECURED } from '../http/common-schemas.js';
import {
  CasePassagesParams,
  LimitQuery,
  PolicyDocumentDetail,
  PolicyDocumentView,
  PolicyIdParams,
  PolicySearchQuery,
  PolicySearchResult,
  PolicyTextBody,
} from './policies.schemas.js';
import type { IncomingPolicyFile } from './policies.service.js';
import {
  casePolicyPassages,
  createPolicy,
  deletePolicy,
  getPolicy,
  importPolicy,
  listPolicies,
  POLICY_FILE_MAX_BYTES,
  policyFileTooLarge,
  searchPolicies,
} from './policies.service.js';
import { PolicyListQuery } from './policy-market.schemas.js';
import { registerPolicyMarketRoutes } from './policy-market.routes.js';

/**
 * Reads an import's multipart body: the one file of field `file` and the text fields beside it,
 * refusing a field with text the database cannot store as the text guard does for JSON bodies.
 * The parser's limit stops an oversized file without buffering it whole.
 */
async function receivePolicyFile(request: FastifyRequest): Promise<IncomingPolicyFile> {
  if (!request.isMultipart()) {
    throw invalidField('file', '请以 multipart/form-data 上传文件', 'send the file as multipart/form-data');
  }
  let found: { filename: string; bytes: Buffer } | undefined;
  const fields: Record<string, string> = {};
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === 'file') found = { filename: part.filename, bytes };
      } else if (typeof part.value === 'string' && part.value.trim().length > 0) {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw policyFileTooLarge();
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw invalidField('file', '每次只能导入一个文件', 'import one file at a time');
    }
    throw malformedForm();
  }
  if (!found) throw invalidField('file', '缺少文件（表单字段 file）', 'no file in form field "file"');
  const unstorable = unstorableTextAt(fields);
  if (unstorable) throw unstorableTextError(unstorable);
  return { ...found, fields };
}

/**
 * The policy library (政策库): documents pasted or imported (.txt, .docx), split into passages,
 * and questions answered by ranked passages — for the library and for a case under screening.
 * Multipart is registered in the import route's scope only.
 */
export function registerPolicyRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = { security: SECURED, tags: ['policy library'] };

  r.get(
    '/api/v1/policies',
    {
      schema: {
        ...base,
        summary:
          '政策库文件（最新的在前；企业只见适用于本企业的政策）/ the library’s documents, newest first (an enterprise sees those meant for it)',
        querystring: PolicyListQuery,
        response: { 200: z.array(PolicyDocumentView), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => listPolicies(deps, actorOf(request), request.query),
  );
  r.get(
    '/api/v1/policies/search',
    {
      schema: {
        ...base,
        summary: '政策问答：按问题检索条款（BM25）/ answer a question with ranked passages (BM25)',
        querystring: PolicySearchQuery,
        response: { 200: PolicySearchResult, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => searchPolicies(deps, actorOf(request), request.query),
  );
  r.post(
    '/api/v1/policies',
    {
      schema: {
        ...base,
        summary: '粘贴正文新增政策文件（管理员、营商办）/ add a document from pasted text (admin, hub)',
        body: PolicyTextBody,
        response: { 201: PolicyDocumentView, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(await createPolicy(deps, actorOf(request), request.body)),
  );
  r.get(
    '/api/v1/policies/:id',
    {
      schema: {
        ...base,
        summary:
          '政策文件及其条款（企业打开推送的政策时记录已读）/ a document with its passages; an enterprise opening a pushed policy is recorded',
        params: PolicyIdParams,
        response: { 200: PolicyDocumentDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => getPolicy(deps, actorOf(request), request.params.id),
  );
  r.delete(
    '/api/v1/policies/:id',
    {
      schema: {
        ...base,
        summary: '删除政策文件（管理员、营商办）/ delete a document (admin, hub)',
        params: PolicyIdParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deletePolicy(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  r.get(
    '/api/v1/cases/:id/policy-passages',
    {
      schema: {
        ...base,
        summary: '可用于答复此诉求的政策条款 / policy passages that may answer the case',
        params: CasePassagesParams,
        querystring: LimitQuery,
        response: { 200: PolicySearchResult, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => casePolicyPassages(deps, actorOf(request), request.params.id, request.query.limit),
  );

  registerPolicyMarketRoutes(app, deps);

  void app.register(async (scope) => {
    await scope.register(multipart, {
      limits: {
        fileSize: POLICY_FILE_MAX_BYTES,
        files: 1,
        fields: 10,
        fieldSize: 10_000,
        parts: 11,
        headerPairs: 100,
      },
    });
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/v1/policies/import',
      {
        schema: {
          ...base,
          summary: '导入政策文件（.txt 或 .docx，字段 file）/ import a .txt or .docx (multipart field "file")',
          description:
            '可选表单字段 title、docNumber、issuer；无标题时取正文首行。文本须为 UTF-8，文件不超过 5 MB。\n' +
            'Optional form fields title, docNumber, issuer; without a title the first line is the title. ' +
            'Text must be UTF-8; at most 5 MB.',
          consumes: ['multipart/form-data'],
          response: { 201: PolicyDocumentView, ...errorResponses(400, 401, 403), 413: ErrorBody },
        },
      },
      async (request, reply) => {
        const created = await importPolicy(deps, actorOf(request), () => receivePolicyFile(request));
        return reply.status(201).send(created);
      },
    );
  });
}
