import { randomBytes } from 'node:crypto';
import type { CaseStatus } from '@qisu/core';
import { CASE_STATUSES } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import type { AttachmentDeps, IncomingFile } from '../attachments/attachments.service.js';
import { addAttachment, inspectFile } from '../attachments/attachments.service.js';
import { createCase } from '../cases/cases.service.js';
import type { Deps } from '../context.js';
import { normalLink } from '../intake/attachment-fetches.http.js';
import { queueAttachmentFetches } from '../intake/attachment-fetches.service.js';
import type { Lang } from '../errors.js';
import { AppError, invalidField } from '../errors.js';
import { hashApiKey } from './open311-clients.service.js';
import type { RequestRow } from './open311.repository.js';
import {
  categoriesOf,
  findClientByKeyHash,
  findRequestByNumber,
  findRequestByToken,
  insertRequest,
  listJurisdictions,
  listRequests,
  touchClient,
} from './open311.repository.js';
import type { Open311Status } from './open311.rules.js';
import {
  caseStatusesOf,
  caseTextOf,
  contactNameOf,
  contactPhoneOf,
  DESCRIPTION_MAX,
  open311Status,
  OPEN311_STATUSES,
  parseW3cDate,
  statusNotes,
  w3cShanghai,
} from './open311.rules.js';
import type {
  JurisdictionInput,
  Open311CreatedDto,
  Open311DiscoveryDto,
  Open311RequestDto,
  Open311ServiceDefinitionDto,
  Open311ServiceDto,
  PostRequestInput,
  RequestsInput,
} from './open311.schemas.js';

/**
 * Open311 GeoReport v2 over the cases of a jurisdiction. Anyone may read the services and the
 * requests filed through Open311 (the specification's reads need no key), so the answers carry no
 * personal data: no name, phone, email, account or description. Filing needs an API key of the
 * jurisdiction's admin; the key's client files like the jurisdiction's hub, named on the case's
 * event as its source, with channel `open311`.
 */

/** The most requests one listing answers (GeoReport v2: "max 1000"). */
export const MAX_REQUESTS = 1000;
/** The longest span of a listing, and its default window back from now (GeoReport v2: 90 days). */
export const WINDOW_DAYS = 90;

const DAY_MS = 86_400_000;
const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

interface Jurisdiction {
  id: string;
  code: string;
  name: string;
  brand: string | null;
}

interface Client {
  id: string;
  name: string;
}

/** Who asks: the jurisdiction named (or implied by the key), and the client when a key was sent. */
export interface Open311Caller {
  jurisdiction: Jurisdiction;
  client: Client | null;
}

const present = (value: string | undefined): string | undefined => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

/**
 * Resolves the jurisdiction and the client of a request. A key, when sent (always for filing),
 * must be an active key: else 403. `jurisdiction_id` names the jurisdiction (404 when none has
 * that code, 403 when the key is another's); without it the key's jurisdiction, or the only one
 * a single-jurisdiction deployment has; several without either is 400.
 */
export async function resolveCaller(
  deps: Deps,
  input: JurisdictionInput,
  options: { keyRequired: boolean },
): Promise<Open311Caller> {
  const key = present(input.api_key);
  let client: (Client & { jurisdiction_id: string }) | null = null;
  if (key) {
    const found = await findClientByKeyHash(deps.db, hashApiKey(key));
    if (!found?.active) throw new AppError('OPEN311_API_KEY_INVALID');
    client = { id: found.id, name: found.name, jurisdiction_id: found.jurisdiction_id };
  } else if (options.keyRequired) {
    throw new AppError('OPEN311_API_KEY_INVALID');
  }
  const all = await listJurisdictions(deps.db);
  const code = present(input.jurisdiction_id)?.toLowerCase();
  let jurisdiction: Jurisdiction | undefined;
  if (code) {
    jurisdiction = all.find((j) => j.code === code);
    if (!jurisdiction) throw new AppError('OPEN311_JURISDICTION_UNKNOWN', { code: code.slice(0, 32) });
    if (client && client.jurisdiction_id !== jurisdiction.id) {
      throw new AppError('OPEN311_API_KEY_OTHER_JURISDICTION', { code: jurisdiction.code });
    }
  } else if (client) {
    jurisdiction = all.find((j) => j.id === client.jurisdiction_id);
  } else if (all.length === 1) {
    jurisdiction = all[0];
  } else {
    throw new AppError('OPEN311_JURISDICTION_REQUIRED', { codes: all.map((j) => j.code).join(', ') });
  }
  if (!jurisdiction) throw new AppError('OPEN311_JURISDICTION_UNKNOWN', { code: code ?? '' });
  return { jurisdiction, client: client ? { id: client.id, name: client.name } : null };
}

/** Notes the client's use once its request has been answered (never on a refusal). */
async function noteUse(deps: Deps, caller: Open311Caller): Promise<void> {
  if (caller.client) await touchClient(deps.db, caller.client.id, deps.clock.now());
}

interface ServiceEntry {
  id: string;
  dto: Open311ServiceDto;
}

/**
 * The jurisdiction's services: every leaf of its category tree (a category with no category
 * below it), grouped under its top-level category, in the caller's language where the category
 * has an English name. A top-level category with children is a group, not a service.
 */
async function servicesOf(deps: Deps, jurisdictionId: string, lang: Lang): Promise<ServiceEntry[]> {
  const rows = await categoriesOf(deps.db, jurisdictionId);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const parents = new Set(rows.flatMap((r) => (r.parent_id ? [r.parent_id] : [])));
  const named = (r: { name: string; name_en: string | null }) => (lang === 'en' && r.name_en ? r.name_en : r.name);
  const rootOf = (r: (typeof rows)[number]) => {
    let at = r;
    for (let hops = 0; at.parent_id && hops < 32; hops++) at = byId.get(at.parent_id) ?? at;
    return at;
  };
  return rows
    .filter((r) => !parents.has(r.id))
    .map((r) => {
      const root = rootOf(r);
      const group = named(root);
      const name = named(r);
      const keywords = [...new Set([r.name, r.name_en, root.name, root.name_en])].filter(Boolean);
      return {
        id: r.id,
        dto: {
          service_code: r.code,
          service_name: name,
          description: root.id === r.id ? name : `${group} / ${name}`,
          metadata: false,
          type: 'realtime' as const,
          keywords: keywords.join(','),
          group,
        },
      };
    });
}

/** `GET /services`: the jurisdiction's services. */
export async function listServices(deps: Deps, query: JurisdictionInput, lang: Lang): Promise<Open311ServiceDto[]> {
  const caller = await resolveCaller(deps, query, { keyRequired: false });
  const services = (await servicesOf(deps, caller.jurisdiction.id, lang)).map((s) => s.dto);
  await noteUse(deps, caller);
  return services;
}

/**
 * `GET /services/{code}`: a service's definition. Categories carry no fields, so every service
 * has no attributes; `attribute[...]` sent with a request is kept in the case's content.
 */
export async function serviceDefinition(
  deps: Deps,
  query: JurisdictionInput,
  code: string,
): Promise<Open311ServiceDefinitionDto> {
  const caller = await resolveCaller(deps, query, { keyRequired: false });
  const found = (await servicesOf(deps, caller.jurisdiction.id, 'zh')).find((s) => s.dto.service_code === code);
  if (!found) throw new AppError('OPEN311_SERVICE_UNKNOWN', { code: code.slice(0, 100) });
  await noteUse(deps, caller);
  return { service_code: found.dto.service_code, attributes: [] };
}

/** The specification every endpoint implements, as discovery names it. */
export const GEOREPORT_V2 = 'http://wiki.open311.org/GeoReport_v2';

/** When this implementation of GeoReport v2 last changed what clients see (multipart media, discovery). */
export const OPEN311_CHANGESET = '2026-12-04T00:00:00Z';

/**
 * `GET /discovery`: the deployment's one GeoReport v2 endpoint at `<base>/open311/v2`, in JSON and
 * XML, with who to ask and where keys come from. `base` is the platform's public address
 * (`QISU_PUBLIC_URL`), else the address the request came to.
 */
export function discovery(base: string): Open311DiscoveryDto {
  const root = base.replace(/\/+$/, '');
  return {
    changeset: OPEN311_CHANGESET,
    contact:
      'Ask the business office (营商办) of your jurisdiction; each names its service hotline on its public page / ' +
      '请联系所在辖区的营商办，服务热线见各辖区公开页面',
    key_service:
      `API keys are issued by each jurisdiction’s administrator in the console at ${root || '/'} ` +
      '(平台对接 → Open311); send jurisdiction_id, the jurisdiction code, when the platform hosts several / ' +
      `API 密钥由各辖区管理员在控制台（${root || '/'}）“平台对接 → Open311”签发；平台有多个辖区时请同时提供 jurisdiction_id（辖区代码）`,
    endpoints: [
      {
        specification: GEOREPORT_V2,
        url: `${root}/open311/v2`,
        changeset: OPEN311_CHANGESET,
        type: 'production',
        formats: ['application/json', 'text/xml'],
      },
    ],
  };
}

/** The notice every answer about a request carries. */
function serviceNotice(j: Jurisdiction, lang: Lang): string {
  const brand = j.brand ? `「${j.brand}」` : '';
  return lang === 'en'
    ? `Received by ${j.name}${j.brand ? ` (${j.brand})` : ''}: the business office screens it and hands it to the responsible unit, ` +
        'which handles it within the time limits of the jurisdiction; follow it by its service_request_id.'
    : `${j.name}${brand}已收到：营商办研判后交承办单位按本辖区时限办理，可凭 service_request_id 查询办理进度。`;
}

/** The client as an actor: it files like the jurisdiction's hub, and no user stands behind it. */
function clientActor(j: Jurisdiction, client: Client): Actor {
  return {
    userId: ZERO_UUID,
    username: `open311:${client.id}`,
    name: client.name,
    roles: ['hub'],
    jurisdictionId: j.id,
    jurisdictionCode: j.code,
    jurisdictionIds: [j.id],
    unitId: null,
    unitKind: null,
    unitRegionCode: null,
    enterpriseId: null,
    source: { kind: 'open311', keyId: client.id, name: client.name },
  };
}

/** A coordinate sent as a number or as text, within its range. */
function coordinateOf(value: number | string | undefined, field: 'lat' | 'long'): number | undefined {
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) return undefined;
  const n = typeof value === 'number' ? value : /^[-+]?\d{1,3}(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
  const max = field === 'lat' ? 90 : 180;
  if (!Number.isFinite(n) || Math.abs(n) > max) {
    throw invalidField(
      field,
      `${field} 应为 -${max} 到 ${max} 之间的数`,
      `${field} must be a number from -${max} to ${max}`,
    );
  }
  return n;
}

/** The `attribute[code]` members of a request (form or JSON), in the order sent. */
function attributesOf(input: PostRequestInput): { code: string; label: string; values: string[] }[] {
  const found = new Map<string, string[]>();
  const add = (code: string, value: unknown) => {
    const values = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
    const kept = values.map((v) => v.trim()).filter(Boolean);
    if (kept.length > 0) found.set(code, [...(found.get(code) ?? []), ...kept]);
  };
  for (const [name, value] of Object.entries(input)) {
    const match = /^attribute\[([^\]]{1,100})\](\[\])?$/.exec(name);
    if (match?.[1]) add(match[1], value);
  }
  for (const [code, value] of Object.entries(input.attribute ?? {})) add(code, value);
  if (found.size > 50) throw invalidField('attribute', '附加属性不能超过 50 项', 'at most 50 attributes');
  return [...found].map(([code, values]) => ({ code, label: code, values }));
}

/**
 * `POST /requests`: files a case for the key's client; `api_key` and `jurisdiction_id` may come in
 * the body or the query string (clients do both). Checks, in order: the key (403), the
 * jurisdiction (404), the service (400 missing, 404 unknown), a location (lat and long,
 * address_string or address_id: 400), then the other members (400) and the `media` file of a
 * multipart request (the attachment rules: 413 too large, 415 a type not allowed), so that a
 * refused request files nothing. The case is filed through `createCase` with channel `open311`,
 * the category of the service, the description as content (title from its first characters),
 * the attributes and media link as labelled lines, the name and phone as the case's contact
 * (the phone encrypted as every contact mobile is). The `media` file is then added to the case
 * as an attachment sent by the client, and `media_url` queued for the attachment fetch job
 * (same limits). The email is not kept: the platform reaches people by phone, SMS and WeChat.
 */
export async function submitRequest(
  deps: AttachmentDeps,
  input: PostRequestInput,
  query: JurisdictionInput,
  lang: Lang,
  media: IncomingFile | null = null,
): Promise<Open311CreatedDto> {
  const access = {
    api_key: present(input.api_key) ?? query.api_key,
    jurisdiction_id: present(input.jurisdiction_id) ?? query.jurisdiction_id,
  };
  const caller = await resolveCaller(deps, access, { keyRequired: true });
  const { jurisdiction: j } = caller;
  const client = caller.client!;

  const code = present(input.service_code);
  if (!code) throw invalidField('service_code', '缺少 service_code', 'service_code is required');
  const service = (await servicesOf(deps, j.id, 'zh')).find((s) => s.dto.service_code === code);
  if (!service) throw new AppError('OPEN311_SERVICE_UNKNOWN', { code: code.slice(0, 100) });

  const lat = coordinateOf(input.lat, 'lat');
  const long = coordinateOf(input.long, 'long');
  if ((lat === undefined) !== (long === undefined)) {
    throw invalidField('lat', 'lat 与 long 须同时提供', 'lat and long must be sent together');
  }
  const addressString = present(input.address_string);
  const addressId = present(input.address_id);
  if (lat === undefined && !addressString && !addressId) {
    throw invalidField(
      'lat',
      '缺少位置：须提供 lat 和 long、address_string 或 address_id',
      'a location is required: lat and long, address_string or address_id',
    );
  }

  const description = present(input.description);
  if (description && [...description].length > DESCRIPTION_MAX) {
    throw invalidField(
      'description',
      `description 不能超过 ${DESCRIPTION_MAX} 字`,
      `description may be at most ${DESCRIPTION_MAX} characters`,
    );
  }
  const phone = present(input.phone);
  const contactMobile = phone ? contactPhoneOf(phone) : null;
  if (phone && !contactMobile) {
    throw invalidField(
      'phone',
      'phone 应为手机号或带区号的固定电话',
      'phone must be a mainland mobile number or a landline with its area code',
    );
  }
  const mediaUrl = present(input.media_url);
  if (mediaUrl && (!/^https?:\/\/[^\s]+$/i.test(mediaUrl) || normalLink(mediaUrl) === null)) {
    throw invalidField('media_url', 'media_url 应为 http(s) 链接', 'media_url must be an http(s) URL');
  }
  const attributes = attributesOf(input);
  const text = caseTextOf({
    serviceName: service.dto.service_name,
    description,
    attributes,
    addressString,
    addressId,
    lat,
    long,
    mediaUrl,
  });
  if (text.content.length > 20_000) {
    throw invalidField('attribute', '诉求内容过长（含附加属性）', 'the request is too long (attributes included)');
  }
  const contactName = contactNameOf(present(input.first_name), present(input.last_name));
  if (media) await inspectFile(deps.maxBytes, media.bytes);

  const actor = clientActor(j, client);
  const created = await createCase(deps, actor, {
    title: text.title,
    content: text.content,
    kind: 'help',
    categoryId: service.id,
    channel: 'open311',
    ...(contactName ? { contactName } : {}),
    ...(contactMobile ? { contactMobile } : {}),
    ...(text.location ? { location: text.location } : {}),
  });
  const token = randomBytes(16).toString('hex');
  await insertRequest(deps.db, {
    case_id: created.id,
    jurisdiction_id: j.id,
    client_id: client.id,
    token,
    lat: lat ?? null,
    long: long ?? null,
    address_string: addressString ?? null,
    address_id: addressId ?? null,
    media_url: mediaUrl ?? null,
    account_id: present(input.account_id) ?? null,
    device_id: present(input.device_id) ?? null,
    requested_at: deps.clock.now(),
  });
  if (media) await addAttachment(deps, actor, created.id, () => Promise.resolve(media));
  if (mediaUrl) await queueAttachmentFetches(deps, actor, created.id, [{ url: mediaUrl }]);
  await noteUse(deps, caller);
  return [
    {
      service_request_id: created.number,
      service_notice: serviceNotice(j, lang),
      account_id: present(input.account_id) ?? null,
      token,
    },
  ];
}

/** A time read from a subquery, which may come back as text rather than a Date. */
function dateOf(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  const d = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
  if (!d) return null;
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A request as anyone may read it: what the case shows the enterprise, never who filed it. */
function requestOf(row: RequestRow, j: Jurisdiction, lang: Lang): Open311RequestDto {
  const status = row.status as CaseStatus;
  const expected = dateOf(row.expected_at);
  return {
    service_request_id: row.number,
    status: open311Status(status),
    status_notes: statusNotes(
      {
        status,
        rejectReason: row.reject_reason,
        answerText: row.answer_text,
        resultText: row.result_text,
        feedbackText: typeof row.feedback_text === 'string' ? row.feedback_text : null,
      },
      lang,
    ),
    service_name: row.category_name
      ? lang === 'en' && row.category_name_en
        ? row.category_name_en
        : row.category_name
      : null,
    service_code: row.category_code,
    agency_responsible: row.lead_unit_name,
    service_notice: serviceNotice(j, lang),
    requested_datetime: w3cShanghai(row.created_at),
    updated_datetime: w3cShanghai(row.updated_at),
    expected_datetime: expected ? w3cShanghai(expected) : null,
    address: row.address_string,
    address_id: row.address_id,
    zipcode: null,
    lat: row.lat,
    long: row.long,
    media_url: row.media_url,
  };
}

/** A comma-separated list, trimmed, without empty members. */
const listOf = (value: string | undefined): string[] | undefined => {
  const items = value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items && items.length > 0 ? items : undefined;
};

/**
 * `GET /requests`: the jurisdiction's requests filed through Open311, newest first, at most
 * 1000. `service_request_id` (a comma list) overrides every other filter; otherwise
 * `service_code`, `status` (open, closed) and the requested time between `start_date` and
 * `end_date` — by default the last 90 days, and never a span longer than 90 days.
 */
export async function listOpen311Requests(deps: Deps, input: RequestsInput, lang: Lang): Promise<Open311RequestDto[]> {
  const caller = await resolveCaller(deps, input, { keyRequired: false });
  const numbers = listOf(input.service_request_id)?.map((n) => n.toUpperCase());
  if (numbers) {
    if (numbers.length > MAX_REQUESTS) {
      throw invalidField('service_request_id', `至多 ${MAX_REQUESTS} 个编号`, `at most ${MAX_REQUESTS} ids`);
    }
    const rows = await listRequests(deps.db, { jurisdictionId: caller.jurisdiction.id, numbers, limit: MAX_REQUESTS });
    await noteUse(deps, caller);
    return rows.map((r) => requestOf(r, caller.jurisdiction, lang));
  }
  const wanted = listOf(input.status?.toLowerCase());
  const bad = wanted?.filter((s) => !(OPEN311_STATUSES as readonly string[]).includes(s)) ?? [];
  if (bad.length > 0) {
    throw invalidField('status', 'status 只能是 open 或 closed', 'status must be open, closed or open,closed');
  }
  const dateParam = (name: 'start_date' | 'end_date') => {
    const value = present(input[name]);
    if (!value) return undefined;
    const at = parseW3cDate(value);
    if (!at) {
      throw invalidField(
        name,
        `${name} 应为 W3C 时间（如 2026-11-01T00:00:00+08:00）或日期`,
        `${name} must be a W3C date-time (e.g. 2026-11-01T00:00:00Z) or a date`,
      );
    }
    return at;
  };
  const start = dateParam('start_date');
  const end = dateParam('end_date');
  const until = end ?? (start ? new Date(start.getTime() + WINDOW_DAYS * DAY_MS) : deps.clock.now());
  const from = start ?? new Date(until.getTime() - WINDOW_DAYS * DAY_MS);
  if (until < from) throw invalidField('end_date', 'end_date 早于 start_date', 'end_date is before start_date');
  if (until.getTime() - from.getTime() > WINDOW_DAYS * DAY_MS) {
    throw invalidField(
      'end_date',
      `start_date 与 end_date 相隔不能超过 ${WINDOW_DAYS} 天`,
      `start_date and end_date may not span more than ${WINDOW_DAYS} days`,
    );
  }
  const rows = await listRequests(deps.db, {
    jurisdictionId: caller.jurisdiction.id,
    serviceCodes: listOf(input.service_code),
    statuses: wanted ? caseStatusesOf(wanted as Open311Status[], CASE_STATUSES) : undefined,
    from,
    until,
    limit: MAX_REQUESTS,
  });
  await noteUse(deps, caller);
  return rows.map((r) => requestOf(r, caller.jurisdiction, lang));
}

/** `GET /requests/{id}`: one request of the jurisdiction filed through Open311; any other is 404. */
export async function getOpen311Request(
  deps: Deps,
  query: JurisdictionInput,
  id: string,
  lang: Lang,
): Promise<Open311RequestDto[]> {
  const caller = await resolveCaller(deps, query, { keyRequired: false });
  const row = await findRequestByNumber(deps.db, caller.jurisdiction.id, id.trim().toUpperCase());
  if (!row) throw new AppError('OPEN311_REQUEST_NOT_FOUND', { id: id.slice(0, 64) });
  await noteUse(deps, caller);
  return [requestOf(row, caller.jurisdiction, lang)];
}

/** `GET /tokens/{token}`: the request a token stands for (POST answers both at once). */
export async function resolveToken(
  deps: Deps,
  query: JurisdictionInput,
  token: string,
): Promise<{ service_request_id: string; token: string }[]> {
  const caller = await resolveCaller(deps, query, { keyRequired: false });
  const row = /^[0-9a-f]{32}$/.test(token)
    ? await findRequestByToken(deps.db, caller.jurisdiction.id, token)
    : undefined;
  if (!row) throw new AppError('OPEN311_TOKEN_NOT_FOUND', { token: token.slice(0, 64) });
  await noteUse(deps, caller);
  return [{ service_request_id: row.number, token: row.token }];
}
