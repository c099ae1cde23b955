import type { CaseStatus } from '@qisu/core';
import { maskPersonalText } from '@qisu/core';
import type { Lang } from '../errors.js';

/**
 * The pure decisions of the Open311 GeoReport v2 interface: how a case's state reads as a
 * request's `open`/`closed`, which words of the case a requester may read back, and how a POSTed
 * request becomes the title, content and contact of a case. No I/O.
 */

/** The formats GeoReport v2 names in every path (`services.json`, `requests.xml` …). */
export const OPEN311_FORMATS = ['json', 'xml'] as const;
/** `json` or `xml`. */
export type Open311Format = (typeof OPEN311_FORMATS)[number];

/** The two states a GeoReport v2 request has. */
export const OPEN311_STATUSES = ['open', 'closed'] as const;
/** `open` or `closed`. */
export type Open311Status = (typeof OPEN311_STATUSES)[number];

/** The longest description GeoReport v2 allows ("limited to 4,000 characters"). */
export const DESCRIPTION_MAX = 4000;
/** How many characters of the description make the case's title. */
export const TITLE_CHARS = 30;

/**
 * A case is `closed` to Open311 when the loop is finished for it — 已销号, 已答复, 不予受理 or
 * 已合并 (core's terminal states) — and `open` in every other state. A replied or rated case is
 * still open: the enterprise may find the reply unsatisfying and the case then goes round again.
 */
export function open311Status(status: CaseStatus): Open311Status {
  switch (status) {
    case 'closed':
    case 'answered':
    case 'rejected':
    case 'merged':
      return 'closed';
    case 'submitted':
    case 'screening':
    case 'returned':
    case 'dispatched':
    case 'signed':
    case 'contacted':
    case 'feedback':
    case 'replied':
    case 'rated':
    case 'redo':
    case 'review':
    case 'handed_up':
      return 'open';
  }
}

/** The case's states an Open311 `status` filter selects. */
export function caseStatusesOf(wanted: readonly Open311Status[], all: readonly CaseStatus[]): CaseStatus[] {
  return all.filter((s) => wanted.includes(open311Status(s)));
}

/** What the requester was told of the case, as the case row keeps it. */
export interface NoteFacts {
  status: CaseStatus;
  /** Why the hub did not take the case up (told to the enterprise). */
  rejectReason: string | null;
  /** The hub's answer to a consultation. */
  answerText: string | null;
  /** The lead unit's reply (办结答复), what the enterprise rates. */
  resultText: string | null;
  /** The lead unit's initial feedback to the enterprise. */
  feedbackText: string | null;
}

const STAGE_NOTES: Record<CaseStatus, { zh: string; en: string }> = {
  submitted: { zh: '已收到，等待受理', en: 'Received; waiting to be taken up' },
  screening: { zh: '已受理，正在研判', en: 'Taken up; being screened' },
  returned: { zh: '已受理，正在研判', en: 'Taken up; being screened' },
  dispatched: { zh: '已交办承办单位', en: 'Assigned to the responsible unit' },
  signed: { zh: '承办单位已签收，正在办理', en: 'The responsible unit has taken it on' },
  contacted: {
    zh: '承办单位已联系诉求人，正在办理',
    en: 'The responsible unit has been in touch and is working on it',
  },
  feedback: { zh: '承办单位已初步反馈，正在办理', en: 'The responsible unit has given a first answer' },
  replied: { zh: '已办结，等待评价', en: 'Handled; waiting for the rating' },
  rated: { zh: '已评价，等待销号', en: 'Rated; about to be closed' },
  redo: { zh: '评价不满意，正在重新办理', en: 'Rated unsatisfied; being handled again' },
  review: { zh: '评价不满意，正在审核', en: 'Rated unsatisfied; under review' },
  handed_up: { zh: '已上报上级协调处置', en: 'Handed up to the level above' },
  closed: { zh: '已办结销号', en: 'Closed' },
  answered: { zh: '已答复', en: 'Answered' },
  rejected: { zh: '不予受理', en: 'Not taken up' },
  merged: { zh: '已与同一事项的诉求合并办理', en: 'Merged with a request on the same matter' },
};

/**
 * The `status_notes` of a request: the latest words the enterprise itself is shown — the reason
 * a case is not taken up, the answer to a consultation, the unit's reply or first feedback — and
 * otherwise the stage it is at. Never anything internal (return reasons, supervision
 * instructions, contact notes), and mobile and ID numbers inside a text are masked: the answer
 * is public.
 */
export function statusNotes(facts: NoteFacts, lang: Lang): string {
  const stage = STAGE_NOTES[facts.status][lang];
  const told = (text: string | null) =>
    text && text.trim() !== '' ? `${stage}：${maskPersonalText(text.trim())}` : stage;
  switch (facts.status) {
    case 'rejected':
      return told(facts.rejectReason);
    case 'answered':
      return told(facts.answerText);
    case 'replied':
    case 'rated':
    case 'closed':
    case 'review':
      return told(facts.resultText);
    case 'feedback':
      return told(facts.feedbackText);
    case 'submitted':
    case 'screening':
    case 'returned':
    case 'dispatched':
    case 'signed':
    case 'contacted':
    case 'redo':
    case 'merged':
    case 'handed_up':
      return stage;
  }
}

/** The Open311 fields of a new request that become the case's words. */
export interface RequestText {
  serviceName: string;
  description?: string | undefined;
  /** `attribute[code]` values, by code, in the order sent. */
  attributes: readonly { code: string; label: string; values: readonly string[] }[];
  addressString?: string | undefined;
  addressId?: string | undefined;
  lat?: number | undefined;
  long?: number | undefined;
  mediaUrl?: string | undefined;
}

/** One line per text, cut to `max` characters with an ellipsis. */
function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…`;
}

/**
 * The title, content and location of the case a request files. The title is the description's
 * first sentence, or its first characters, or, with no description, the service's name. The content is
 * the description followed by labelled lines for every attribute and for the media link, so that
 * nothing the client sent is lost. The location is the address, with the coordinates.
 */
export function caseTextOf(r: RequestText): { title: string; content: string; location: string | null } {
  const description = r.description?.trim() ?? '';
  const firstLine =
    description
      .split(/\r?\n/)
      .find((l) => l.trim() !== '')
      ?.trim() ?? '';
  // The first sentence when it is short enough, else the first characters.
  const sentence = /^(.+?)[。！？!?]/u.exec(firstLine)?.[1];
  const title =
    sentence && [...sentence].length <= TITLE_CHARS
      ? sentence
      : firstLine
        ? cut(firstLine, TITLE_CHARS)
        : r.serviceName;
  const lines: string[] = [];
  if (description) lines.push(description);
  if (r.attributes.length > 0) {
    lines.push('', '【附加信息 / Attributes】');
    for (const a of r.attributes) lines.push(`${a.label}：${a.values.join('、')}`);
  }
  if (r.mediaUrl) lines.push('', `【图片或附件链接 / Media】${r.mediaUrl}`);
  const content = lines.length > 0 ? lines.join('\n').trim() : r.serviceName;
  const coordinates = r.lat !== undefined && r.long !== undefined ? `${r.lat},${r.long}` : null;
  const parts = [r.addressString?.trim(), r.addressId ? `address_id ${r.addressId.trim()}` : undefined].filter(
    (p): p is string => Boolean(p),
  );
  const place = parts.join('；');
  const location = place && coordinates ? `${place}（${coordinates}）` : place || coordinates;
  return { title, content, location: location ? cut(location, 480) : null };
}

const CJK = /[\u3400-\u9fff]/;

/**
 * The contact's name from GeoReport's first and last name: a Chinese name is family name first
 * and unspaced (`王` + `小明` → `王小明`), any other `first last`.
 */
export function contactNameOf(first?: string, last?: string): string | null {
  const f = first?.trim() ?? '';
  const l = last?.trim() ?? '';
  if (!f && !l) return null;
  if (CJK.test(f + l)) return `${l}${f}`;
  return [f, l].filter(Boolean).join(' ');
}

/**
 * A phone as the case's contact stores it: a mainland mobile (spaces, dashes and a +86 / 0086
 * prefix dropped) or a landline with its area code; null for anything else.
 */
export function contactPhoneOf(phone: string): string | null {
  const compact = phone.trim().replace(/[\s()]/g, '');
  const mobile = compact.replace(/-/g, '').replace(/^(\+86|0086)/, '');
  if (/^1[3-9]\d{9}$/.test(mobile)) return mobile;
  if (/^0\d{2,3}-?\d{7,8}$/.test(compact)) return compact;
  return null;
}

/**
 * A GeoReport date (`start_date`, `end_date`): a W3C date-time with its zone (`2026-11-02T08:00:00Z`,
 * `…+08:00`), or a calendar day, read as midnight in Asia/Shanghai. Null when it is neither.
 */
export function parseW3cDate(value: string): Date | null {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const text = day ? `${value}T00:00:00+08:00` : value;
  if (!day && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) return null;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return null;
  // 2026-02-30 is refused, not rolled over.
  if (day && new Date(ms + 8 * 3600_000).toISOString().slice(0, 10) !== value) return null;
  return new Date(ms);
}

/** A time as GeoReport writes it: W3C, in Asia/Shanghai with its offset (`2026-11-02T09:30:00+08:00`). */
export function w3cShanghai(at: Date): string {
  const local = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19);
  return `${local}+08:00`;
}
