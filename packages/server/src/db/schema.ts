import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { CardReason } from '@qisu/core';

/** Timestamps are read as Date and written as Date. */
type Timestamp = ColumnType<Date, Date, Date>;
type TimestampDefault = ColumnType<Date, Date | undefined, Date>;
/** jsonb columns are written as JSON text and read back parsed. */
type Json<T> = ColumnType<T, string, string>;

export interface JurisdictionSettings {
  satisfiedMinScore?: number;
  reviewAfterRounds?: number;
}

export interface JurisdictionsTable {
  id: Generated<string>;
  code: string;
  name: string;
  full_name: string;
  level: string;
  region_code: string;
  brand: string | null;
  parent_id: string | null;
  settings: ColumnType<JurisdictionSettings, string | undefined, string>;
  profile_version: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: TimestampDefault;
}

export interface RegionsTable {
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
}

export interface UnitsTable {
  id: Generated<string>;
  jurisdiction_id: string;
  name: string;
  kind: string;
  region_code: string | null;
  parent_id: string | null;
  contact_phone: string | null;
  active: Generated<boolean>;
  /** The jurisdiction's 兜底办 (migration 0033): at most one unit per jurisdiction. */
  fallback: Generated<boolean>;
  created_at: TimestampDefault;
}

export interface EnterpriseContact {
  name: string;
  /** Encrypted at rest (`enc:v1:…`, see pii/pii.keyring.ts). */
  mobile: string;
  title?: string;
}

export interface EnterprisesTable {
  id: Generated<string>;
  jurisdiction_id: string;
  uscc: string;
  name: string;
  industry_code: string | null;
  industry_name: string | null;
  /** Checked by the table: one of the ledger's sizes. */
  scale: 'large' | 'medium' | 'small' | 'micro' | null;
  above_designated_size: Generated<boolean>;
  region_code: string | null;
  grid: string | null;
  liaison_user_id: string | null;
  contacts: ColumnType<EnterpriseContact[], string | undefined, string>;
  notes: string | null;
  created_at: TimestampDefault;
  /** The service grid it belongs to; `grid` keeps the grid's name as text for older readers. */
  grid_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Whether `liaison_user_id` was handed out by the grid (core's `liaisonForGrid`). */
  liaison_from_grid: Generated<boolean>;
  /** 重点企业. */
  key_enterprise: Generated<boolean>;
}

/** A service grid (seed 004 三(三)2): its town or street, its industry department and its liaison. */
export interface GridsTable {
  id: Generated<string>;
  jurisdiction_id: string;
  name: string;
  town_unit_id: string | null;
  department_unit_id: string | null;
  liaison_user_id: string | null;
  note: string | null;
  created_at: TimestampDefault;
  updated_at: TimestampDefault;
}

/** One record of an enterprise's operations, difficulties or plans; append-only. */
export interface EnterpriseConditionsTable {
  id: Generated<string>;
  seq: ColumnType<string, never, never>;
  jurisdiction_id: string;
  enterprise_id: string;
  kind: 'operations' | 'difficulties' | 'plans';
  text: string;
  period: string | null;
  recorded_by: string | null;
  recorded_at: TimestampDefault;
}

/** A project's stage and progress as they were set, one row per change; append-only. */
export interface ProjectUpdatesTable {
  id: Generated<string>;
  project_id: string;
  stage: 'planned' | 'signed' | 'building' | 'producing' | 'completed';
  status_note: string | null;
  recorded_by: string | null;
  recorded_at: TimestampDefault;
}

/** A project with its "三个一" team (seed 004 三(二)1) and its 重点项目 flag. */
export interface ProjectsTable {
  id: Generated<string>;
  jurisdiction_id: string;
  name: string;
  enterprise_id: string | null;
  region_code: string | null;
  stage: 'planned' | 'signed' | 'building' | 'producing' | 'completed';
  /** 万元; numeric, read as text. */
  investment_wan: ColumnType<string | null, number | null, number | null>;
  key_project: Generated<boolean>;
  leader_user_id: string | null;
  responsible_unit_id: string | null;
  officer_user_id: string | null;
  status_note: string | null;
  created_by: string | null;
  created_at: TimestampDefault;
  updated_at: TimestampDefault;
}

export interface UsersTable {
  id: Generated<string>;
  jurisdiction_id: string;
  username: string;
  name: string;
  /** Encrypted at rest (`enc:v1:…`), as is `id_number`. */
  mobile: string | null;
  id_number: string | null;
  password_hash: string;
  roles: string[];
  unit_id: string | null;
  enterprise_id: string | null;
  active: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  created_at: TimestampDefault;
  /** The user's openid under the platform's WeChat official account; null: no WeChat messages. */
  wechat_openid: ColumnType<string | null, string | null | undefined, string | null>;
  /** Blind index of `mobile` (`<keyId>:<hex>`, see `PiiKeyring.lookupDigest`), for the SMS login. */
  mobile_lookup: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A login code sent by SMS, kept only as a keyed hash; `user_id` null for a mobile with no account. */
export interface SmsLoginCodesTable {
  id: Generated<number>;
  mobile_key: string;
  user_id: string | null;
  code_hash: string;
  address: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Date | null;
}

export interface CategoriesTable {
  id: Generated<string>;
  jurisdiction_id: string;
  parent_id: string | null;
  code: string;
  name: string;
  name_en: string | null;
}

export interface CaseCountersTable {
  jurisdiction_id: string;
  year: number;
  last_seq: number;
}

export interface CasesTable {
  id: Generated<string>;
  jurisdiction_id: string;
  number: string;
  channel: string;
  external_ref: string | null;
  enterprise_id: string | null;
  contact_name: string | null;
  /** Encrypted at rest (`enc:v1:…`, see pii/pii.keyring.ts). */
  contact_mobile: string | null;
  title: string;
  content: string;
  kind: string;
  category_id: string | null;
  complexity: string | null;
  location: string | null;
  region_code: string | null;
  status: string;
  round: Generated<number>;
  lead_unit_id: string | null;
  merged_into_id: string | null;
  reject_reason: string | null;
  answer_text: string | null;
  result: string | null;
  result_text: string | null;
  last_score: number | null;
  unsatisfied_rounds: Generated<number>;
  discipline_flag: Generated<boolean>;
  escalated_to: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: Date | null;
  /** The intake key of the platform that filed the case, if one did (its status sync). */
  intake_key_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The first response: the lead unit's first signing, or the hub's direct answer. */
  responded_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Working minutes from receipt to `responded_at`, on the calendar of that time. */
  response_minutes: ColumnType<number | null, number | null | undefined, number | null>;
  /** Working minutes from receipt to the (last) closing, on the calendar of that time. */
  resolve_minutes: ColumnType<number | null, number | null | undefined, number | null>;
  long_term: Generated<boolean>;
  plan_text: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AssignmentsTable {
  id: Generated<string>;
  case_id: string;
  unit_id: string;
  role: 'lead' | 'co';
  round: number;
  status: string;
  assigned_at: Timestamp;
  signed_at: Date | null;
  contacted_at: Date | null;
  contact_note: string | null;
  feedback_at: Date | null;
  feedback_text: string | null;
  replied_at: Date | null;
  reply_result: string | null;
  reply_text: string | null;
}

export interface RatingsTable {
  id: Generated<string>;
  case_id: string;
  round: number;
  score: number;
  satisfied: boolean;
  comment: string | null;
  rated_by: string | null;
  at: Timestamp;
}

export interface ExtensionsTable {
  id: Generated<string>;
  case_id: string;
  unit_id: string;
  round: number;
  reason: string;
  requested_until: Timestamp;
  status: 'pending' | 'approved' | 'denied';
  requested_by: string | null;
  requested_at: Timestamp;
  decided_by: string | null;
  decided_at: Date | null;
  note: string | null;
}

export interface SupervisionsTable {
  id: Generated<string>;
  case_id: string;
  by_whom: 'platform' | 'discipline' | 'leader';
  instruction: string;
  actor_id: string | null;
  at: Timestamp;
  response: string | null;
  /** The deadline the supervisor set, if any; its clock is `clock_id`. */
  due_at: Date | null;
  clock_id: string | null;
  responded_at: Date | null;
  responder_id: string | null;
}

export interface IntakeKeysTable {
  id: string;
  jurisdiction_id: string;
  source: string;
  channel: string;
  /** The HMAC secret, sealed by the PII keyring. */
  secret: string;
  created_by: string | null;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

/** One entry of a lower case's record as the level above received it with the hand-up. */
export interface HandupHistoryEntry {
  at: string;
  type: string;
  actorName: string | null;
  unitName: string | null;
  payload: Record<string, unknown>;
}

/** An experience library entry (经验积累库 / 典型案例, migration 0030): a closed case distilled by the hub. */
export interface LibraryEntriesTable {
  id: Generated<string>;
  jurisdiction_id: string;
  case_id: string;
  problem: string;
  resolution: string;
  policy_basis: string | null;
  unit_ids: string[];
  unit_names: string[];
  category_id: string | null;
  tags: string[];
  tokens: string[];
  typical: Generated<boolean>;
  typical_at: Timestamp | null;
  created_by: string | null;
  created_at: TimestampDefault;
  updated_at: TimestampDefault;
}

/** An item of a service catalogue (涉企事项清单 / 增值化服务清单, migration 0033). */
export interface ServiceItemsTable {
  id: Generated<string>;
  jurisdiction_id: string;
  catalogue: string;
  field: string;
  name: string;
  description: Generated<string>;
  provider_unit_id: string;
  materials: string | null;
  time_limit: string | null;
  working_days: number | null;
  assisted: Generated<boolean>;
  appointment: Generated<boolean>;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: TimestampDefault;
  updated_at: TimestampDefault;
}

/** A "一件事" bundle of catalogue items in order (migration 0033). */
export interface ServiceBundlesTable {
  id: Generated<string>;
  jurisdiction_id: string;
  name: string;
  description: Generated<string>;
  item_ids: string[];
  active: Generated<boolean>;
  created_by: string | null;
  created_at: TimestampDefault;
  updated_at: TimestampDefault;
}

/** An enterprise's request of an item or a bundle, beside the case it became (migration 0033). */
export interface ServiceRequestsTable {
  id: Generated<string>;
  jurisdiction_id: string;
  case_id: string;
  item_id: string | null;
  bundle_id: string | null;
  enterprise_id: string;
  requested_by: string | null;
  wants_assistance: Generated<boolean>;
  /** A date (YYYY-MM-DD) in Asia/Shanghai. */
  appointment_on: string | null;
  created_at: TimestampDefault;
}

/** A case handed up to the jurisdiction above (migration 0027): the lower case, the upper one, the way back. */
export interface CaseHandupsTable {
  id: Generated<string>;
  lower_case_id: string;
  lower_jurisdiction_id: string;
  lower_round: number;
  upper_case_id: string;
  upper_jurisdiction_id: string;
  reason: string;
  history: Json<HandupHistoryEntry[]>;
  handed_by: string | null;
  handed_at: Timestamp;
  returned_at: Timestamp | null;
  returned_to: 'replied' | 'screening' | null;
}

/** An Open311 client the admin lets file cases; its API key is kept only as a SHA-256 hash. */
export interface Open311ClientsTable {
  id: Generated<string>;
  jurisdiction_id: string;
  name: string;
  key_hash: string;
  /** The key's last four characters, so the admin can tell keys apart. */
  key_hint: string;
  active: boolean;
  created_by: string | null;
  created_at: Timestamp;
  revoked_by: string | null;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

/** What an Open311 request carried beside its case (one row per case filed through Open311). */
export interface Open311RequestsTable {
  case_id: string;
  jurisdiction_id: string;
  client_id: string;
  token: string;
  lat: number | null;
  long: number | null;
  address_string: string | null;
  address_id: string | null;
  media_url: string | null;
  account_id: string | null;
  device_id: string | null;
  requested_at: Timestamp;
}

export interface WebhooksTable {
  id: Generated<string>;
  jurisdiction_id: string;
  url: string;
  /** The signing secret, sealed by the PII keyring. */
  secret: string;
  /** The event types delivered; null for every type. */
  events: string[] | null;
  /** Bound to a platform's intake key: only the cases that platform filed (its status sync). */
  intake_key_id: string | null;
  active: Generated<boolean>;
  /** The jurisdiction's last event when the webhook was made; it receives those after. */
  from_seq: number;
  created_by: string | null;
  created_at: Timestamp;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  webhook_id: string;
  event_id: number;
  case_id: string;
  type: string;
  /** The JSON posted, exactly as signed. */
  body: string;
  status: 'pending' | 'delivered' | 'dead';
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_status: number | null;
  last_error: string | null;
  delivered_at: Timestamp | null;
  created_at: Timestamp;
}

export interface WebhookCursorsTable {
  jurisdiction_id: string;
  last_seq: number;
}

export interface RevisitsTable {
  id: Generated<string>;
  case_id: string;
  round: number;
  method: string;
  note: string;
  actor_id: string | null;
  at: Timestamp;
}

export interface ReviewsTable {
  id: Generated<string>;
  case_id: string;
  round: number;
  decision: 'close' | 'redo';
  opinion: string;
  actor_id: string | null;
  at: Timestamp;
}

export interface EscalationsTable {
  id: Generated<string>;
  case_id: string;
  to_target: string;
  reason: string;
  actor_id: string | null;
  at: Timestamp;
}

export interface EventsTable {
  id: Generated<number>;
  jurisdiction_id: string;
  seq: number;
  case_id: string | null;
  type: string;
  actor_id: string | null;
  unit_id: string | null;
  at: Timestamp;
  payload: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

export interface EventChainsTable {
  jurisdiction_id: string;
  last_seq: number;
  last_hash: string;
}

/** A chain head recorded by the anchoring job; append-only. */
export interface ChainAnchorsTable {
  id: Generated<number>;
  jurisdiction_id: string;
  seq: number;
  hash: string;
  event_at: Timestamp;
  anchored_at: Timestamp;
}

export interface ProfilesTable {
  id: Generated<string>;
  jurisdiction_id: string;
  version: number;
  document: Json<Record<string, unknown>>;
  note: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

/** `date` columns are read as `YYYY-MM-DD` text (see the date type parser in database.ts). */
export interface CalendarOverridesTable {
  id: Generated<string>;
  jurisdiction_id: string;
  date: string;
  working: boolean;
  name: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface CalendarNoticesTable {
  date: string;
  year: number;
  working: boolean;
  name: string | null;
  imported_by: string | null;
  imported_at: Timestamp;
}

export type ClockState = 'running' | 'warned' | 'breached' | 'met' | 'paused' | 'cancelled';

export interface ClocksTable {
  id: Generated<string>;
  jurisdiction_id: string;
  case_id: string;
  round: number;
  milestone: string;
  unit_id: string | null;
  parent_clock_id: string | null;
  title: string | null;
  profile_version: number | null;
  duration: string;
  card: string | null;
  started_at: Timestamp;
  due_at: Timestamp;
  warn_at: Date | null;
  warned_at: Date | null;
  breached_at: Date | null;
  met_at: Date | null;
  paused_at: Date | null;
  cancelled_at: Date | null;
  state: ClockState;
  next_fire_at: Date | null;
  claimed_until: Date | null;
}

export interface CardsTable {
  id: Generated<string>;
  jurisdiction_id: string;
  case_id: string | null;
  unit_id: string;
  clock_id: string | null;
  colour: 'yellow' | 'red';
  /** The reason in Chinese, as written when the card was issued (older readers and exports). */
  reason: string;
  /** The reason as data, rendered in the reader's language; NULL for a card whose text could not be read back. */
  reason_code: ColumnType<CardReason | null, string | null | undefined, string | null>;
  escalation: string | null;
  issued_at: Timestamp;
}

export interface UnitCardStreaksTable {
  unit_id: string;
  yellow_streak: number;
  red_streak: number;
  updated_at: Timestamp;
}

export interface OutboxTable {
  id: Generated<number>;
  jurisdiction_id: string;
  topic: string;
  recipient_kind: 'unit' | 'role' | 'user' | 'case';
  recipient: string;
  channel: string;
  payload: Json<Record<string, unknown>>;
  created_at: Timestamp;
  dispatched_at: Date | null;
  attempts: Generated<number>;
  next_attempt_at: Date | null;
  last_error: string | null;
}

export interface OutboxDeliveriesTable {
  outbox_id: number;
  channel: string;
  user_id: string;
  delivered_at: Timestamp;
}

export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  outbox_id: number | null;
  type: string;
  case_id: string | null;
  title_zh: string;
  title_en: string;
  at: Timestamp;
  read_at: Date | null;
  /** The policy a notice of the policy supermarket is about (0031). */
  policy_id: Generated<string | null>;
  policy_application_id: Generated<string | null>;
}

export interface JobStepsTable {
  job_id: string;
  step: string;
  output: Json<unknown> | null;
  done_at: Timestamp;
}

/** One uploaded file of a case; the bytes live in the blob store under `sha256`. */
export interface AttachmentsTable {
  id: Generated<string>;
  case_id: string;
  jurisdiction_id: string;
  sha256: string;
  name: string;
  size: number;
  mime: string;
  /** Null when a platform sent the file (`source_name` names it). */
  uploaded_by: string | null;
  /** The platform that sent the file through an interface (12345, Open311 …); null for a user's upload. */
  source_name: Generated<string | null>;
  /** The link the file was fetched from, when it was. */
  source_url: Generated<string | null>;
  created_at: Timestamp;
}

/** A link to a file that another platform sent with a case, to be fetched by the job (0028). */
export interface SolicitationsTable {
  id: Generated<string>;
  jurisdiction_id: string;
  enterprise_id: string;
  method: 'visit' | 'phone' | 'meeting' | 'online';
  held_at: Timestamp;
  /** The ISO week (`YYYY-Www`, Asia/Shanghai) the round counts for. */
  week: string;
  recorded_by: string;
  unit_id: string | null;
  note: string | null;
  /** How many problems the round found (each a case); 0: "none". */
  problems: number;
  created_at: Timestamp;
}

export interface SolicitationCasesTable {
  solicitation_id: string;
  case_id: string;
}

export interface SolicitationRemindersTable {
  user_id: string;
  week: string;
  missing: number;
  sent_at: Timestamp;
}

/** A satisfaction questionnaire sent to the enterprises solicited in `[period_from, period_to)` (0036). */
export interface QuestionnairesTable {
  id: Generated<string>;
  jurisdiction_id: string;
  title: string;
  /** `YYYY-MM-DD`, Asia/Shanghai. */
  period_from: ColumnType<string, string, string>;
  period_to: ColumnType<string, string, string>;
  questions: Json<{ text: string; kind: 'rating' | 'text' }[]>;
  sent_by: string;
  sent_at: Timestamp;
  enterprise_count: number;
}

export interface QuestionnaireRecipientsTable {
  questionnaire_id: string;
  enterprise_id: string;
}

/** An enterprise's answers, one per question in order: a level of the four, or a text. */
export interface QuestionnaireAnswersTable {
  questionnaire_id: string;
  enterprise_id: string;
  user_id: string;
  answers: Json<string[]>;
  answered_at: Timestamp;
}

/** A unit's weekly 问题台账 sent to the hub (0035): the figures when it was last sent. */
export interface SolicitationReportsTable {
  id: Generated<string>;
  jurisdiction_id: string;
  unit_id: string;
  week: string;
  rounds: number;
  enterprises: number;
  problems: number;
  first_sent_at: Timestamp;
  sent_at: Timestamp;
  sent_by: string;
}

/** A visit or meeting with enterprises (0032), recorded by a liaison, the hub or a leader. */
export interface ActivitiesTable {
  id: Generated<string>;
  jurisdiction_id: string;
  kind: string;
  title: string;
  held_at: Timestamp;
  place: string | null;
  /** The user who led it (a leader's day in enterprises counts from this or an attendance). */
  led_by: string | null;
  recorded_by: string;
  notes: string | null;
  created_at: Timestamp;
}

/** Who attended an activity: a user of the jurisdiction, or a person named with their unit. */
export interface ActivityAttendeesTable {
  id: Generated<string>;
  activity_id: string;
  /** The order in which the attendees were given. */
  position: number;
  user_id: string | null;
  name: string | null;
  unit_name: string | null;
}

export interface ActivityEnterprisesTable {
  activity_id: string;
  enterprise_id: string;
}

/** A case of an activity: `produced` when filed from a problem raised there, else linked afterwards. */
export interface ActivityCasesTable {
  activity_id: string;
  case_id: string;
  produced: boolean;
  linked_by: string;
  linked_at: Timestamp;
}

export interface IntakeAttachmentFetchesTable {
  id: Generated<number>;
  case_id: string;
  jurisdiction_id: string;
  source_kind: 'intake' | 'open311';
  /** The intake key's id or the Open311 client's id. */
  source_key: string;
  source_name: string;
  url: string;
  /** The file name the platform gave, if any. */
  name: string | null;
  status: 'pending' | 'fetched' | 'failed';
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  attachment_id: string | null;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface ReviewFormsTable {
  id: Generated<string>;
  case_id: string;
  round: number;
  unit_id: string;
  statement: string;
  signed_by: string;
  submitted_by: string | null;
  submitted_at: Timestamp;
}

/** A rule of the routing catalogue (派单目录); null category or region means "any". */
export interface RoutingRulesTable {
  id: Generated<string>;
  jurisdiction_id: string;
  category_id: string | null;
  region_code: string | null;
  lead_unit_id: string;
  co_unit_ids: string[];
  complexity: 'simple' | 'general' | 'complex' | null;
  note: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_by: string | null;
  updated_at: Timestamp;
}

/** A worklist filter kept by a user under a name; `query` holds the list's query parameters. */
export interface SavedViewsTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  query: Json<Record<string, string>>;
  created_at: Timestamp;
}

/** A stored category model (`@qisu/triage`), one version of one scope (a jurisdiction, or all). */
export interface TriageModelsTable {
  id: Generated<string>;
  jurisdiction_id: string | null;
  version: number;
  model: string;
  labels: Json<string[]>;
  examples: number;
  quality: Json<Record<string, unknown>> | null;
  active: Generated<boolean>;
  created_at: Timestamp;
}

/** Words, MinHash signature and LSH keys of a case's text (`@qisu/triage` similarity). */
export interface CaseFingerprintsTable {
  case_id: string;
  jurisdiction_id: string;
  tokens: string[];
  signature: string;
  bands: number[];
}

/** A document of the policy library (政策库); its passages answer consultations. */
export interface PolicyDocumentsTable {
  id: Generated<string>;
  jurisdiction_id: string;
  title: string;
  doc_number: string | null;
  issuer: string | null;
  source_name: string | null;
  format: 'text' | 'docx';
  passage_count: number;
  created_by: string | null;
  created_at: Timestamp;
  /** Targeting of the policy supermarket (0031): GB/T 4754 prefixes; empty restricts nothing. */
  industry_codes: Generated<string[]>;
  /** The ledger's sizes (`EnterprisesTable.scale`); empty restricts nothing. */
  scales: Generated<('large' | 'medium' | 'small' | 'micro')[]>;
  /** GB/T 2260 prefixes; empty restricts nothing. */
  region_codes: Generated<string[]>;
  /** true 规上 only, false 规下 only, null either. */
  above_designated_size: Generated<boolean | null>;
  /** The unit that decides applications (发文/主管单位). */
  issuing_unit_id: Generated<string | null>;
  /** Applied for on the platform. */
  online: Generated<boolean>;
  /** 免申即享: granted on the ledger's facts, nothing to file. */
  automatic: Generated<boolean>;
  /** What an eligible enterprise receives, in words. */
  benefit: Generated<string | null>;
}

/** A push of a policy to the enterprises that match it, or a 免申即享 grant (0031). */
export interface PolicyPushesTable {
  id: Generated<string>;
  jurisdiction_id: string;
  policy_id: string;
  kind: 'push' | 'automatic';
  filter: Json<Record<string, unknown>>;
  pushed_by: string | null;
  pushed_at: Timestamp;
  enterprise_count: number;
  recipient_count: number;
}

/** One contact told of a push, and when they opened the policy. */
export interface PolicyPushRecipientsTable {
  push_id: string;
  enterprise_id: string;
  user_id: string;
  notified_at: Timestamp;
  opened_at: Date | null;
}

/** An enterprise's application for a policy, routed to the issuing unit (0031). */
export interface PolicyApplicationsTable {
  id: Generated<string>;
  jurisdiction_id: string;
  policy_id: string;
  enterprise_id: string;
  applicant_user_id: string;
  text: string;
  /** The materials, described in words (files are stored per case, not per application). */
  materials: string | null;
  status: 'submitted' | 'approved' | 'rejected' | 'paid';
  routed_unit_id: string | null;
  decided_by: string | null;
  decision_note: string | null;
  decided_at: Date | null;
  paid_by: string | null;
  paid_at: Date | null;
  /** numeric(14,2): read as a string. */
  amount: ColumnType<string | null, number | null | undefined, number | null>;
  created_at: Timestamp;
}

/** One passage of a policy document, in document order; `token_count` is its BM25 length. */
export interface PolicyPassagesTable {
  id: Generated<string>;
  document_id: string;
  jurisdiction_id: string;
  seq: number;
  article: string | null;
  text: string;
  token_count: number;
}

/** A posting: how often a term occurs in a passage (BM25's tf). */
export interface PolicyTermsTable {
  passage_id: string;
  jurisdiction_id: string;
  term: string;
  tf: number;
}

/**
 * One answer of the API that carried a whole (unmasked) mobile or ID number: who saw which field
 * of which case, enterprise or user, when and from where. Append-only (a trigger refuses changes).
 */
export interface PiiViewsTable {
  /** In the order written, so that answers of the same instant keep their order. */
  id: Generated<number>;
  /** The jurisdiction of the case, enterprise or user shown. */
  jurisdiction_id: string;
  viewer_id: string;
  viewed_at: Date;
  subject_kind: 'case' | 'enterprise' | 'user';
  subject_id: string;
  /** Set when the subject is a case, for the admin's filter by case. */
  case_id: string | null;
  field: string;
  /** What answered it: `case.view`, `case.sign`, `enterprise.view`, `user.view` … */
  action: string;
  address: string | null;
}

/** Shared login guards: failures per client address, and the lock of a name with no active account. */
export interface LoginGuardsTable {
  /** `address:<ip>` or `name:<username>`. */
  key: string;
  failures: Generated<number>;
  window_start: Date;
  locked_until: Date | null;
}

/** The key of a PostgreSQL deployment without QISU_PII_KEYS: one row. */
export interface PiiKeyStoreTable {
  id: number;
  keys: string;
  created_at: Date;
}

/** The additive counts of docs/kpi.md as columns (snake case of core's `KPI_COUNTS`). */
export interface KpiCountColumns {
  received: number;
  dispatched: number;
  responded: number;
  responded_in_time: number;
  closed: number;
  closed_in_time: number;
  solved: number;
  rated: number;
  satisfied: number;
  redone: number;
  late: number;
  overdue: number;
  returned: number;
  supervised: number;
  yellow_cards: number;
  red_cards: number;
  response_timed: number;
  response_minutes: number;
  resolve_timed: number;
  resolve_minutes: number;
}

/** One case's counts, refreshed whenever an event touches the case. */
export interface KpiCaseFactsTable extends KpiCountColumns {
  case_id: string;
  jurisdiction_id: string;
  /** The Asia/Shanghai day of receipt, `YYYY-MM-DD`. */
  day: string;
  /** False for merged and rejected cases, which no KPI counts. */
  counted: boolean;
  unit_key: string;
  category_key: string;
  region_key: string;
  channel_key: string;
  enterprise_id: string | null;
}

/** The counts of the counted cases received on one day with one value of one dimension. */
export interface KpiRollupsTable extends KpiCountColumns {
  jurisdiction_id: string;
  /** `all`, `unit`, `category`, `region` or `channel`. */
  dim: string;
  day: string;
  key: string;
}

/** How far a jurisdiction's events have been read into the facts and rollups. */
export interface KpiCursorsTable {
  jurisdiction_id: string;
  last_seq: ColumnType<number, number, number>;
}

/** A notice (通报) kept for download; `generated_by` null when the schedule made it. */
export interface ReportDocumentsTable {
  id: Generated<string>;
  jurisdiction_id: string;
  kind: 'notice' | 'service-report';
  period_code: string;
  file_name: string;
  content: Buffer;
  generated_by: string | null;
  generated_by_name: string;
  generated_at: Timestamp;
}

export interface Database {
  grids: GridsTable;
  enterprise_conditions: EnterpriseConditionsTable;
  projects: ProjectsTable;
  project_updates: ProjectUpdatesTable;
  hotspot_groups: HotspotGroupsTable;
  hotspot_members: HotspotMembersTable;
  policy_documents: PolicyDocumentsTable;
  policy_passages: PolicyPassagesTable;
  policy_terms: PolicyTermsTable;
  policy_pushes: PolicyPushesTable;
  policy_push_recipients: PolicyPushRecipientsTable;
  policy_applications: PolicyApplicationsTable;
  case_fingerprints: CaseFingerprintsTable;
  triage_models: TriageModelsTable;
  saved_views: SavedViewsTable;
  routing_rules: RoutingRulesTable;
  review_forms: ReviewFormsTable;
  attachments: AttachmentsTable;
  profiles: ProfilesTable;
  calendar_overrides: CalendarOverridesTable;
  calendar_notices: CalendarNoticesTable;
  clocks: ClocksTable;
  cards: CardsTable;
  unit_card_streaks: UnitCardStreaksTable;
  outbox: OutboxTable;
  outbox_deliveries: OutboxDeliveriesTable;
  notifications: NotificationsTable;
  job_steps: JobStepsTable;
  jurisdictions: JurisdictionsTable;
  regions: RegionsTable;
  units: UnitsTable;
  enterprises: EnterprisesTable;
  users: UsersTable;
  sessions: SessionsTable;
  pii_key_store: PiiKeyStoreTable;
  login_guards: LoginGuardsTable;
  sms_login_codes: SmsLoginCodesTable;
  pii_views: PiiViewsTable;
  categories: CategoriesTable;
  case_counters: CaseCountersTable;
  cases: CasesTable;
  assignments: AssignmentsTable;
  ratings: RatingsTable;
  extensions: ExtensionsTable;
  supervisions: SupervisionsTable;
  revisits: RevisitsTable;
  intake_keys: IntakeKeysTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_cursors: WebhookCursorsTable;
  case_handups: CaseHandupsTable;
  library_entries: LibraryEntriesTable;
  service_items: ServiceItemsTable;
  service_bundles: ServiceBundlesTable;
  service_requests: ServiceRequestsTable;
  open311_clients: Open311ClientsTable;
  open311_requests: Open311RequestsTable;
  intake_attachment_fetches: IntakeAttachmentFetchesTable;
  solicitations: SolicitationsTable;
  solicitation_cases: SolicitationCasesTable;
  solicitation_reminders: SolicitationRemindersTable;
  solicitation_reports: SolicitationReportsTable;
  questionnaires: QuestionnairesTable;
  questionnaire_recipients: QuestionnaireRecipientsTable;
  questionnaire_answers: QuestionnaireAnswersTable;
  activities: ActivitiesTable;
  activity_attendees: ActivityAttendeesTable;
  activity_enterprises: ActivityEnterprisesTable;
  activity_cases: ActivityCasesTable;
  reviews: ReviewsTable;
  escalations: EscalationsTable;
  events: EventsTable;
  event_chains: EventChainsTable;
  chain_anchors: ChainAnchorsTable;
  kpi_case_facts: KpiCaseFactsTable;
  kpi_rollups: KpiRollupsTable;
  kpi_cursors: KpiCursorsTable;
  report_documents: ReportDocumentsTable;
}

export type CaseRow = Selectable<CasesTable>;
export type NewCase = Insertable<CasesTable>;
export type AssignmentRow = Selectable<AssignmentsTable>;
export type UserRow = Selectable<UsersTable>;
export type UnitRow = Selectable<UnitsTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type EnterpriseRow = Selectable<EnterprisesTable>;
export type EventRow = Selectable<EventsTable>;
export type JurisdictionRow = Selectable<JurisdictionsTable>;
export type ClockRow = Selectable<ClocksTable>;
export type CardRow = Selectable<CardsTable>;
export type ExtensionRow = Selectable<ExtensionsTable>;

/** A group of similar cases that passed its jurisdiction's hotspot threshold (热点). */
export interface HotspotGroupsTable {
  id: Generated<string>;
  jurisdiction_id: string;
  /** The first member's case id when the group was created; unique per jurisdiction. */
  key: string;
  title: string;
  keywords: Json<string[]>;
  category_id: string | null;
  region_code: string | null;
  industry: string | null;
  size: number;
  previous_size: number;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  warned_at: Date | null;
  fix_case_id: string | null;
  fix_note: string | null;
  resolve_note: string | null;
  status: 'open' | 'fixing' | 'resolved';
  updated_at: Timestamp;
}

/** A case that belongs to a hotspot group. */
export interface HotspotMembersTable {
  group_id: string;
  case_id: string;
  added_at: Timestamp;
}
