import type { CardReason } from '@qisu/core';
import { cardReasonText } from '@qisu/core';
import type { CaseEvent } from '../api/models';
import type { I18n, Lang } from '../i18n/i18n';
import { codeText } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { shanghaiTime } from './clock';

/** One thing an event carries, as the case page shows it: a label and what was written or decided. */
export interface EventField {
  label: string;
  text: string;
  /** Text written by people (a note, a reply, a reason): shown as a paragraph, line breaks kept. */
  written: boolean;
}

/** One entry of the case page's record: what happened, who did it, and what they wrote. */
export interface EventEntry {
  seq: number;
  at: string;
  type: string;
  title: string;
  /** The person and their unit, or the system for the sweep's events. */
  who: string;
  tone: 'blue' | 'green' | 'red' | 'orange' | 'gray';
  fields: EventField[];
  hash: string;
  prevHash: string;
}

/** What naming needs beyond the event: the words, unit names by id, and the rating scale's labels. */
export interface EventContext {
  t: I18n['t'];
  lang: Lang;
  unitName: (id: string) => string | null;
  /** The label of a score on the jurisdiction's scale in the user's language, when the page knows the scale. */
  scoreLabel: (score: number) => string | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

const SUPERVISORS: Record<string, MessageKey> = {
  platform: 'cpByPlatform',
  discipline: 'cpByDiscipline',
  leader: 'cpByLeader',
};
const ESCALATION_TARGETS: Record<string, MessageKey> = {
  leader: 'cpToLeader',
  upper: 'cpToUpper',
  coordination: 'cpToCoordination',
  discipline: 'cpToDiscipline',
};
const REVISIT_METHODS: Record<string, MessageKey> = {
  phone: 'cpMethodPhone',
  onsite: 'cpMethodOnsite',
  sms: 'cpMethodSms',
  online: 'cpMethodOnline',
  other: 'cpMethodOther',
};
const INTERVIEWS: Record<string, MessageKey> = {
  interview_deputy_head: 'cpInterviewDeputyHead',
  interview_head: 'cpInterviewHead',
};

/** The word for a code from one of the tables above, or the code itself when the table lacks it. */
function word(t: I18n['t'], table: Record<string, MessageKey>, code: string | null): string | null {
  if (code === null) return null;
  const key = table[code];
  return key ? t(key) : code;
}

function isCardReason(v: unknown): v is CardReason {
  if (typeof v !== 'object' || v === null) return false;
  const key = (v as { key?: unknown }).key;
  return key === 'missed' || key === 'missed_after_supervision' || key === 'consecutive_yellows';
}

/** A clock's name in an event: a plan milestone's own title, else the milestone's word. */
function clockName(t: I18n['t'], p: Record<string, unknown>): string | null {
  return str(p['title']) ?? (str(p['milestone']) ? codeText(t, 'milestone', p['milestone'] as string) : null);
}

/**
 * The case page's reading of one event of `GET /api/v1/cases/{id}/events`: its name, who did it
 * (the system for the sweep's events), and each thing it carries in words — the dispatch note
 * and units, a reply's result and text, a rating's label (never a bare score) and comment,
 * reasons, instructions, decisions. Codes become words through i18n; text people wrote is
 * marked `written` and kept as it is. Fields that are absent are left out, so older events and
 * events of types added later still read; an unknown type shows its code and nothing else.
 */
export function describeEvent(e: CaseEvent, ctx: EventContext): EventEntry {
  const { t } = ctx;
  const p = e.payload;
  const fields: EventField[] = [];
  const add = (label: MessageKey, text: string | null, written = false) => {
    if (text !== null && text !== '') fields.push({ label: t(label), text, written });
  };
  const time = (v: unknown) => (str(v) ? shanghaiTime(v as string) : null);
  let tone: EventEntry['tone'] = 'blue';
  const title = codeText(t, 'event', e.type);

  switch (e.type) {
    case 'created':
      add('cpFChannel', str(p['channel']) ? codeText(t, 'channel', p['channel'] as string) : null);
      add('cpFKind', str(p['kind']) ? codeText(t, 'caseKind', p['kind'] as string) : null);
      break;
    case 'accepted':
      add('cpFCategory', str(p['categoryName']));
      add('cpFNote', str(p['note']), true);
      break;
    case 'dispatched': {
      const lead = str(p['leadUnitName']) ?? (str(p['leadUnitId']) ? ctx.unitName(p['leadUnitId'] as string) : null);
      const co = (Array.isArray(p['coUnitIds']) ? p['coUnitIds'] : [])
        .filter((id): id is string => typeof id === 'string')
        .map((id) => ctx.unitName(id) ?? id);
      add('cpFLeadUnit', lead);
      add('cpFCoUnits', co.length > 0 ? co.join(t('listSep')) : null);
      add('cpFComplexity', str(p['complexity']) ? codeText(t, 'complexity', p['complexity'] as string) : null);
      add('cpFCategory', str(p['categoryName']));
      add('cpFLimit', str(p['limit']));
      add('cpFDispatchNote', str(p['note']), true);
      break;
    }
    case 'signed':
      add('cpFNote', str(p['note']), true);
      break;
    case 'contacted':
      add('cpFContactNote', str(p['note']), true);
      break;
    case 'feedback':
      add('cpFFeedback', str(p['text']), true);
      break;
    case 'replied': {
      const result = str(p['result']);
      add('cpFResult', result ? codeText(t, 'result', result) : null);
      add('cpFReply', str(p['text']), true);
      tone = result === 'solved' ? 'green' : 'orange';
      break;
    }
    case 'rated': {
      const score = num(p['score']);
      const label =
        (score !== null ? ctx.scoreLabel(score) : null) ??
        (ctx.lang === 'zh-CN' ? str(p['label']) : null) ??
        (score !== null ? t('cpScoreN', { score }) : null);
      const satisfied = p['satisfied'] === true ? true : p['satisfied'] === false ? false : null;
      // The label, and whether the scale counts it as satisfied unless the label says so itself.
      const verdict = satisfied === null ? null : t(satisfied ? 'cpSatisfied' : 'cpUnsatisfied');
      add(
        'cpFRating',
        label === null
          ? null
          : verdict === null || label.toLowerCase() === verdict.toLowerCase()
            ? label
            : ctx.lang === 'zh-CN'
              ? `${label}（${verdict}）`
              : `${label} (${verdict})`,
      );
      add('cpFComment', str(p['comment']), true);
      const next =
        p['to'] === 'redo'
          ? t('cpNextRedo', { round: num(p['round']) ?? '' })
          : p['to'] === 'review'
            ? t('cpNextReview')
            : p['to'] === 'screening'
              ? t('cpNextRedispatch', { round: num(p['round']) ?? '' })
              : null;
      add(
        'cpFNext',
        [next, p['toDiscipline'] === true ? t('cpNextDiscipline') : null].filter(Boolean).join(t('listSep')),
      );
      tone = satisfied === false ? 'red' : 'green';
      break;
    }
    case 'returned':
      add('cpFReason', str(p['reason']), true);
      tone = 'orange';
      break;
    case 'rejected':
      add('cpFReason', str(p['reason']), true);
      tone = 'red';
      break;
    case 'answered':
      add('cpFAnswer', str(p['text']), true);
      tone = 'green';
      break;
    case 'merged':
      add('cpFMergedInto', str(p['intoNumber']));
      tone = 'gray';
      break;
    case 'appealed':
      add('cpFReason', str(p['reason']), true);
      tone = 'orange';
      break;
    case 'attachment_added':
      add('cpFFile', str(p['name']));
      tone = 'gray';
      break;
    case 'attachment_fetch_failed':
      add('cpFFile', str(p['name']));
      add('cpFLink', str(p['url']));
      add('cpFReason', str(p['reason']) ? codeText(t, 'fetchFailure', p['reason'] as string) : null);
      tone = 'orange';
      break;
    case 'extension_requested':
      add('cpFUntil', time(p['until']));
      add('cpFReason', str(p['reason']), true);
      tone = 'orange';
      break;
    case 'extension_decided':
      add('cpFDecision', p['approve'] === true ? t('cpApproved') : p['approve'] === false ? t('cpDenied') : null);
      add('cpFUntil', p['approve'] === true ? time(p['until']) : null);
      add('cpFNote', str(p['note']), true);
      tone = p['approve'] === true ? 'green' : 'orange';
      break;
    case 'supervised':
      add('cpFSupervisor', word(t, SUPERVISORS, str(p['by'])));
      add('cpFInstruction', str(p['instruction']), true);
      add('cpFRespondBy', time(p['dueAt']));
      tone = 'orange';
      break;
    case 'supervision_responded':
      add('cpFResponse', str(p['response']), true);
      add('cpFOnTime', p['late'] === true ? t('cpLate') : p['late'] === false ? t('cpInTime') : null);
      break;
    case 'revisited':
      add('cpFMethod', word(t, REVISIT_METHODS, str(p['method'])));
      add('cpFNote', str(p['note']), true);
      break;
    case 'review_form_submitted':
      add('cpFSignedBy', str(p['signedBy']));
      add('cpFStatement', str(p['statement']), true);
      break;
    case 'reviewed':
      add(
        'cpFReviewDecision',
        p['decision'] === 'close' ? t('cpDecisionClose') : p['decision'] === 'redo' ? t('cpDecisionRedo') : null,
      );
      add('cpFOpinion', str(p['opinion']), true);
      break;
    case 'escalated':
      add('cpFEscalatedTo', word(t, ESCALATION_TARGETS, str(p['escalatedTo'])));
      add('cpFReason', str(p['reason']), true);
      tone = 'orange';
      break;
    case 'planned': {
      const milestones = (Array.isArray(p['milestones']) ? p['milestones'] : []).flatMap((m: unknown) => {
        const title = str((m as { title?: unknown } | null)?.title);
        const due = time((m as { dueAt?: unknown } | null)?.dueAt);
        return title ? [due ? `${title}${t('colon')}${due}` : title] : [];
      });
      add('cpFPlan', str(p['text']), true);
      add('cpFMilestones', milestones.length > 0 ? milestones.join('\n') : null, true);
      break;
    }
    case 'milestone_completed':
      add('cpFMilestone', str(p['title']));
      add('cpFOnTime', p['late'] === true ? t('cpLate') : p['late'] === false ? t('cpInTime') : null);
      add('cpFNote', str(p['note']), true);
      tone = p['late'] === true ? 'orange' : 'green';
      break;
    case 'closed':
      // An unsatisfied case closed by the hub's decision carries its reason.
      add('cpFCloseReason', str(p['reason']), true);
      add('cpFNote', str(p['note']), true);
      tone = p['unsatisfied'] === true ? 'orange' : 'green';
      break;
    case 'clock_warned':
      add('cpFMilestone', clockName(t, p));
      add('cpFDueAt', time(p['dueAt']));
      tone = 'orange';
      break;
    case 'clock_breached': {
      const card = p['card'] as { colour?: unknown; escalation?: unknown } | null | undefined;
      add('cpFMilestone', clockName(t, p));
      add('cpFDueAt', time(p['dueAt']));
      add('cpFCard', card?.colour === 'red' ? t('redCard') : card?.colour === 'yellow' ? t('yellowCard') : null);
      add('cpFInterview', word(t, INTERVIEWS, str(card?.escalation)));
      add('cpFDiscipline', p['toDiscipline'] === true ? t('cpDisciplineReads') : null);
      tone = 'red';
      break;
    }
    case 'card_issued': {
      const reason = p['reasonCode'];
      add('cpFCard', p['colour'] === 'red' ? t('redCard') : p['colour'] === 'yellow' ? t('yellowCard') : null);
      add(
        'cpFReason',
        isCardReason(reason) ? cardReasonText(reason, ctx.lang === 'en-US' ? 'en' : 'zh') : str(p['reason']),
      );
      add('cpFInterview', word(t, INTERVIEWS, str(p['escalation'])));
      add('cpFDiscipline', p['toDiscipline'] === true ? t('cpDisciplineReads') : null);
      tone = 'red';
      break;
    }
    case 'handed_off':
      add('cpFHandoff', word(t, ESCALATION_TARGETS, str(p['to'])));
      tone = 'orange';
      break;
    case 'handed_up':
      add('cpFHandedUpTo', str(p['upperJurisdictionName']));
      add('cpFUpperNumber', str(p['upperNumber']));
      add('cpFReason', str(p['reason']), true);
      tone = 'orange';
      break;
    case 'handup_returned': {
      const result = str(p['result']);
      add('cpFUpperNumber', str(p['upperNumber']));
      add('cpFUpperStatus', str(p['upperStatus']) ? codeText(t, 'status', p['upperStatus'] as string) : null);
      add('cpFUpperUnit', str(p['upperUnitName']));
      add('cpFResult', result ? codeText(t, 'result', result) : null);
      add(p['to'] === 'replied' ? 'cpFReply' : 'cpFReason', str(p['text']), true);
      add('cpFNext', p['to'] === 'screening' ? t('cpNextHandupScreening') : null);
      tone = p['to'] === 'replied' ? (result === 'solved' ? 'green' : 'orange') : 'orange';
      break;
    }
    default:
      tone = 'gray';
  }

  // A platform that filed or sent a file through an interface (12345, the level below) is named, not "the system".
  const source = p['source'] as { kind?: unknown; name?: unknown } | undefined;
  const sourceName = e.type === 'created' || e.type === 'attachment_added' ? str(source?.name) : null;
  const bySource = sourceName
    ? t(source?.kind === 'handup' ? 'cpSourceHandup' : 'cpSourceInterface', { name: sourceName })
    : null;
  const who = e.actorId === null && !e.actorName ? (bySource ?? t('cpSystem')) : (e.actorName ?? t('cpSystem'));
  return {
    seq: e.seq,
    at: e.at,
    type: e.type,
    title,
    who: e.unitName ? `${who}${ctx.lang === 'zh-CN' ? `（${e.unitName}）` : ` (${e.unitName})`}` : who,
    tone,
    fields,
    hash: e.hash,
    prevHash: e.prevHash,
  };
}

/** The whole record, oldest first. */
export function describeEvents(events: readonly CaseEvent[], ctx: EventContext): EventEntry[] {
  return [...events].sort((a, b) => a.seq - b.seq).map((e) => describeEvent(e, ctx));
}

/** The dispatch of the case's current round: the last `dispatched` event, for the printed work order. */
export function lastDispatch(events: readonly CaseEvent[]): CaseEvent | null {
  let found: CaseEvent | null = null;
  for (const e of events) if (e.type === 'dispatched' && (!found || e.seq > found.seq)) found = e;
  return found;
}
