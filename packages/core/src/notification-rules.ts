import { formatShanghaiMinute } from './calendar.js';

/**
 * Who is told what. One pure rule per outbox topic: given the message and a few facts about the
 * case (its lead unit, co-units, enterprise and the jurisdiction's profile hand-offs), it names
 * the recipients as targets (a unit's handlers, an enterprise's contacts, a role of the
 * jurisdiction), the channels, and the text as a catalogue key with parameters. Resolving the
 * targets to users, and dropping anyone outside the case's scope, is the dispatcher's job.
 */

/** How a notification reaches a person: the console's bell, an SMS, a WeChat template message. */
export const NOTIFICATION_CHANNELS = ['inApp', 'sms', 'wechat'] as const;
/** One of `NOTIFICATION_CHANNELS`. */
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** Roles of a jurisdiction that can be told as a whole. */
export type NotifiedRole = 'hub' | 'leader' | 'discipline';

/** A group of people, resolved to users by the dispatcher. */
export type NotificationTarget =
  /** The unit's handlers and heads (`unit_handler`, `unit_head`). */
  | { kind: 'unit'; unitId: string }
  /** The enterprise's contact users (role `enterprise`). */
  | { kind: 'enterprise'; enterpriseId: string }
  /** Every user holding the role in the case's jurisdiction. */
  | { kind: 'role'; role: NotifiedRole }
  /** One user, named by the writer (a liaison's own reminder). */
  | { kind: 'user'; userId: string };

/** One outbox row as the rule sees it. */
export interface OutboxNotice {
  /** `case.<event type>` for case commands; `clock.warned`, `card.red`, `handoff.leader` … for the sweep. */
  topic: string;
  /** The recipient the writer named (`unit`/`role`/`user`), or `case` when the rule decides alone. */
  recipient: { kind: 'unit' | 'role' | 'user' | 'case'; id: string };
  payload: Readonly<Record<string, unknown>>;
}

/** What the dispatcher knows of the case when it delivers (all null for notices without a case). */
export interface NotificationFacts {
  leadUnitId: string | null;
  coUnitIds: readonly string[];
  enterpriseId: string | null;
  handoffs: { unsatisfiedToDiscipline: boolean; redCardTo: readonly ('leader' | 'discipline')[] };
}

/** The texts, once, in both languages; `{number}` and the like are filled from the params. */
export const NOTIFICATION_TEXTS = {
  caseDispatched: { zh: '诉求 {number} 已交办你单位办理', en: 'Case {number} was dispatched to your unit' },
  caseSupervised: { zh: '诉求 {number} 被督办，请加快办理', en: 'Case {number} is under supervision; please speed up' },
  caseSupervisedDue: {
    zh: '诉求 {number} 被督办，请于 {due} 前办理并答复督办',
    en: 'Case {number} is under supervision; act and answer it by {due}',
  },
  supervisionResponded: {
    zh: '诉求 {number} 的承办单位已答复督办',
    en: 'The unit of case {number} has answered the supervision',
  },
  caseReplied: { zh: '您的诉求 {number} 已办结答复，请评价', en: 'Your case {number} has a reply; please rate it' },
  caseAnswered: { zh: '您的诉求 {number} 已直接答复', en: 'Your case {number} was answered directly' },
  caseRejected: { zh: '您的诉求 {number} 未予受理', en: 'Your case {number} was not accepted' },
  extensionApproved: {
    zh: '诉求 {number} 的延期申请已批准，将于 {until} 前办结。延期原因：{reason}',
    en: 'The extension of case {number} was approved; it will be closed by {until}. Reason: {reason}',
  },
  extensionRefused: {
    zh: '诉求 {number} 的延期申请未获批准',
    en: 'The extension of case {number} was refused',
  },
  clockWarned: { zh: '诉求 {number} 即将超时，请抓紧办理', en: 'Case {number} is due soon' },
  clockBreached: { zh: '诉求 {number} 已超时', en: 'Case {number} is overdue' },
  cardYellow: { zh: '诉求 {number} 超时，你单位被亮黄牌', en: 'Case {number} is overdue; your unit got a yellow card' },
  cardRed: { zh: '诉求 {number}：你单位被亮红牌', en: 'Case {number}: your unit got a red card' },
  handoffLeader: { zh: '诉求 {number} 已移交领导督办', en: 'Case {number} was handed to the leaders' },
  handoffDiscipline: {
    zh: '诉求 {number} 已移交纪委监委',
    en: 'Case {number} was handed to the discipline commission',
  },
  caseUnsatisfied: {
    zh: '诉求 {number} 企业评价不满意，已移交纪委监委',
    en: 'The enterprise was not satisfied with case {number}; handed to the discipline commission',
  },
  hotspotWarned: { zh: '热点预警：{title}（{size} 件）', en: 'Hotspot warning: {title} ({size} cases)' },
  handupReceived: {
    zh: '下级上报诉求 {number}，请研判交办',
    en: 'Case {number} was handed up from below; please screen it',
  },
  handupReturned: {
    zh: '上报上级的诉求 {number} 已退回本级研判',
    en: 'Case {number}, handed up, came back to be screened here',
  },
  solicitationReminder: {
    zh: '本周（{title}）尚有 {size} 家包联企业未征询，请于周日前完成',
    en: '{size} enterprises on your ledger are not solicited yet this week ({title}); finish by Sunday',
  },
  questionnaireSent: { zh: '满意度问卷：{title}，请填写', en: 'A satisfaction questionnaire: {title}; please answer' },
  solicitationLedgerSent: {
    zh: '{title}问题台账已报送（{size} 个问题）',
    en: 'The weekly problem ledger of {title} was sent ({size} problems)',
  },
  policyPushed: { zh: '政策推送：{title}', en: 'A policy for you: {title}' },
  policyAutomatic: {
    zh: '免申即享：{title}，{note}（无需申报）',
    en: 'Granted without applying: {title}, {note} (nothing to file)',
  },
  policyApplicationRouted: {
    zh: '企业申请政策「{title}」，请审核',
    en: 'An enterprise applied for “{title}”; please decide',
  },
  policyApplicationApproved: {
    zh: '您申请的政策「{title}」已通过：{note}',
    en: 'Your application for “{title}” was approved: {note}',
  },
  policyApplicationRejected: {
    zh: '您申请的政策「{title}」未通过：{note}',
    en: 'Your application for “{title}” was not approved: {note}',
  },
  policyApplicationPaid: {
    zh: '您申请的政策「{title}」已兑现{amount}',
    en: 'Your application for “{title}” was paid out{amount}',
  },
} as const satisfies Record<string, { zh: string; en: string }>;

/** A text of the catalogue. */
export type NotificationTextKey = keyof typeof NOTIFICATION_TEXTS;

/** Every text of the catalogue, in the catalogue's order (a profile names its templates by these). */
export const NOTIFICATION_TEXT_KEYS = Object.keys(NOTIFICATION_TEXTS) as NotificationTextKey[];

/**
 * The zh-CN text of each message that leaves the platform by SMS or WeChat, where the jurisdiction's
 * profile (`notifications.templates`) does not give its own. Longer than the bell's titles: a text
 * message is read on its own, so it names the case's title and says what to do.
 */
export const MESSAGE_TEMPLATE_DEFAULTS: Record<NotificationTextKey, string> = {
  caseDispatched: '诉求 {number}“{title}”已交办你单位办理，请及时签收。',
  caseSupervised: '诉求 {number}“{title}”被督办，请加快办理。',
  caseSupervisedDue: '诉求 {number}“{title}”被督办，请于 {due} 前办理并答复督办。',
  supervisionResponded: '诉求 {number}“{title}”的承办单位已答复督办。',
  caseReplied: '您的诉求 {number}“{title}”已办结答复，请登录查看并评价。',
  caseAnswered: '您的诉求 {number}“{title}”已直接答复，请登录查看。',
  caseRejected: '您的诉求 {number}“{title}”未予受理，请登录查看原因。',
  extensionApproved: '诉求 {number}“{title}”的延期申请已批准，将于 {until} 前办结。延期原因：{reason}',
  extensionRefused: '诉求 {number}“{title}”的延期申请未获批准。',
  clockWarned: '诉求 {number}“{title}”即将超时，请抓紧办理。',
  clockBreached: '诉求 {number}“{title}”已超时，请尽快办理。',
  cardYellow: '诉求 {number}“{title}”超时，你单位被亮黄牌。',
  cardRed: '诉求 {number}“{title}”：你单位被亮红牌。',
  handoffLeader: '诉求 {number}“{title}”已移交领导督办。',
  handoffDiscipline: '诉求 {number}“{title}”已移交纪委监委。',
  caseUnsatisfied: '诉求 {number}“{title}”企业评价不满意，已移交纪委监委。',
  hotspotWarned: '热点预警：{title}（{size} 件）',
  handupReceived: '下级上报诉求 {number}“{title}”，请及时研判交办。',
  handupReturned: '上报上级的诉求 {number}“{title}”已退回本级研判，请登录查看。',
  solicitationReminder: '本周（{title}）尚有 {size} 家包联企业未征询，请于周日前完成征询并登记。',
  solicitationLedgerSent: '{title}问题台账已报送，共 {size} 个问题，请登录查看。',
  questionnaireSent: '请填写满意度评价问卷“{title}”，您的评价将用于改进涉企服务。',
  policyPushed: '为您推送政策“{title}”，请登录查看适用条件和申报方式。',
  policyAutomatic: '免申即享：贵企业符合政策“{title}”，{note}，无需申报。',
  policyApplicationRouted: '有企业申请政策“{title}”，请登录审核。',
  policyApplicationApproved: '您申请的政策“{title}”已审核通过：{note}。',
  policyApplicationRejected: '您申请的政策“{title}”未通过审核：{note}。',
  policyApplicationPaid: '您申请的政策“{title}”已兑现{amount}，请登录查看。',
};

/** The placeholders a message template may use; the dispatcher fills each one. */
export const MESSAGE_PLACEHOLDERS = ['number', 'title', 'due', 'until', 'size', 'note', 'amount', 'reason'] as const;

/** Longest case title a message carries; longer ones end in "…" (a text message is short). */
export const MESSAGE_TITLE_MAX = 20;

/** The placeholders of a template that `MESSAGE_PLACEHOLDERS` does not know, e.g. `{numbr}`. */
export function unknownPlaceholders(template: string): string[] {
  const known: readonly string[] = MESSAGE_PLACEHOLDERS;
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').filter((name) => !known.includes(name));
}

/**
 * The zh-CN text of a message that leaves the platform: the jurisdiction's template for the text
 * when its profile has one, else the default, with the case number, its title (shortened to
 * `MESSAGE_TITLE_MAX` characters) and the rest of the parameters filled in.
 */
export function messageText(
  templates: Partial<Record<NotificationTextKey, string>> | undefined,
  key: NotificationTextKey,
  params: Readonly<Record<string, string>>,
): string {
  const template = templates?.[key] ?? MESSAGE_TEMPLATE_DEFAULTS[key];
  const title = [...(params['title'] ?? '')];
  const filled: Record<string, string> = {
    ...params,
    title: title.length > MESSAGE_TITLE_MAX ? `${title.slice(0, MESSAGE_TITLE_MAX - 1).join('')}…` : title.join(''),
  };
  return template.replace(/\{(\w+)\}/g, (_, name: string) => filled[name] ?? '');
}

/** The decision for one outbox row: nobody (`null`), or whom, how and with which text. */
export interface NotificationPlan {
  targets: NotificationTarget[];
  channels: NotificationChannel[];
  text: { key: NotificationTextKey; params: Record<string, string> };
}

const UNIT_CHANNELS: NotificationChannel[] = ['inApp', 'sms'];
const ENTERPRISE_CHANNELS: NotificationChannel[] = ['inApp', 'sms', 'wechat'];

const str = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

function plan(
  targets: NotificationTarget[],
  channels: NotificationChannel[],
  key: NotificationTextKey,
  payload: Readonly<Record<string, unknown>>,
): NotificationPlan | null {
  if (targets.length === 0) return null;
  const params: Record<string, string> = {
    number: str(payload['number']),
    title: str(payload['title']),
    size: str(payload['size']),
    until: str(payload['until']).slice(0, 10),
    due: typeof payload['dueAt'] === 'string' ? formatShanghaiMinute(new Date(payload['dueAt'])) : '',
    // Only the policy supermarket's texts use these; other messages keep the parameters they had.
    ...(payload['note'] === undefined ? {} : { note: str(payload['note']) }),
    // The reason of an extension, told to the enterprise with the decision (seed 004 三(三)1).
    ...(payload['reason'] === undefined ? {} : { reason: str(payload['reason']) }),
    ...(payload['amount'] === undefined
      ? {}
      : { amount: payload['amount'] === null ? '' : ` ${str(payload['amount'])} 元` }),
  };
  return { targets, channels, text: { key, params } };
}

const unit = (unitId: string | null | undefined): NotificationTarget[] => (unitId ? [{ kind: 'unit', unitId }] : []);
const enterprise = (facts: NotificationFacts): NotificationTarget[] =>
  facts.enterpriseId ? [{ kind: 'enterprise', enterpriseId: facts.enterpriseId }] : [];
const role = (r: NotifiedRole): NotificationTarget[] => [{ kind: 'role', role: r }];
/** The enterprise a notice without a case names in its payload (a policy application's). */
const payloadEnterprise = (p: Readonly<Record<string, unknown>>): NotificationTarget[] =>
  typeof p['enterpriseId'] === 'string' ? [{ kind: 'enterprise', enterpriseId: p['enterpriseId'] }] : [];

/** The writer's own recipient: a unit, or the hub for clocks of its own. */
function named(notice: OutboxNotice): NotificationTarget[] {
  if (notice.recipient.kind === 'unit') return unit(notice.recipient.id);
  if (notice.recipient.kind === 'user') return [{ kind: 'user', userId: notice.recipient.id }];
  if (notice.recipient.kind === 'role' && isNotifiedRole(notice.recipient.id)) return role(notice.recipient.id);
  return [];
}

function isNotifiedRole(value: string): value is NotifiedRole {
  return value === 'hub' || value === 'leader' || value === 'discipline';
}

/**
 * The rule. Units are told on dispatch, supervision and their cards; the enterprise on reply,
 * answer, rejection and the extension decision; the discipline commission and the leaders when
 * the profile hands a case to them; the hub of the warnings and breaches of its own clocks and of
 * hotspots. Any other topic tells nobody.
 */
export function notificationPlan(notice: OutboxNotice, facts: NotificationFacts): NotificationPlan | null {
  const p = notice.payload;
  switch (notice.topic) {
    case 'case.dispatched': {
      const lead = str(p['leadUnitId']) || facts.leadUnitId;
      const co = p['coUnitIds'] === undefined ? facts.coUnitIds : strings(p['coUnitIds']);
      const units = [...new Set([lead, ...co].filter((u): u is string => !!u))];
      return plan(
        units.flatMap((u) => unit(u)),
        UNIT_CHANNELS,
        'caseDispatched',
        p,
      );
    }
    case 'case.supervised':
      return plan(unit(facts.leadUnitId), UNIT_CHANNELS, p['dueAt'] ? 'caseSupervisedDue' : 'caseSupervised', p);
    case 'case.supervision_responded':
      return plan(named(notice), ['inApp'], 'supervisionResponded', p);
    case 'case.replied':
      return plan(enterprise(facts), ENTERPRISE_CHANNELS, 'caseReplied', p);
    case 'case.answered':
      return plan(enterprise(facts), ENTERPRISE_CHANNELS, 'caseAnswered', p);
    case 'case.rejected':
      return plan(enterprise(facts), ENTERPRISE_CHANNELS, 'caseRejected', p);
    case 'case.extension_decided':
      return plan(enterprise(facts), ENTERPRISE_CHANNELS, p['approve'] ? 'extensionApproved' : 'extensionRefused', p);
    case 'case.unsatisfied':
      return facts.handoffs.unsatisfiedToDiscipline
        ? plan(role('discipline'), UNIT_CHANNELS, 'caseUnsatisfied', p)
        : null;
    case 'clock.warned':
      return plan(named(notice), ['inApp'], 'clockWarned', p);
    case 'clock.breached': {
      const card = p['card'];
      const key = card === 'yellow' ? 'cardYellow' : card === 'red' ? 'cardRed' : 'clockBreached';
      return plan(named(notice), card ? UNIT_CHANNELS : ['inApp'], key, p);
    }
    case 'card.red':
      return plan(named(notice), UNIT_CHANNELS, 'cardRed', p);
    case 'handoff.leader':
    case 'handoff.discipline': {
      const to = notice.topic === 'handoff.leader' ? 'leader' : 'discipline';
      // A red card goes where the profile says; other hand-offs (consecutive reds) were decided upstream.
      if (p['reason'] === 'red_card' && !facts.handoffs.redCardTo.includes(to)) return null;
      return plan(role(to), UNIT_CHANNELS, to === 'leader' ? 'handoffLeader' : 'handoffDiscipline', p);
    }
    case 'hotspot.warned':
      return plan(named(notice), ['inApp'], 'hotspotWarned', p);
    case 'handup.received':
      return plan(role('hub'), UNIT_CHANNELS, 'handupReceived', p);
    case 'solicitation.reminder':
      return plan(named(notice), UNIT_CHANNELS, 'solicitationReminder', p);
    case 'solicitation.ledger_sent':
      return plan(named(notice), ['inApp'], 'solicitationLedgerSent', p);
    case 'questionnaire':
      return plan(named(notice), ENTERPRISE_CHANNELS, 'questionnaireSent', p);
    case 'case.handup_returned':
      // A reply from above is the enterprise's to rate, as any reply; anything else is the hub's to screen again.
      return p['to'] === 'replied'
        ? plan(enterprise(facts), ENTERPRISE_CHANNELS, 'caseReplied', p)
        : plan(role('hub'), UNIT_CHANNELS, 'handupReturned', p);
    // The policy supermarket: the writer names each contact (push, 免申即享) or the issuing unit;
    // a decision and a payout tell every contact of the applicant's enterprise.
    case 'policy':
      return plan(named(notice), ENTERPRISE_CHANNELS, 'policyPushed', p);
    case 'policy.automatic':
      return plan(named(notice), ENTERPRISE_CHANNELS, 'policyAutomatic', p);
    case 'policy_application.routed':
      return plan(named(notice), UNIT_CHANNELS, 'policyApplicationRouted', p);
    case 'policy_application.decided':
      return plan(
        payloadEnterprise(p),
        ENTERPRISE_CHANNELS,
        p['approve'] ? 'policyApplicationApproved' : 'policyApplicationRejected',
        p,
      );
    case 'policy_application.paid':
      return plan(payloadEnterprise(p), ENTERPRISE_CHANNELS, 'policyApplicationPaid', p);
    case 'audit.anchor':
      // A chain head kept for the upper platform's sync: a record, not a message to anyone here.
      return null;
    default:
      return null;
  }
}

/** Case events that may tell someone; a command writes an outbox row only for these. */
export const NOTIFIED_CASE_EVENTS: readonly string[] = [
  'dispatched',
  'supervised',
  'replied',
  'answered',
  'rejected',
  'extension_decided',
  'handup_returned',
];

/** Whether a case event of this type is worth an outbox row (the rule may name someone for it). */
export function isNotifiedCaseEvent(type: string): boolean {
  return NOTIFIED_CASE_EVENTS.includes(type);
}

/** The text of a notification in one language, its `{placeholders}` filled. */
export function notificationText(
  key: NotificationTextKey,
  params: Readonly<Record<string, string>>,
  lang: 'zh' | 'en',
): string {
  return NOTIFICATION_TEXTS[key][lang].replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
}
