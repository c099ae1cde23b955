import { XMLBuilder } from 'fast-xml-parser';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { AppError, errorMessage } from '../errors.js';
import type { Open311DiscoveryDto, Open311ErrorDto } from './open311.schemas.js';
import type { Open311Format } from './open311.rules.js';

/**
 * How GeoReport v2 answers are written: JSON as it is, XML with the specification's root and item
 * elements (`<services><service>`, `<service_requests><request>`, `<service_definition>`,
 * `<errors><error>`), and every refusal as the specification's error list with a description in
 * English and Chinese.
 */

const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

const builder = new XMLBuilder({ format: false, suppressEmptyNode: false, processEntities: true });

/** The XML text of a value: nothing for null, `true`/`false`, numbers as written. */
function xmlValue(value: unknown): unknown {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(xmlValue);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, xmlValue(v)]));
  }
  return typeof value === 'boolean' ? String(value) : value;
}

/** A list as XML: `<root><item>…</item>…</root>`. */
export function xmlList(root: string, item: string, rows: readonly object[]): string {
  return XML_DECLARATION + builder.build({ [root]: rows.length > 0 ? { [item]: rows.map(xmlValue) } : '' });
}

/**
 * A service definition as XML: `<service_definition><service_code/><attributes><attribute>…`,
 * each attribute's `values` as `<values><value><key/><name/></value></values>`.
 */
export function xmlServiceDefinition(definition: { service_code: string; attributes: readonly object[] }): string {
  const attributes = definition.attributes.map((a) => {
    const { values, ...rest } = a as { values?: readonly object[] };
    return {
      ...(xmlValue(rest) as object),
      values: values && values.length > 0 ? { value: values.map(xmlValue) } : '',
    };
  });
  return (
    XML_DECLARATION +
    builder.build({
      service_definition: {
        service_code: definition.service_code,
        attributes: attributes.length > 0 ? { attribute: attributes } : '',
      },
    })
  );
}

/**
 * A discovery answer as XML: `<discovery><changeset/><contact/><key_service/><endpoints>
 * <endpoint>…<formats><format/>…</formats></endpoint></endpoints></discovery>`.
 */
export function xmlDiscovery(discovery: Open311DiscoveryDto): string {
  return (
    XML_DECLARATION +
    builder.build({
      discovery: {
        changeset: discovery.changeset,
        contact: discovery.contact,
        key_service: discovery.key_service,
        endpoints: {
          endpoint: discovery.endpoints.map(({ formats, ...endpoint }) => ({
            ...endpoint,
            formats: { format: formats },
          })),
        },
      },
    })
  );
}

/** The content type of a format, UTF-8 as the specification requires. */
export function contentTypeOf(format: Open311Format): string {
  return format === 'xml' ? 'text/xml; charset=utf-8' : 'application/json; charset=utf-8';
}

/** The format a request asked for by its path, also when the path did not parse (`….xml` → XML). */
export function formatOfUrl(url: string): Open311Format {
  const path = url.split('?')[0] ?? '';
  return /\.xml$/i.test(path) ? 'xml' : 'json';
}

/** One refusal: its HTTP status and its description in English and Chinese. */
export interface Open311Refusal {
  status: number;
  description: string;
}

const both = (en: string, zh: string) => `${en} / ${zh}`;

/** A missing member reads "… is required"; any other problem names the member and what is wrong. */
function describeIssue(field: string, keyword: string, message: string): string {
  if (/received undefined/.test(message)) return both(`${field} is required`, `缺少 ${field}`);
  switch (keyword) {
    case 'too_big':
      return both(`${field} is too long`, `${field} 过长`);
    case 'too_small':
      return both(`${field} is too short`, `${field} 过短`);
    case 'invalid_value':
      return both(`${field} is not one of the allowed values`, `${field} 取值不在允许范围内`);
    default:
      return both(`${field} is missing or of the wrong type`, `${field} 缺少或类型错误`);
  }
}

/**
 * What an error means to an Open311 client. AppErrors keep their status with both languages'
 * messages; schema failures are 400 naming the member; the framework's refusals keep theirs
 * (413, 415, 429), any other 4xx is 400, and everything else a 500 that says nothing more.
 */
export function refusalOf(error: unknown): Open311Refusal {
  if (error instanceof AppError) {
    if (error.status >= 500) return { status: 500, description: both('internal error', '服务器内部错误') };
    const detailEn = error.extra['detailEn'];
    const detailZh = error.extra['detailZh'];
    if (typeof detailEn === 'string' && typeof detailZh === 'string') {
      return { status: error.status, description: both(detailEn, detailZh) };
    }
    return {
      status: error.status,
      description: both(errorMessage(error.code, 'en', error.params), errorMessage(error.code, 'zh', error.params)),
    };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const first = error.validation[0];
    const path = first?.instancePath.replace(/^\//, '').replace(/\//g, '.') ?? '';
    const field = path || error.validationContext || 'body';
    return { status: 400, description: describeIssue(field, first?.keyword ?? '', first?.message ?? '') };
  }
  if (error instanceof ZodError) {
    const first = error.issues[0];
    const field = first?.path.map(String).join('.') || 'body';
    return { status: 400, description: describeIssue(field, first?.code ?? '', first?.message ?? '') };
  }
  const status = (error as { statusCode?: number }).statusCode ?? 500;
  const code = (error as { code?: string }).code;
  if (status === 413 || code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { status: 413, description: both('the request body is too large', '请求体过大') };
  }
  if (status === 415 || code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return {
      status: 415,
      description: both(
        'send application/x-www-form-urlencoded, multipart/form-data or application/json',
        '请以 application/x-www-form-urlencoded、multipart/form-data 或 application/json 提交',
      ),
    };
  }
  if (status === 429) {
    return { status: 429, description: both('too many requests; try again later', '请求过于频繁，请稍后再试') };
  }
  if (status >= 400 && status < 500) {
    return { status: 400, description: both('the request cannot be read', '请求格式错误，无法读取') };
  }
  return { status: 500, description: both('internal error', '服务器内部错误') };
}

/** GeoReport v2's error list of one refusal. */
export function errorList(refusal: Open311Refusal): Open311ErrorDto {
  return [{ code: refusal.status, description: refusal.description }];
}

/** The error list as XML: `<errors><error><code>400</code><description>…</description></error></errors>`. */
export function xmlErrors(refusal: Open311Refusal): string {
  return xmlList('errors', 'error', errorList(refusal));
}
