/** Shapes of the API's responses the console reads (see /api/openapi.json). */
export interface SessionUser {
  id: string;
  username: string;
  name: string;
  roles: string[];
  jurisdiction: string;
  unitId?: string;
  enterpriseId?: string;
}

export interface UnitRef {
  id: string;
  name: string;
}

export interface CaseListItem {
  id: string;
  number: string;
  title: string;
  status: string;
  kind: string;
  channel: string;
  complexity: string | null;
  round: number;
  enterpriseName: string | null;
  contactName: string | null;
  contactMobile: string | null;
  leadUnit: UnitRef | null;
  createdAt: string;
  updatedAt: string;
}

export interface ClockView {
  id: string;
  milestone: string;
  round: number;
  unitId: string | null;
  title: string | null;
  duration: string;
  startedAt: string;
  dueAt: string;
  warnAt: string | null;
  state: 'running' | 'warned' | 'breached' | 'met' | 'paused' | 'cancelled';
  breachedAt: string | null;
  metAt: string | null;
}

export interface CaseView {
  id: string;
  number: string;
  status: string;
  round: number;
  title: string;
  content: string;
  kind: string;
  channel: string;
  complexity: string | null;
  enterprise: { id: string; name: string; uscc: string } | null;
  category: { id: string; name: string } | null;
  regionCode: string | null;
  contactName: string | null;
  contactMobile: string | null;
  leadUnit: UnitRef | null;
  coUnits: UnitRef[];
  assignments: { id: string; unit: UnitRef; role: 'lead' | 'co'; round: number; status: string }[];
  clocks: ClockView[];
  cards: { id: string; unitId: string; colour: 'yellow' | 'red'; reason: string; issuedAt: string }[];
  allowedCommands: string[];
  createdAt: string;
  resultText: string | null;
  answerText: string | null;
  rejectReason: string | null;
}

export interface CaseEvent {
  seq: number;
  type: string;
  actorName: string | null;
  unitName: string | null;
  at: string;
  payload: Record<string, unknown>;
  hash: string;
}

/** A jurisdiction's profile as `GET /api/v1/profile` returns it (the core's `ProfileSchema`). */
export interface ProfileDocument {
  code: string;
  version: number;
  name: string;
  seed?: string;
  note?: string;
  calendar: {
    periods: [string, string][];
    summer?: { from: string; to: string; periods: [string, string][] };
    note: string;
  };
  rating: {
    scale: 'binary' | '4-level' | '5-level';
    satisfiedMinScore: number;
    labels: { score: number; zh: string; en: string }[];
    note: string;
  };
  loop: {
    reviewAfterRounds: number;
    revisitBeforeClose: boolean;
    complexDispatchByLeader: boolean;
    reviewFormRequired?: boolean;
    note: string;
  };
  clocks: {
    milestone: string;
    duration: string | Partial<Record<'simple' | 'general' | 'complex', string>>;
    kinds?: string[];
    warn?: { before: string } | { fraction: number };
    card?: 'yellow';
    note: string;
  }[];
  cards: {
    redAfterYellow?: string;
    consecutiveYellowsToRed?: number;
    consecutiveRedsToLeader?: number;
    note: string;
  };
  handoffs: { unsatisfiedToDiscipline: boolean; redCardTo: ('leader' | 'discipline')[]; note: string };
}

/** One stored version of the profile, newest first in `GET /api/v1/profile/versions`. */
export interface ProfileVersionItem {
  version: number;
  note: string | null;
  createdAt: string;
  createdBy: string | null;
  createdByName: string | null;
}

/** One day of `GET /api/v1/calendar`. */
export interface CalendarDay {
  date: string;
  working: boolean;
  source: 'local' | 'imported' | 'statutory' | 'provisional' | 'weekday';
  name: string | null;
}

/** `GET /api/v1/public/jurisdictions/{code}`: what the QR entry page may show without a login. */
export interface PublicJurisdiction {
  code: string;
  name: string;
  fullName: string;
  brand?: string;
  hotline?: string;
}

/** One unit's figures in `GET /api/v1/oversight/summary` ("now" figures and period figures). */
export interface OversightUnitFigures {
  unitId: string;
  unitName: string;
  kind: string;
  openAssignments: number;
  overdue: number;
  yellow: number;
  red: number;
  replied: number;
  repliedOnTime: number;
  satisfied: number;
  rated: number;
}

/** `GET /api/v1/oversight/summary?from=&to=`: open/overdue/warned are now, the rest the period. */
export interface OversightSummary {
  from: string;
  to: string;
  asOf: string;
  open: number;
  overdue: number;
  warned: number;
  filed: number;
  byStatus: { status: string; count: number }[];
  cards: { yellow: number; red: number };
  ratings: { satisfied: number; total: number };
  units: OversightUnitFigures[];
  byCategory: { categoryId: string | null; name: string | null; nameEn: string | null; count: number }[];
  byChannel: { channel: string; count: number }[];
  byDay: { date: string; filed: number }[];
}

/** A page of a list endpoint with its total. */
export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface OversightCaseRef {
  id: string;
  number: string;
  title: string;
  status: string;
}

/** One row of `GET /api/v1/supervisions`. */
export interface SupervisionRecord {
  id: string;
  by: 'platform' | 'discipline' | 'leader';
  instruction: string;
  response: string | null;
  at: string;
  actor: { id: string; name: string } | null;
  case: OversightCaseRef;
}

/** One row of `GET /api/v1/oversight/unsatisfied`. */
export interface UnsatisfiedCase extends OversightCaseRef {
  round: number;
  enterpriseName: string | null;
  leadUnit: UnitRef | null;
  unsatisfiedRatings: number;
  lastScore: number;
  lastComment: string | null;
  lastRatedAt: string;
  disciplineSupervised: boolean;
}

/** One row of `GET /api/v1/oversight/red-cards`. */
export interface RedCardCase {
  id: string;
  unit: UnitRef;
  reason: string;
  escalation: string | null;
  issuedAt: string;
  case: OversightCaseRef;
}

/** One card of `GET /api/v1/cards`. */
export interface CardRecord {
  id: string;
  caseId: string | null;
  caseNumber: string | null;
  unitId: string;
  unitName: string;
  colour: 'yellow' | 'red';
  reason: string;
  escalation: string | null;
  issuedAt: string;
}

/** One attachment of a case, as `GET /api/v1/cases/{id}/attachments` lists it (oldest first). */
export interface Attachment {
  id: string;
  caseId: string;
  /** The uploader's file name, for display only. */
  name: string;
  size: number;
  /** The type the server sniffed from the bytes. */
  mime: string;
  sha256: string;
  uploadedBy: { id: string; name: string };
  createdAt: string;
}

/** A unit as `GET /api/v1/units` returns it to the admin screens. */
export interface AdminUnit {
  id: string;
  name: string;
  kind: 'hub' | 'department' | 'town' | 'park' | 'discipline' | 'leadership' | 'other';
  regionCode: string | null;
  parentId: string | null;
  contactPhone: string | null;
  active: boolean;
}

/** A user in `GET /api/v1/users` (mobile masked); `GET /api/v1/users/{id}` has it whole. */
export interface AdminUser {
  id: string;
  username: string;
  name: string;
  mobile: string | null;
  roles: string[];
  unitId: string | null;
  enterpriseId: string | null;
  active: boolean;
  lockedUntil: string | null;
}

export interface AdminRegion {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
}

export interface AdminCategory {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  parentId: string | null;
}

export interface LiaisonRef {
  id: string;
  name: string;
  unitId: string | null;
}

/** One enterprise of the ledger (`GET /api/v1/enterprises`); contact mobiles are masked in lists. */
export interface LedgerEnterprise {
  id: string;
  uscc: string;
  name: string;
  industryCode: string | null;
  industryName: string | null;
  scale: 'large' | 'medium' | 'small' | 'micro' | null;
  aboveDesignatedSize: boolean;
  regionCode: string | null;
  grid: string | null;
  liaisonUserId: string | null;
  liaisonName: string | null;
  contacts: { name: string; mobile: string; title?: string }[];
  notes: string | null;
  openCases: number;
}

/** `GET /api/v1/enterprises/check-uscc?value=`: the as-you-type check. */
export interface UsccCheckResult {
  valid: boolean;
  normalized?: string;
  problem?: { code: 'length' | 'characters' | 'check'; zh: string; en: string };
  existing?: { id: string; name: string };
}

export interface RoutingUnitRef {
  id: string;
  name: string;
  active: boolean;
}

/** A rule of the routing catalogue (派单目录); null category or region means "any". */
export interface RoutingRule {
  id: string;
  categoryId: string | null;
  categoryName: string | null;
  regionCode: string | null;
  regionName: string | null;
  leadUnit: RoutingUnitRef;
  coUnits: RoutingUnitRef[];
  complexity: 'simple' | 'general' | 'complex' | null;
  note: string | null;
  updatedAt: string;
  updatedBy: string | null;
}

/** `GET /api/v1/routing-rules/suggest`: the most specific rule for a category and a region. */
export interface RoutingSuggestion {
  rule: RoutingRule | null;
  leadUnit: RoutingUnitRef | null;
  coUnits: RoutingUnitRef[];
  complexity: 'simple' | 'general' | 'complex' | null;
  match: 'exact' | 'ancestorRegion' | 'categoryOnly' | 'parentCategory' | 'regionOnly' | 'none';
  reason: { zh: string; en: string };
}
