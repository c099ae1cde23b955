import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { AppError, errorMessage, pickLang } from '../errors.js';
import type { ErrorCode, Lang } from '../errors.js';

interface ErrorBody {
  error: { code: string; message: string; [key: string]: unknown };
}

function body(
  code: ErrorCode,
  lang: Lang,
  params: Record<string, string | number>,
  extra: Record<string, unknown>,
): ErrorBody {
  return { error: { code, message: errorMessage(code, lang, params), ...extra } };
}

/** Zod's issue codes, said in both languages. */
function describeIssue(
  issue: { code?: string; message: string; minimum?: unknown; maximum?: unknown },
  lang: Lang,
): string {
  const zh: Record<string, string> = {
    invalid_type: '缺少或类型错误',
    too_small: '过短或过小',
    too_big: '过长或过大',
    invalid_format: '格式错误',
    invalid_value: '取值不在允许范围内',
    unrecognized_keys: '包含不认识的字段',
    custom: '无效',
  };
  const en: Record<string, string> = {
    invalid_type: 'missing or of the wrong type',
    too_small: 'too short or too small',
    too_big: 'too long or too large',
    invalid_format: 'badly formatted',
    invalid_value: 'not one of the allowed values',
    unrecognized_keys: 'has unknown members',
    custom: 'invalid',
  };
  const table = lang === 'zh' ? zh : en;
  return table[issue.code ?? 'custom'] ?? issue.message;
}

/**
 * Renders every error as `{"error":{"code","message",…}}` in the caller's language. Bad input
 * is a 400 naming the field; anything unexpected is a 500 with no detail (the log has it).
 */
/** The §10 error body of an AppError in one language (also used for each item of a bulk result). */
export function appErrorBody(error: AppError, lang: Lang): ErrorBody {
  const extra = { ...error.extra };
  const detail = lang === 'zh' ? extra['detailZh'] : extra['detailEn'];
  delete extra['detailZh'];
  delete extra['detailEn'];
  delete extra['retryAfterSeconds'];
  // Members said in each language (an import's per-row errors): the caller's language is merged in.
  const byLang = extra['byLang'] as Partial<Record<Lang, Record<string, unknown>>> | undefined;
  delete extra['byLang'];
  Object.assign(extra, byLang?.[lang]);
  const params = { ...error.params };
  if (typeof detail === 'string')
    params['detail'] = `${typeof extra['field'] === 'string' ? extra['field'] : ''}：${detail}`.replace(/^：/, '');
  return body(error.code, lang, params, extra);
}

export function handleError(error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply) {
  const lang = pickLang(request.headers['accept-language']);

  if (error instanceof AppError) {
    if (typeof error.extra['retryAfterSeconds'] === 'number') {
      void reply.header('retry-after', String(error.extra['retryAfterSeconds']));
    }
    return reply.status(error.status).send(appErrorBody(error, lang));
  }

  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((v) => {
      const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
      const context = error.validationContext === 'body' ? '' : (error.validationContext ?? '');
      const field = path || context || 'body';
      return { field, problem: describeIssue({ code: v.keyword, message: v.message ?? '' }, lang) };
    });
    const first = issues[0] ?? { field: 'body', problem: '' };
    const detail = issues.map((i) => `${i.field} ${i.problem}`).join('; ');
    return reply.status(400).send(
      body(
        'VALIDATION_FAILED',
        lang,
        { detail: lang === 'zh' ? `字段 ${detail}` : `field ${detail}` },
        {
          field: first.field,
          fields: issues,
        },
      ),
    );
  }

  if (error instanceof ZodError) {
    const first = error.issues[0];
    const field = first ? first.path.map(String).join('.') || 'body' : 'body';
    const problem = first ? describeIssue(first, lang) : '';
    return reply
      .status(400)
      .send(
        body(
          'VALIDATION_FAILED',
          lang,
          { detail: lang === 'zh' ? `字段 ${field} ${problem}` : `field ${field} ${problem}` },
          { field },
        ),
      );
  }

  const fastifyError = error as FastifyError;
  const status = fastifyError.statusCode ?? 500;
  if (status === 413 || fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return reply.status(413).send(body('PAYLOAD_TOO_LARGE', lang, {}, {}));
  }
  if (status === 415 || fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return reply.status(415).send(body('UNSUPPORTED_MEDIA_TYPE', lang, {}, {}));
  }
  if (status === 429) return reply.status(429).send(body('RATE_LIMITED', lang, {}, {}));
  if (status >= 400 && status < 500) {
    const detail = lang === 'zh' ? '请求格式错误（如 JSON 无法解析）' : 'malformed request (e.g. unparsable JSON)';
    return reply.status(400).send(body('VALIDATION_FAILED', lang, { detail }, { field: 'body' }));
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.status(500).send(body('INTERNAL', lang, {}, {}));
}

/**
 * Renders what the router refuses before any route runs — a URL whose percent-encoding is not
 * UTF-8 (`%zz`, `%ED%A0%80`), a path segment longer than the router's limit — as a 400 in the
 * error shape of every other refusal, instead of Fastify's own body.
 */
export function handleFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const lang = pickLang(request.headers['accept-language']);
  if (error.code !== 'FST_ERR_BAD_URL' && error.code !== 'FST_ERR_MAX_PARAM_LENGTH') {
    request.log.error({ err: error }, 'router error');
    void reply.status(500).send(body('INTERNAL', lang, {}, {}));
    return;
  }
  const detail = {
    FST_ERR_BAD_URL: {
      zh: '地址编码无效（百分号编码须为 UTF-8）',
      en: 'the URL is badly encoded (percent-encoding must be UTF-8)',
    },
    FST_ERR_MAX_PARAM_LENGTH: { zh: '地址中的参数过长', en: 'a parameter in the URL is too long' },
  }[error.code][lang];
  void reply.status(400).send(body('VALIDATION_FAILED', lang, { detail }, { field: 'url' }));
}

export function handleNotFound(request: FastifyRequest, reply: FastifyReply) {
  const lang = pickLang(request.headers['accept-language']);
  return reply.status(404).send(body('NOT_FOUND', lang, {}, {}));
}
