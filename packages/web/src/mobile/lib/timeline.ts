import type { CaseEvent } from '../../api/models';
import type { MessageKey } from '../../i18n/messages';
import { shanghaiTime } from '../../lib/clock';

/** One line of the enterprise's progress timeline: a sentence (message key + values) and a detail. */
export interface TimelineEntry {
  seq: number;
  at: string;
  key: MessageKey;
  params: Record<string, string>;
  /** Text written by people (a reply, a reason, a comment), shown as written. */
  detail: string | null;
  /** A second sentence, e.g. that an unsatisfied rating sends the case back to the unit. */
  note: MessageKey | null;
  tone: 'blue' | 'green' | 'red' | 'gray';
}

/** What the timeline needs to name things: a word for an unnamed unit, and the rating scale's labels. */
export interface TimelineContext {
  unitFallback: string;
  scoreLabel: (score: number) => string | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/**
 * The case's history in plain words for the enterprise that filed it. Internal steps — time
 * limit warnings, cards, supervision, escalation, extension requests, review forms — are the
 * office's business and are left out (null); so is any event type this screen does not know.
 */
export function timelineEntry(e: CaseEvent, ctx: TimelineContext): TimelineEntry | null {
  const p = e.payload;
  const unit = e.unitName ?? ctx.unitFallback;
  const entry = (
    key: MessageKey,
    tone: TimelineEntry['tone'],
    params: Record<string, string> = {},
    detail: string | null = null,
    note: MessageKey | null = null,
  ): TimelineEntry => ({ seq: e.seq, at: e.at, key, params, detail, note, tone });

  switch (e.type) {
    case 'created':
      return entry('mobEvCreated', 'blue');
    case 'accepted':
      return entry('mobEvAccepted', 'blue');
    case 'rejected':
      return entry('mobEvRejected', 'red', {}, str(p['reason']));
    case 'merged':
      return entry('mobEvMerged', 'gray', { number: str(p['intoNumber']) ?? '' });
    case 'answered':
      return entry('mobEvAnswered', 'green', {}, str(p['text']));
    case 'dispatched':
      return entry('mobEvDispatched', 'blue', { unit: str(p['leadUnitName']) ?? ctx.unitFallback });
    case 'signed':
      return entry('mobEvSigned', 'blue', { unit });
    case 'contacted':
      return entry('mobEvContacted', 'blue', { unit });
    case 'feedback':
      return entry('mobEvFeedback', 'blue', { unit }, str(p['text']));
    case 'replied':
      return entry('mobEvReplied', 'green', { unit }, str(p['text']));
    case 'returned':
      return entry('mobEvReturned', 'gray');
    case 'rated': {
      const score = typeof p['score'] === 'number' ? p['score'] : null;
      const name = (score !== null ? ctx.scoreLabel(score) : null) ?? str(p['label']) ?? String(score ?? '');
      const note: MessageKey | null =
        p['to'] === 'redo'
          ? 'mobEvRatedRedo'
          : p['to'] === 'review'
            ? 'mobEvRatedReview'
            : p['to'] === 'screening'
              ? 'mobEvRatedRedispatch'
              : null;
      return entry('mobEvRated', p['satisfied'] === false ? 'red' : 'green', { label: name }, str(p['comment']), note);
    }
    case 'revisited':
      return entry('mobEvRevisited', 'blue');
    case 'reviewed':
      return entry(
        p['decision'] === 'redo' ? 'mobEvReviewedRedo' : 'mobEvReviewedClose',
        'blue',
        {},
        str(p['opinion']),
      );
    case 'closed':
      return entry('mobEvClosed', 'green');
    case 'extension_decided':
      if (p['approve'] !== true || !str(p['until'])) return null;
      return entry('mobEvExtended', 'gray', { until: shanghaiTime(p['until'] as string) }, str(p['reason']));
    case 'planned':
      return entry('mobEvPlanned', 'blue');
    case 'milestone_completed':
      return entry('mobEvMilestone', 'blue', { title: str(p['title']) ?? '' });
    case 'appealed':
      return entry('mobEvAppealed', 'blue', {}, str(p['reason']));
    default:
      return null;
  }
}

/** The whole timeline, oldest first, without the internal steps. */
export function timeline(events: readonly CaseEvent[], ctx: TimelineContext): TimelineEntry[] {
  return [...events]
    .sort((a, b) => a.seq - b.seq)
    .flatMap((e) => {
      const line = timelineEntry(e, ctx);
      return line ? [line] : [];
    });
}
