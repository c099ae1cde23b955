import multipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DEFAULT_ATTACHMENT_MAX_BYTES } from '../attachments/attachments.routes.js';
import type { AttachmentDeps, IncomingFile } from '../attachments/attachments.service.js';
import { tooLarge } from '../attachments/attachments.service.js';
import { attachmentRoot, BlobStore } from '../attachments/attachments.storage.js';
import type { Deps } from '../context.js';
import { AppError, invalidField, pickLang } from '../errors.js';
import type { Open311Refusal } from './open311.format.js';
import {
  contentTypeOf,
  errorList,
  formatOfUrl,
  refusalOf,
  xmlDiscovery,
  xmlErrors,
  xmlList,
  xmlServiceDefinition,
} from './open311.format.js';
import type { Open311Format } from './open311.rules.js';
import {
  FormatParams,
  JurisdictionQuery,
  Open311Created,
  Open311Discovery,
  Open311ErrorList,
  Open311RequestList,
  Open311ServiceList,
  Open311ServiceDefinition,
  Open311TokenAnswer,
  PostRequestBody,
  RequestParams,
  RequestsQuery,
  ServiceParams,
  TokenParams,
} from './open311.schemas.js';
import {
  discovery,
  getOpen311Request,
  listOpen311Requests,
  listServices,
  resolveToken,
  serviceDefinition,
  submitRequest,
} from './open311.service.js';

/** Where GeoReport v2 is served. */
export const OPEN311_PREFIX = '/open311/v2';

/** The largest body a POST of a request may have: 4,000 characters of description and attributes. */
export const OPEN311_BODY_LIMIT = 64 * 1024;

const TAGS = ['open311'];
const ERRORS = { 400: Open311ErrorList, 403: Open311ErrorList, 404: Open311ErrorList };
const XML_NOTE =
  ' 路径以 .xml 结尾时以 XML 返回（规范的根元素）。错误为 [{"code","description"}]（XML 为 <errors><error>），说明含中英文。' +
  ' Ends in .xml for XML with the specification’s root elements. Errors are [{"code","description"}] ' +
  '(XML <errors><error>), described in English and Chinese.';

/**
 * A GeoReport v2 form body: `application/x-www-form-urlencoded` as members, a member sent more
 * than once as a list. Held in an object without a prototype, so `__proto__=` is just a member.
 */
export function parseForm(text: string): Record<string, string | string[]> {
  const out = Object.create(null) as Record<string, string | string[]>;
  for (const [name, value] of new URLSearchParams(text)) {
    const had = out[name];
    out[name] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
  }
  return out;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The `media` file of a multipart Open311 request, read before validation. */
    open311Media?: IncomingFile;
  }
}

/** Where media files go and how large they may be; the address discovery names. */
export interface Open311RouteOptions {
  /** The data folder; files go to `<storageDir>/attachments` (default `./data`, as `QISU_DATA_DIR`). */
  storageDir?: string | undefined;
  /** The attachment limit (`QISU_ATTACHMENT_MAX_BYTES`). */
  maxBytes?: number | undefined;
  /** `QISU_PUBLIC_URL`; absent, discovery names the address the request came to. */
  publicUrl?: string | undefined;
}

/** The base address discovery names: the configured public one, else this request's own (when it reads as a host). */
function publicBase(request: FastifyRequest, configured: string | undefined): string {
  if (configured) return configured;
  return /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(request.host)
    ? `${request.protocol}://${request.host}`
    : '';
}

/**
 * Reads a multipart/form-data request as GeoReport v2 members (a member sent more than once as a
 * list, in an object without a prototype) and at most one file, in field `media`. Text members
 * together may hold `OPEN311_BODY_LIMIT` bytes, the file the attachment limit; every refusal of
 * the parser is a 400 or 413 naming the problem, never a 500.
 */
async function readMultipart(
  request: FastifyRequest,
  maxBytes: number,
): Promise<{ body: Record<string, string | string[]>; media: IncomingFile | undefined }> {
  const body = Object.create(null) as Record<string, string | string[]>;
  let media: IncomingFile | undefined;
  let textBytes = 0;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'media') {
          part.file.resume();
          throw invalidField(part.fieldname, '文件只能放在字段 media 中', 'send the file in field "media"');
        }
        const chunks: Buffer[] = [];
        for await (const chunk of part.file) chunks.push(chunk as Buffer);
        if (part.file.truncated) throw tooLarge(maxBytes);
        media = { filename: part.filename, bytes: Buffer.concat(chunks) };
        continue;
      }
      const value = typeof part.value === 'string' ? part.value : String(part.value);
      textBytes += Buffer.byteLength(value) + Buffer.byteLength(part.fieldname);
      if (textBytes > OPEN311_BODY_LIMIT) throw new AppError('PAYLOAD_TOO_LARGE');
      const had = body[part.fieldname];
      body[part.fieldname] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
    if (code === 'FST_FILES_LIMIT') throw invalidField('media', '只能上传一个文件', 'send one file, in field "media"');
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw new AppError('PAYLOAD_TOO_LARGE');
    throw invalidField(
      'body',
      '表单数据无法读取（multipart/form-data 不完整或分隔符不符）',
      'the multipart/form-data body cannot be read (incomplete, or its boundary does not match)',
    );
  }
  return { body, media };
}

/** Answers in the format the path asked for. */
function answer(reply: FastifyReply, format: Open311Format, json: unknown, xml: () => string) {
  return reply.type(contentTypeOf(format)).send(format === 'xml' ? xml() : json);
}

/** Answers a refusal as GeoReport v2's error list, in the format the path asked for. */
function refuse(reply: FastifyReply, url: string, refusal: Open311Refusal) {
  const format = formatOfUrl(url);
  return reply
    .status(refusal.status)
    .type(contentTypeOf(format))
    .send(format === 'xml' ? xmlErrors(refusal) : errorList(refusal));
}

/**
 * What the router refuses before any route runs (a URL whose percent-encoding is not UTF-8, a
 * parameter longer than the router's limit), for a path under `/open311/`: a 400 in GeoReport's
 * shape. Returns false for any other path, which the app's own handler answers.
 */
export function refuseOpen311Url(error: FastifyError, request: FastifyRequest, reply: FastifyReply): boolean {
  if (!request.url.startsWith('/open311/')) return false;
  const description =
    error.code === 'FST_ERR_BAD_URL'
      ? 'the URL is badly encoded (percent-encoding must be UTF-8) / 地址编码无效（百分号编码须为 UTF-8）'
      : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? 'a parameter in the URL is too long / 地址中的参数过长'
        : null;
  if (!description) return false;
  void refuse(reply, request.url, { status: 400, description });
  return true;
}

/**
 * Open311 GeoReport v2 under `/open311/v2`: services, a service's definition, filing a request,
 * reading requests, one request, a token. Its own scope: form bodies are parsed here only, every
 * refusal (validation, 403, 404, 413, 429 …) is the specification's error list, and an unknown
 * path under the prefix is a 404 of that shape instead of the console's page. The global rate
 * limit applies as to every route.
 */
export async function registerOpen311Routes(
  app: FastifyInstance,
  deps: Deps,
  options: Open311RouteOptions = {},
): Promise<void> {
  const maxBytes = options.maxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES;
  const mediaDeps: AttachmentDeps = {
    ...deps,
    store: new BlobStore(attachmentRoot(options.storageDir ?? './data')),
    maxBytes,
  };
  await app.register(
    async (scope) => {
      // Multipart bodies are read by the POST's own hook (`readMultipart`), never into memory whole.
      await scope.register(multipart, {
        limits: {
          fileSize: maxBytes,
          files: 1,
          fields: 200,
          fieldNameSize: 300,
          fieldSize: OPEN311_BODY_LIMIT,
          parts: 201,
          headerPairs: 100,
        },
      });
      scope.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: OPEN311_BODY_LIMIT },
        (_request, body, parsed) => parsed(null, parseForm(String(body))),
      );
      scope.setErrorHandler((error, request, reply) => {
        const refusal = refusalOf(error);
        if (refusal.status >= 500) request.log.error({ err: error }, 'open311 error');
        return refuse(reply, request.url, refusal);
      });
      scope.setNotFoundHandler((request, reply) =>
        refuse(reply, request.url, {
          status: 404,
          description: 'no such Open311 resource; see /open311/v2/services.json / 没有这个 Open311 资源',
        }),
      );

      const r = scope.withTypeProvider<ZodTypeProvider>();
      r.get(
        '/discovery.:format',
        {
          schema: {
            tags: TAGS,
            summary: 'Open311：服务发现 / GeoReport v2 service discovery',
            description:
              '本平台的 GeoReport v2 接口地址（取 QISU_PUBLIC_URL，未设置时为请求到达的地址）、联系方式和密钥申请方式，无需密钥。' +
              ' The platform’s GeoReport v2 endpoint (at QISU_PUBLIC_URL, else the address the request came to), ' +
              `whom to contact and where keys come from; no key needed.${XML_NOTE}`,
            params: FormatParams,
            response: { 200: Open311Discovery, ...ERRORS },
          },
        },
        async (request, reply) => {
          const found = discovery(publicBase(request, options.publicUrl));
          return answer(reply, request.params.format, found, () => xmlDiscovery(found));
        },
      );
      r.get(
        '/services.:format',
        {
          schema: {
            tags: TAGS,
            summary: 'Open311：服务列表（诉求分类）/ GeoReport v2 services: the jurisdiction’s categories',
            description: `诉求分类树的末级分类，按一级分类分组，无需密钥。 The leaves of the category tree, grouped by their top-level category; no key needed.${XML_NOTE}`,
            params: FormatParams,
            querystring: JurisdictionQuery,
            response: { 200: Open311ServiceList, ...ERRORS },
          },
        },
        async (request, reply) => {
          const services = await listServices(deps, request.query, pickLang(request.headers['accept-language']));
          return answer(reply, request.params.format, services, () => xmlList('services', 'service', services));
        },
      );
      r.get(
        '/services/:service_code.:format',
        {
          schema: {
            tags: TAGS,
            summary: 'Open311：服务定义 / GeoReport v2 service definition',
            description: `分类不带字段，属性列表为空；提交时的 attribute[...] 记入诉求内容。 Categories carry no fields, so attributes are empty; attribute[...] sent with a request is kept in the case's content.${XML_NOTE}`,
            params: ServiceParams,
            querystring: JurisdictionQuery,
            response: { 200: Open311ServiceDefinition, ...ERRORS },
          },
        },
        async (request, reply) => {
          const definition = await serviceDefinition(deps, request.query, request.params.service_code);
          return answer(reply, request.params.format, definition, () => xmlServiceDefinition(definition));
        },
      );
      r.post(
        '/requests.:format',
        {
          bodyLimit: OPEN311_BODY_LIMIT,
          schema: {
            tags: TAGS,
            summary: 'Open311：提交诉求（需 api_key）/ GeoReport v2: file a request (api_key required)',
            description:
              '按规范以 application/x-www-form-urlencoded 提交（也接受 JSON；jurisdiction_id、api_key 也可放在查询串）。' +
              '带照片时以 multipart/form-data 提交，文件放在字段 media（一个，大小与类型限制同诉求附件，按内容识别），作为诉求附件保存；' +
              'media_url 的链接由后台任务下载为附件（同样的限制）。附件须登录后在诉求页查看，' +
              '故查询结果中的 media_url 为客户端提交的链接（仅上传文件时为空）。' +
              '建立渠道为 open311 的诉求，service_request_id 即诉求编号；同时返回可查询的 token。' +
              ' Send application/x-www-form-urlencoded as the specification says (JSON is accepted too; jurisdiction_id ' +
              'and api_key may also be in the query). With a photo, send multipart/form-data with the file in field ' +
              'media (one file; the attachment limits of size and type, sniffed from the bytes): it is kept as an ' +
              'attachment of the case. A media_url is fetched later as an attachment, within the same limits. ' +
              'Attachments are shown only to signed-in users on the case page, so the media_url of the answers is ' +
              'the link the client sent (null when it sent only a file). Files a case with channel open311; ' +
              'service_request_id is the case number, answered at once with a token that resolves to it as well.' +
              XML_NOTE,
            params: FormatParams,
            querystring: JurisdictionQuery,
            body: PostRequestBody,
            response: { 200: Open311Created, ...ERRORS },
          },
          preValidation: async (request) => {
            if (!request.isMultipart()) return;
            const { body, media } = await readMultipart(request, maxBytes);
            // Validated against PostRequestBody next, as a form body is.
            request.body = body as typeof request.body;
            if (media) request.open311Media = media;
          },
        },
        async (request, reply) => {
          const lang = pickLang(request.headers['accept-language']);
          const created = await submitRequest(
            mediaDeps,
            request.body,
            request.query,
            lang,
            request.open311Media ?? null,
          );
          return answer(reply, request.params.format, created, () => xmlList('service_requests', 'request', created));
        },
      );
      r.get(
        '/requests.:format',
        {
          schema: {
            tags: TAGS,
            summary: 'Open311：查询诉求 / GeoReport v2 service requests',
            description:
              '经 Open311 提交的诉求，最新在前，至多 1000 件，默认近 90 天；不含任何个人信息与诉求内容。' +
              ' Requests filed through Open311, newest first, at most 1000, the last 90 days by default; no personal ' +
              `data and no description. status is closed when the case is closed, answered, rejected or merged.${XML_NOTE}`,
            params: FormatParams,
            querystring: RequestsQuery,
            response: { 200: Open311RequestList, ...ERRORS },
          },
        },
        async (request, reply) => {
          const requests = await listOpen311Requests(deps, request.query, pickLang(request.headers['accept-language']));
          return answer(reply, request.params.format, requests, () => xmlList('service_requests', 'request', requests));
        },
      );
      r.get(
        '/requests/:service_request_id.:format',
        {
          schema: {
            tags: TAGS,
            summary: 'Open311：单件诉求 / GeoReport v2 one service request',
            description: `另一辖区或非 Open311 提交的编号答 404。 Another jurisdiction's number, or a case not filed through Open311, is 404.${XML_NOTE}`,
            params: RequestParams,
            querystring: JurisdictionQuery,
            response: { 200: Open311RequestList, ...ERRORS },
          },
        },
        async (request, reply) => {
          const requests = await getOpen311Request(
            deps,
            request.query,
            request.params.service_request_id,
            pickLang(request.headers['accept-language']),
          );
          return answer(reply, request.params.format, requests, () => xmlList('service_requests', 'request', requests));
        },
      );
      r.get(
        '/tokens/:token.:format',
        {
          schema: {
            tags: TAGS,
            summary: 'Open311：由 token 查编号 / GeoReport v2 service_request_id from a token',
            description: `Answers [{"service_request_id","token"}].${XML_NOTE}`,
            params: TokenParams,
            querystring: JurisdictionQuery,
            response: { 200: Open311TokenAnswer, ...ERRORS },
          },
        },
        async (request, reply) => {
          const found = await resolveToken(deps, request.query, request.params.token);
          return answer(reply, request.params.format, found, () => xmlList('service_requests', 'request', found));
        },
      );
    },
    { prefix: OPEN311_PREFIX },
  );
}
