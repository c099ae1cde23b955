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
  | 'planClock';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  label: [zh: string, en: string];
  required: boolean;
  options?: { value: string; label: [string, string] }[];
}

const text = (name: string, zh: string, en: string, required = true): FieldSpec => ({
  name,
  kind: 'textarea',
  label: [zh, en],
  required,
});

export const COMMAND_FIELDS: Record<string, FieldSpec[]> = {
  accept: [],
  reject: [text('reason', '不予受理理由（将告知企业）', 'Reason (shown to the enterprise)')],
  merge: [{ name: 'intoCaseId', kind: 'text', label: ['合并到诉求（ID）', 'Merge into case (id)'], required: true }],
  answer: [text('text', '答复内容', 'Answer')],
  dispatch: [
    { name: 'leadUnitId', kind: 'unit', label: ['牵头单位', 'Lead unit'], required: true },
    { name: 'coUnitIds', kind: 'units', label: ['协办单位', 'Co-units'], required: false },
    { name: 'complexity', kind: 'complexity', label: ['复杂程度', 'Complexity'], required: false },
  ],
  sign: [],
  contact: [text('note', '联系情况', 'Contact note')],
  feedback: [text('text', '初步办理意见', 'Initial feedback')],
  reply: [
    { name: 'result', kind: 'result', label: ['办理结果', 'Result'], required: true },
    text('text', '答复内容', 'Reply'),
  ],
  return: [text('reason', '退回理由', 'Reason for returning')],
  appeal: [text('reason', '申诉理由', 'Why you dispute the answer')],
  rate: [
    { name: 'score', kind: 'score', label: ['满意度', 'Satisfaction'], required: true },
    text('comment', '评价意见', 'Comment', false),
  ],
  revisit: [
    {
      name: 'method',
      kind: 'select',
      label: ['回访方式', 'Method'],
      required: true,
      options: [
        { value: 'phone', label: ['电话', 'Phone'] },
        { value: 'onsite', label: ['实地', 'On site'] },
        { value: 'sms', label: ['短信', 'SMS'] },
        { value: 'online', label: ['线上', 'Online'] },
      ],
    },
    text('note', '回访情况', 'Revisit note'),
  ],
  review: [
    {
      name: 'decision',
      kind: 'select',
      label: ['审核结论', 'Decision'],
      required: true,
      options: [
        { value: 'close', label: ['同意销号', 'Close'] },
        { value: 'redo', label: ['责令重办', 'Redo'] },
      ],
    },
    text('opinion', '审核意见', 'Opinion'),
  ],
  close: [],
  escalate: [
    {
      name: 'to',
      kind: 'select',
      label: ['提级至', 'Escalate to'],
      required: true,
      options: [
        { value: 'leader', label: ['分管领导', 'Leader'] },
        { value: 'coordination', label: ['研判协调小组', 'Coordination group'] },
        { value: 'upper', label: ['上级部门', 'Upper level'] },
        { value: 'discipline', label: ['纪委监委', 'Discipline commission'] },
      ],
    },
    text('reason', '提级理由', 'Reason'),
  ],
  extend: [
    text('reason', '延期理由', 'Reason'),
    { name: 'until', kind: 'datetime', label: ['延期至', 'New due time'], required: true },
  ],
  'decide-extension': [
    { name: 'approve', kind: 'boolean', label: ['同意延期', 'Approve'], required: true },
    text('note', '审批意见', 'Note', false),
  ],
  supervise: [
    {
      name: 'by',
      kind: 'select',
      label: ['督办方式', 'Supervised by'],
      required: true,
      options: [
        { value: 'platform', label: ['平台督办', 'Platform'] },
        { value: 'leader', label: ['领导督办', 'Leader'] },
        { value: 'discipline', label: ['纪委督办', 'Discipline commission'] },
      ],
    },
    text('instruction', '督办要求', 'Instruction'),
  ],
  plan: [
    text('text', '解决方案（分步措施、责任人）', 'Solution plan (steps, who is responsible)'),
    {
      name: 'milestones',
      kind: 'milestones',
      label: ['方案节点及完成时限', 'Milestones and their deadlines'],
      required: true,
    },
  ],
  'complete-milestone': [
    { name: 'clockId', kind: 'planClock', label: ['完成的方案节点', 'Milestone completed'], required: true },
    text('note', '完成情况', 'What was done'),
  ],
  'review-form': [
    text('statement', '承办单位情况说明', 'Statement'),
    { name: 'signedBy', kind: 'text', label: ['主要负责同志签字', 'Signed by'], required: true },
  ],
};

/** Turns form values into the command's request body: drops empty optional values. */
export function commandBody(command: string, values: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of COMMAND_FIELDS[command] ?? []) {
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
