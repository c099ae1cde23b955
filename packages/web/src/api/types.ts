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
