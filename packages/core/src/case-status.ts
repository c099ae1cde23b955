/**
 * Case states of the closed loop (SPEC §4). Terminal states accept no further command.
 */
export const CASE_STATUSES = [
  'submitted',
  'screening',
  'returned',
  'rejected',
  'merged',
  'answered',
  'dispatched',
  'signed',
  'contacted',
  'feedback',
  'replied',
  'rated',
  'redo',
  'review',
  'handed_up',
  'closed',
] as const;

export type CaseStatus = (typeof CASE_STATUSES)[number];

export const TERMINAL_STATUSES: readonly CaseStatus[] = ['rejected', 'merged', 'answered', 'closed'];

export const OPEN_STATUSES: readonly CaseStatus[] = CASE_STATUSES.filter((s) => !TERMINAL_STATUSES.includes(s));

/** States in which the hub may still screen the case. */
export const SCREENABLE_STATUSES: readonly CaseStatus[] = ['submitted', 'screening', 'returned'];

/** States in which the assigned units are working on the case. */
export const HANDLING_STATUSES: readonly CaseStatus[] = ['dispatched', 'signed', 'contacted', 'feedback', 'redo'];

export function isTerminal(status: CaseStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** Names shown to people, zh-CN and en-US. */
export const CASE_STATUS_LABELS: Record<CaseStatus, { zh: string; en: string }> = {
  submitted: { zh: '待受理', en: 'Submitted' },
  screening: { zh: '研判中', en: 'Screening' },
  returned: { zh: '已退回', en: 'Returned' },
  rejected: { zh: '不予受理', en: 'Rejected' },
  merged: { zh: '已合并', en: 'Merged' },
  answered: { zh: '已答复', en: 'Answered' },
  dispatched: { zh: '已交办', en: 'Dispatched' },
  signed: { zh: '已签收', en: 'Signed' },
  contacted: { zh: '已联系', en: 'Contacted' },
  feedback: { zh: '已反馈', en: 'Initial feedback' },
  replied: { zh: '已办结待评价', en: 'Replied, awaiting rating' },
  rated: { zh: '已评价', en: 'Rated' },
  redo: { zh: '重办中', en: 'Redo' },
  review: { zh: '审核中', en: 'Under review' },
  handed_up: { zh: '已上报上级', en: 'Handed up' },
  closed: { zh: '已销号', en: 'Closed' },
};

export const CASE_KINDS = ['consultation', 'help', 'suggestion', 'complaint', 'report'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export const COMPLEXITIES = ['simple', 'general', 'complex'] as const;
export type Complexity = (typeof COMPLEXITIES)[number];

export const CHANNELS = [
  'web',
  'mobile',
  'qr',
  'phone',
  'hotline12345',
  'visit',
  'liaison',
  'city_platform',
  'handup',
  'letter',
  'open311',
  'solicitation',
  'service',
  'other',
] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * The channels a member of staff may log a case under by hand; the others arrive through an
 * interface, a hand-up, a solicitation round (征询, recorded with the round it came from) or an
 * enterprise's request of a catalogue item (服务事项).
 */
export const STAFF_INTAKE_CHANNELS: readonly Channel[] = CHANNELS.filter(
  (c) => c !== 'open311' && c !== 'handup' && c !== 'solicitation' && c !== 'service',
);

/** Names of the intake channels shown to people, zh-CN and en-US. */
export const CHANNEL_LABELS: Record<Channel, { zh: string; en: string }> = {
  web: { zh: '网页', en: 'Web' },
  mobile: { zh: '手机端', en: 'Mobile' },
  qr: { zh: '扫码', en: 'QR code' },
  phone: { zh: '电话', en: 'Phone' },
  hotline12345: { zh: '12345 热线', en: '12345 hotline' },
  visit: { zh: '走访', en: 'Visit' },
  liaison: { zh: '联络员', en: 'Liaison' },
  city_platform: { zh: '市级平台', en: 'City platform' },
  handup: { zh: '下级上报', en: 'Handed up from below' },
  letter: { zh: '来信', en: 'Letter' },
  open311: { zh: 'Open311 接口', en: 'Open311' },
  solicitation: { zh: '定期征询', en: 'Solicitation' },
  service: { zh: '服务事项', en: 'Service item' },
  other: { zh: '其他', en: 'Other' },
};

/** How the hub or a liaison revisits an enterprise (回访). */
export const REVISIT_METHODS = ['phone', 'onsite', 'sms', 'online', 'other'] as const;
export type RevisitMethod = (typeof REVISIT_METHODS)[number];

/** Names of the revisit methods in documents, zh-CN and en-US. */
export const REVISIT_METHOD_LABELS: Record<RevisitMethod, { zh: string; en: string }> = {
  phone: { zh: '电话', en: 'Phone' },
  onsite: { zh: '实地', en: 'On site' },
  sms: { zh: '短信', en: 'SMS' },
  online: { zh: '线上', en: 'Online' },
  other: { zh: '其他', en: 'Other' },
};

export const REPLY_RESULTS = ['solved', 'partly', 'unsolved'] as const;
export type ReplyResult = (typeof REPLY_RESULTS)[number];
