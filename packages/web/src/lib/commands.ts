import type { CaseCommand } from '@qisu/core';
import type { MessageKey } from '../i18n/messages';

/**
 * The form each command asks for, as data: the console renders one generic form from it, so
 * that adding a command to the API is one entry here.
 */
export type FieldKind =
  | 'text'
  | 'textarea'
  | 'unit'
  | 'units'
  | 'complexity'
  | 'result'
  | 'score'
  | 'datetime'
  | 'select'
  | 'boolean'
  | 'milestones'
  | 'limit'
  | 'planClock';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  /** The field's text in the catalogues. */
  label: MessageKey;
  required: boolean;
  options?: { value: string; label: MessageKey }[];
}

const field = (command: CaseCommand, name: string, kind: FieldKind, required = true): FieldSpec => ({
  name,
  kind,
  label: `field.${command}.${name}` as MessageKey,
  required,
});

const text = (command: CaseCommand, name: string, required = true): FieldSpec =>
  field(command, name, 'textarea', required);

const select = (command: CaseCommand, name: string, values: string[]): FieldSpec => ({
  ...field(command, name, 'select'),
  options: values.map((value) => ({ value, label: `field.${command}.${name}.${value}` as MessageKey })),
});

/** Every command of core's list has a form (an empty one when it takes no input). */
export const COMMAND_FIELDS: Record<CaseCommand, FieldSpec[]> = {
  accept: [],
  reject: [text('reject', 'reason')],
  merge: [field('merge', 'intoCaseId', 'text')],
  answer: [text('answer', 'text')],
  dispatch: [
    field('dispatch', 'leadUnitId', 'unit'),
    field('dispatch', 'coUnitIds', 'units', false),
    field('dispatch', 'complexity', 'complexity', false),
    text('dispatch', 'note', false),
    field('dispatch', 'limit', 'limit', false),
  ],
  sign: [],
  contact: [text('contact', 'note')],
  feedback: [text('feedback', 'text')],
  reply: [field('reply', 'result', 'result'), text('reply', 'text')],
  return: [text('return', 'reason')],
  appeal: [text('appeal', 'reason')],
  rate: [field('rate', 'score', 'score'), text('rate', 'comment', false)],
  revisit: [select('revisit', 'method', ['phone', 'onsite', 'sms', 'online']), text('revisit', 'note')],
  review: [select('review', 'decision', ['close', 'redo']), text('review', 'opinion')],
  close: [text('close', 'reason', false)],
  escalate: [select('escalate', 'to', ['leader', 'coordination', 'upper', 'discipline']), text('escalate', 'reason')],
  extend: [text('extend', 'reason'), field('extend', 'until', 'datetime')],
  'decide-extension': [field('decide-extension', 'approve', 'boolean'), text('decide-extension', 'note', false)],
  supervise: [
    select('supervise', 'by', ['platform', 'leader', 'discipline']),
    text('supervise', 'instruction'),
    field('supervise', 'dueAt', 'datetime', false),
  ],
  'respond-supervision': [text('respond-supervision', 'response')],
  plan: [text('plan', 'text'), field('plan', 'milestones', 'milestones')],
  'complete-milestone': [field('complete-milestone', 'clockId', 'planClock'), text('complete-milestone', 'note')],
  'review-form': [text('review-form', 'statement'), field('review-form', 'signedBy', 'text')],
  'hand-up': [text('hand-up', 'reason')],
};

/** Turns form values into the command's request body: drops empty optional values. */
export function commandBody(command: string, values: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of (COMMAND_FIELDS as Record<string, FieldSpec[]>)[command] ?? []) {
    const value = values[field.name];
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (field.kind === 'milestones' && Array.isArray(value)) {
      body[field.name] = (value as { title?: string; dueAt?: string }[])
        .filter((m) => m.title?.trim() && m.dueAt)
        .map((m) => ({ title: m.title?.trim(), dueAt: new Date(m.dueAt ?? '').toISOString() }));
      continue;
    }
    body[field.name] = field.kind === 'datetime' && typeof value === 'string' ? new Date(value).toISOString() : value;
  }
  return body;
}

/** Whether the console has a form for this command. */
export function hasForm(command: string): boolean {
  return command in COMMAND_FIELDS;
}
