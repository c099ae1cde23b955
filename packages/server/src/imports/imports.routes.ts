import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../context.js';
import { invalidField, malformedForm, pickLang } from '../errors.js';
import { actorOf } from '../http/auth-hook.js';
import { ErrorBody, errorResponses, SECURED } from '../http/common-schemas.js';
import { sendOfficeFile } from '../http/office-file.js';
import { IMPORT_KINDS, IMPORT_MAX_BYTES } from './imports.columns.js';
import { ImportQuery, ImportResult } from './imports.schemas.js';
import type { IncomingImportFile } from './imports.service.js';
import { importCases, importEnterprises, importFileTooLarge, importTemplate } from './imports.service.js';

/**
 * Reads the one file of field `file`; other fields are ignored. The parser's limit stops an
 * oversized file without buffering it whole.
 */
async function receiveImportFile(request: FastifyRequest): Promise<IncomingImportFile> {
  if (!request.isMultipart()) {
    throw invalidField('file', '请以 multipart/form-data 上传文件', 'send the file as multipart/form-data');
  }
  let found: IncomingImportFile | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file') continue;
      const bytes = await part.toBuffer();
      if (part.fieldname === 'file') found = { filename: part.filename, bytes };
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw importFileTooLarge();
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw invalidField('file', '每次只能导入一个文件', 'import one file at a time');
    }
    throw malformedForm();
  }
  if (!found) throw invalidField('file', '缺少文件（表单字段 file）', 'no file in form field "file"');
  return found;
}

const IMPORT_RULES =
  '上传一个 .xlsx（表单字段 file，≤5 MB，≤5000 行）。先逐行逐格校验：有错误时答 400 IMPORT_INVALID，' +
  '`errors` 列出 `{row, column, cell, value?, message}`（按 Accept-Language），不写入任何数据；全部正确时在一个事务中写入。' +
  '`dryRun=true` 只校验。\n' +
  'One .xlsx in form field "file" (≤5 MB, ≤5,000 rows). Every row and cell is checked first: any error answers ' +
  '400 IMPORT_INVALID with `errors` `[{row, column, cell, value?, message}]` (in the Accept-Language) and nothing ' +
  'is written; when every row is valid, all are written in one transaction. `dryRun=true` checks only.';

/**
 * Import from Excel (admin, hub): the enterprise list and cases (a plain list or seed 003's
 * 附件2 问题台账) into the caller's jurisdiction, and their empty templates. Multipart is
 * registered in the import routes' scope only.
 */
export function registerImportRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = { security: SECURED, tags: ['imports'] };

  for (const kind of IMPORT_KINDS) {
    r.get(
      `/api/v1/imports/templates/${kind}.xlsx`,
      {
        schema: {
          ...base,
          summary:
            kind === 'enterprises'
              ? '企业名单导入模板 / the template of the enterprise import'
              : '诉求清单导入模板 / the template of the case import',
          response: { 200: z.unknown().describe('the .xlsx bytes / 工作簿'), ...errorResponses(401, 403) },
        },
      },
      async (request, reply) => {
        const { name, bytes } = await importTemplate(actorOf(request), kind);
        return sendOfficeFile(reply, 'xlsx', name, bytes);
      },
    );
  }

  void app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 10, fieldSize: 1_000, parts: 11, headerPairs: 100 },
    });
    const s = scope.withTypeProvider<ZodTypeProvider>();
    s.post(
      '/api/v1/imports/enterprises',
      {
        schema: {
          ...base,
          summary: '从 Excel 导入企业名单（管理员、营商办）/ import the enterprise list from Excel (admin, hub)',
          description:
            `${IMPORT_RULES}\n本辖区已登记的统一社会信用代码按该行更新（空白单元格保留原值），行的 action 为 update。\n` +
            'A USCC already registered in the jurisdiction updates that entry from the row (blank cells keep the stored values): action update.',
          consumes: ['multipart/form-data'],
          querystring: ImportQuery,
          response: { 200: ImportResult, ...errorResponses(400, 401, 403, 409), 413: ErrorBody },
        },
      },
      (request) =>
        importEnterprises(deps, actorOf(request), () => receiveImportFile(request), {
          dryRun: request.query.dryRun === 'true',
          lang: pickLang(request.headers['accept-language']),
        }),
    );
    s.post(
      '/api/v1/imports/cases',
      {
        schema: {
          ...base,
          summary:
            '从 Excel 导入诉求（诉求清单或附件2 问题台账；管理员、营商办）/ import cases from Excel (a list or 附件2; admin, hub)',
          description:
            `${IMPORT_RULES}\n按表头识别诉求清单或滕州附件2 问题台账（表头可在标题行之下）；已导入过的外部编号、` +
            '本平台导出的台账行（备注为本平台诉求编号）跳过，不重复建件。\n' +
            'The header tells a plain list from seed 003’s 附件2 (the header may stand below a title). A row whose ' +
            'external reference was imported before, or a 附件2 row whose remark names a case of this platform, is skipped.',
          consumes: ['multipart/form-data'],
          querystring: ImportQuery,
          response: { 200: ImportResult, ...errorResponses(400, 401, 403, 409), 413: ErrorBody },
        },
      },
      (request) =>
        importCases(deps, actorOf(request), () => receiveImportFile(request), {
          dryRun: request.query.dryRun === 'true',
          lang: pickLang(request.headers['accept-language']),
        }),
    );
  });
}
