import type { ActivityKind } from '@qisu/core';
import type { Dayjs } from 'dayjs';
import type { NewActivity } from '../api/activities';

/** The fields of an activity as the form holds them. */
export interface ActivityValues {
  kind: ActivityKind;
  title: string;
  heldAt: Dayjs | null;
  place?: string;
  ledBy?: string;
  attendeeUserIds?: string[];
  guests?: { name?: string; unit?: string }[];
  enterpriseIds?: string[];
  notes?: string;
  problems?: { title?: string; content?: string; enterpriseId?: string }[];
  caseIds?: string[];
}

const trimmed = (v: string | undefined) => v?.trim() ?? '';

/**
 * The body of `POST /api/v1/activities` from the form's values: blank guest and problem rows are
 * dropped, the leader is not repeated among the attendees, a problem's enterprise is sent only
 * when chosen (the server takes the only enterprise met otherwise).
 */
export function activityBody(values: ActivityValues): NewActivity {
  const place = trimmed(values.place);
  const notes = trimmed(values.notes);
  const users = (values.attendeeUserIds ?? []).filter((u) => u !== values.ledBy);
  const guests = (values.guests ?? [])
    .filter((g) => trimmed(g.name))
    .map((g) => ({ name: trimmed(g.name), ...(trimmed(g.unit) ? { unit: trimmed(g.unit) } : {}) }));
  const problems = (values.problems ?? [])
    .filter((p) => trimmed(p.title) || trimmed(p.content))
    .map((p) => ({
      title: trimmed(p.title),
      content: trimmed(p.content),
      ...(p.enterpriseId ? { enterpriseId: p.enterpriseId } : {}),
    }));
  return {
    kind: values.kind,
    title: values.title.trim(),
    heldAt: (values.heldAt ?? null)?.toDate().toISOString() ?? new Date().toISOString(),
    ...(place ? { place } : {}),
    ...(values.ledBy ? { ledBy: values.ledBy } : {}),
    attendees: [...users.map((userId) => ({ userId })), ...guests],
    enterpriseIds: values.enterpriseIds ?? [],
    ...(notes ? { notes } : {}),
    problems,
    caseIds: values.caseIds ?? [],
  };
}

/** The Shanghai days `[from, to)` of a month `YYYY-MM`, as the list's query takes them. */
export function monthSpan(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: `${month}-01`, to: `${next}-01` };
}

/** The month (`YYYY-MM`) of an instant in Asia/Shanghai. */
export function shanghaiMonth(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
}
