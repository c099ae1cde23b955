import { Tag } from 'antd';
import type { CaseStatus } from '@qisu/core';
import { codeText, useI18n } from '../i18n/i18n';

/** The tag colour of each state: blue while screened, cyan while handled, purple once replied. */
const STATUS_COLOURS: Record<CaseStatus, string> = {
  submitted: 'blue',
  screening: 'geekblue',
  returned: 'orange',
  rejected: 'default',
  merged: 'default',
  answered: 'green',
  dispatched: 'cyan',
  signed: 'cyan',
  contacted: 'cyan',
  feedback: 'cyan',
  replied: 'purple',
  rated: 'purple',
  redo: 'volcano',
  review: 'magenta',
  handed_up: 'gold',
  closed: 'green',
};

/** A case's state as a coloured tag in the user's language. */
export function StatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLOURS[status as CaseStatus] ?? 'default'}>{codeText(t, 'status', status)}</Tag>;
}
