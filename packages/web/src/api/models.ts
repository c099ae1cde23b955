import type { paths } from './schema.gen';

/**
 * The shapes the console reads, named once and taken from the types that the build generates
 * from the server's OpenAPI document (`schema.gen.ts`), so a change of a response schema on the
 * server is a type error here rather than a surprise in the browser.
 */

type Method = 'get' | 'post' | 'put' | 'delete';

/** The JSON body of an operation's response with the given status (200 unless said). */
export type ResponseOf<P extends keyof paths, M extends Method = 'get', S extends number = 200> = paths[P][M] extends {
  responses: { [K in S]: { content: { 'application/json': infer R } } };
}
  ? R
  : never;

/** The JSON body an operation takes. */
export type BodyOf<P extends keyof paths, M extends Method = 'post'> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

/** The logged-in user (`GET /api/v1/auth/me`). */
export type SessionUser = ResponseOf<'/api/v1/auth/me'>;

/** One row of the worklist (`GET /api/v1/cases`). */
export type CaseListItem = ResponseOf<'/api/v1/cases'>['items'][number];

/** One case with its units, clocks, cards and what the user may do now (`GET /api/v1/cases/{id}`). */
export type CaseView = ResponseOf<'/api/v1/cases/{id}'>;

/** A unit as a case names it. */
export type UnitRef = CaseView['coUnits'][number];

/** One time limit of a case. */
export type ClockView = CaseView['clocks'][number];

/** One event of a case's history (`GET /api/v1/cases/{id}/events`). */
export type CaseEvent = ResponseOf<'/api/v1/cases/{id}/events'>[number];

/** A jurisdiction's profile (`GET /api/v1/profile`, core's `ProfileSchema`). */
export type ProfileDocument = ResponseOf<'/api/v1/profile'>;

/** One stored version of the profile, newest first. */
export type ProfileVersionItem = ResponseOf<'/api/v1/profile/versions'>[number];

/** One day of `GET /api/v1/calendar`. */
export type CalendarDay = ResponseOf<'/api/v1/calendar'>[number];

/** What the QR entry page may show without a login. */
export type PublicJurisdiction = ResponseOf<'/api/v1/public/jurisdictions/{code}'>;

/** `GET /api/v1/oversight/summary`: open/overdue/warned are now, the rest the period. */
export type OversightSummary = ResponseOf<'/api/v1/oversight/summary'>;

/** One unit's figures in the oversight summary. */
export type OversightUnitFigures = OversightSummary['units'][number];

/** `GET /api/v1/reports/ranking`: the ranking of a period by the profile's rule, 红榜 and 黑榜 marked. */
export type Ranking = ResponseOf<'/api/v1/reports/ranking'>;

/** One ranked unit (or liaison) with its counts and rates. */
export type RankingRow = Ranking['rows'][number];

/** `GET /api/v1/reports/kpis`: the KPIs of docs/kpi.md by one dimension. */
export type KpiReport = ResponseOf<'/api/v1/reports/kpis'>;

/** `GET /api/v1/reports/trend`: the KPIs of consecutive periods, oldest first. */
export type KpiTrend = ResponseOf<'/api/v1/reports/trend'>;

/** A platform's intake key as the admin sees it (never its secret). */
export type IntakeKey = ResponseOf<'/api/v1/admin/intake-keys'>[number];

/** A webhook with its pending and dead counts. */
export type Webhook = ResponseOf<'/api/v1/webhooks'>[number];

/** One delivery attempt record of a webhook. */
export type WebhookDelivery = ResponseOf<'/api/v1/webhooks/{id}/deliveries'>[number];

/** A page of a list endpoint with its total. */
export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** One row of `GET /api/v1/supervisions`. */
export type SupervisionRecord = ResponseOf<'/api/v1/supervisions'>['items'][number];

/** One row of `GET /api/v1/oversight/unsatisfied`. */
export type UnsatisfiedCase = ResponseOf<'/api/v1/oversight/unsatisfied'>['items'][number];

/** One row of `GET /api/v1/oversight/red-cards`. */
export type RedCardCase = ResponseOf<'/api/v1/oversight/red-cards'>['items'][number];

/** One card of `GET /api/v1/cards`. */
export type CardRecord = ResponseOf<'/api/v1/cards'>['items'][number];

/** One attachment of a case, oldest first. */
export type Attachment = ResponseOf<'/api/v1/cases/{id}/attachments'>[number];

/** A link another platform sent with a case that is not an attachment yet (`GET …/attachment-links`). */
export type AttachmentLink = ResponseOf<'/api/v1/cases/{id}/attachment-links'>[number];

/** A unit as the admin screens list it. */
export type AdminUnit = ResponseOf<'/api/v1/units'>[number];

/** A user as the admin screens list it (mobile masked); `GET /api/v1/users/{id}` has it whole. */
export type AdminUser = ResponseOf<'/api/v1/users'>[number];

/** A region of the jurisdiction. */
export type AdminRegion = ResponseOf<'/api/v1/regions'>[number];

/** A case category. */
export type AdminCategory = ResponseOf<'/api/v1/categories'>[number];

/** A liaison a ledger entry may name. */
export type LiaisonRef = ResponseOf<'/api/v1/liaisons'>[number];

/** One enterprise of the ledger; contact mobiles are masked in lists. */
export type LedgerEnterprise = ResponseOf<'/api/v1/enterprises'>['items'][number];

/** The as-you-type USCC check. */
export type UsccCheckResult = ResponseOf<'/api/v1/enterprises/check-uscc'>;

/** A rule of the routing catalogue (派单目录); null category or region means "any". */
export type RoutingRule = ResponseOf<'/api/v1/routing-rules'>['items'][number];

/** A unit as the routing catalogue names it. */
export type RoutingUnitRef = RoutingRule['leadUnit'];

/** The most specific rule for a category and a region. */
export type RoutingSuggestion = ResponseOf<'/api/v1/routing-rules/suggest'>;

/** A page of `GET /api/v1/admin/pii-views`: who was shown a whole mobile or ID number. */
export type PiiViewPage = ResponseOf<'/api/v1/admin/pii-views'>;

/** One row of the personal-data view log. */
export type PiiViewRow = PiiViewPage['items'][number];

/** One Open311 client of the jurisdiction (`GET /api/v1/admin/open311-clients`); never its key. */
export type Open311Client = ResponseOf<'/api/v1/admin/open311-clients'>['items'][number];

/** A new Open311 client with its key, answered this once. */
export type CreatedOpen311Client = ResponseOf<'/api/v1/admin/open311-clients', 'post', 201>;

/** The hand-ups of a case between levels: up to the jurisdiction above, or from the one below. */
export type CaseHandups = ResponseOf<'/api/v1/cases/{id}/handups'>;
