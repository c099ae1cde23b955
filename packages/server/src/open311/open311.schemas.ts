import { z } from 'zod';
import { OPEN311_FORMATS, OPEN311_STATUSES } from './open311.rules.js';

/**
 * The request and answer shapes of Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2),
 * with its member names (`service_code`, `jurisdiction_id` …) kept as the specification spells
 * them so that existing clients work unchanged. Every answer is also given as XML when the path
 * ends in `.xml`, with the specification's root elements.
 */

/** `.json` or `.xml` at the end of every path. */
export const FormatParams = z.object({
  format: z.enum(OPEN311_FORMATS).describe('json 或 xml / the answer’s format'),
});

export const ServiceParams = FormatParams.extend({
  service_code: z.string().min(1).max(100).describe('服务代码（诉求分类代码）/ the service (category) code'),
});

export const RequestParams = FormatParams.extend({
  service_request_id: z.string().min(1).max(64).describe('诉求编号，如 KH-2026-000123 / the case number'),
});

export const TokenParams = FormatParams.extend({
  token: z.string().min(1).max(64).describe('提交时返回的 token / the token a POST answered'),
});

const jurisdictionId = z
  .string()
  .max(32)
  .optional()
  .describe('辖区代码，如 kh；平台有多个辖区时必填（或由 api_key 确定）/ the jurisdiction code, e.g. kh');
const apiKey = z.string().max(200).optional().describe('客户端密钥 / the client’s API key');

/** Who the caller reads or files for: the jurisdiction, and an API key where one is sent. */
export const JurisdictionQuery = z.object({ jurisdiction_id: jurisdictionId, api_key: apiKey });
export type JurisdictionInput = z.infer<typeof JurisdictionQuery>;

/** The filters of `GET /requests` (GeoReport v2 "GET Service Requests"). */
export const RequestsQuery = JurisdictionQuery.extend({
  service_request_id: z
    .string()
    .max(2000)
    .optional()
    .describe('逗号分隔的编号；给出时忽略其他条件 / comma-separated ids; overrides every other filter'),
  service_code: z.string().max(2000).optional().describe('逗号分隔的服务代码 / comma-separated service codes'),
  start_date: z.string().max(40).optional().describe('W3C 时间或日期（上海）/ earliest requested_datetime'),
  end_date: z.string().max(40).optional().describe('W3C 时间或日期（上海）/ latest requested_datetime'),
  status: z.string().max(20).optional().describe('open、closed 或 open,closed'),
});
export type RequestsInput = z.infer<typeof RequestsQuery>;

const coordinate = z.union([z.number(), z.string().max(40)]);
const attributeValue = z.union([z.string().max(2000), z.array(z.string().max(2000)).max(50)]);

/**
 * `POST /requests`: GeoReport v2's parameters, sent form-urlencoded as the specification says
 * (or as JSON). `attribute[<code>]` members carry the service's attributes; a JSON client may send
 * them as one object `attribute`. Members the specification does not name are ignored.
 */
export const PostRequestBody = z
  .object({
    api_key: apiKey,
    jurisdiction_id: jurisdictionId,
    service_code: z.string().max(100).describe('必填 / required'),
    lat: coordinate.optional().describe('纬度 WGS-84 / latitude'),
    long: coordinate.optional().describe('经度 WGS-84 / longitude'),
    address_string: z.string().max(480).optional().describe('地址 / address'),
    address_id: z.string().max(200).optional(),
    email: z.string().max(254).optional().describe('不保存 / not kept'),
    device_id: z.string().max(200).optional(),
    account_id: z.string().max(200).optional(),
    first_name: z.string().max(50).optional(),
    last_name: z.string().max(50).optional(),
    phone: z.string().max(40).optional().describe('手机号或固定电话，加密保存 / kept encrypted'),
    description: z.string().max(20_000).optional().describe('诉求内容，至多 4000 字 / at most 4,000 characters'),
    media_url: z
      .string()
      .max(1000)
      .optional()
      .describe(
        '照片等文件的链接（http/https），由后台任务下载为诉求附件 / a link to a photo, fetched later as an attachment',
      ),
    attribute: z.record(z.string().max(100), attributeValue).optional(),
  })
  .catchall(attributeValue);
export type PostRequestInput = z.infer<typeof PostRequestBody>;

/** One service of the jurisdiction: a leaf of its category tree. */
export const Open311Service = z.object({
  service_code: z.string(),
  service_name: z.string(),
  description: z.string(),
  metadata: z.boolean().describe('是否有附加属性 / whether the service has attributes'),
  type: z.enum(['realtime', 'batch', 'blackbox']),
  keywords: z.string(),
  group: z.string(),
});
export type Open311ServiceDto = z.infer<typeof Open311Service>;

export const Open311ServiceList = z.array(Open311Service);

/** One attribute of a service definition (the categories carry none today). */
export const Open311Attribute = z.object({
  variable: z.boolean(),
  code: z.string(),
  datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
  required: z.boolean(),
  datatype_description: z.string(),
  order: z.number().int(),
  description: z.string(),
  values: z.array(z.object({ key: z.string(), name: z.string() })),
});

export const Open311ServiceDefinition = z.object({
  service_code: z.string(),
  attributes: z.array(Open311Attribute),
});
export type Open311ServiceDefinitionDto = z.infer<typeof Open311ServiceDefinition>;

/** What a POST answers: the case number at once, and a token that resolves to it too. */
export const Open311Created = z.array(
  z.object({
    service_request_id: z.string(),
    service_notice: z.string(),
    account_id: z.string().nullable(),
    token: z.string(),
  }),
);
export type Open311CreatedDto = z.infer<typeof Open311Created>;

/** A request as anyone may read it back: no name, phone, email, account or description. */
export const Open311Request = z.object({
  service_request_id: z.string(),
  status: z.enum(OPEN311_STATUSES),
  status_notes: z.string(),
  service_name: z.string().nullable(),
  service_code: z.string().nullable(),
  agency_responsible: z.string().nullable().describe('牵头承办单位 / the lead unit'),
  service_notice: z.string(),
  requested_datetime: z.string(),
  updated_datetime: z.string(),
  expected_datetime: z.string().nullable().describe('办结时限 / the resolve deadline'),
  address: z.string().nullable(),
  address_id: z.string().nullable(),
  zipcode: z.string().nullable(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
  media_url: z.string().nullable(),
});
export type Open311RequestDto = z.infer<typeof Open311Request>;

export const Open311RequestList = z.array(Open311Request);

export const Open311TokenAnswer = z.array(z.object({ service_request_id: z.string(), token: z.string() }));

/** One endpoint of a discovery answer: the specification it implements, where, and in which formats. */
export const Open311Endpoint = z.object({
  specification: z.string(),
  url: z.string(),
  changeset: z.string().describe('该接口最近一次变更的时间 / when this endpoint last changed'),
  type: z.enum(['production', 'test']),
  formats: z.array(z.string()),
});

/** GeoReport v2 service discovery: who to ask, where keys come from, and the endpoints. */
export const Open311Discovery = z.object({
  changeset: z.string(),
  contact: z.string(),
  key_service: z.string(),
  endpoints: z.array(Open311Endpoint),
});
export type Open311DiscoveryDto = z.infer<typeof Open311Discovery>;

/** GeoReport v2's error list: `[{"code":400,"description":"…"}]` (XML `<errors><error>…`). */
export const Open311ErrorList = z.array(z.object({ code: z.number().int(), description: z.string() }));
export type Open311ErrorDto = z.infer<typeof Open311ErrorList>;
