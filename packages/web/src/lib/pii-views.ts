import { CASE_COMMANDS } from '@qisu/core';
import type { CaseCommand } from '@qisu/core';
import type { MessageKey } from '../i18n/messages';

/** The filters of the personal-data view log, as the screen keeps them in its address. */
export interface PiiViewFilter {
  from?: string;
  to?: string;
  userId?: string;
  caseId?: string;
  page: number;
  pageSize: number;
}

/** The filters of `?from=&to=&userId=&caseId=&page=` (page 1 unless a positive whole number). */
export function piiFilterFromParams(params: URLSearchParams, pageSize: number): PiiViewFilter {
  const page = Number(params.get('page'));
  const text = (name: string) => params.get(name) || undefined;
  return {
    from: text('from'),
    to: text('to'),
    userId: text('userId'),
    caseId: text('caseId'),
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize,
  };
}

/** The API path of one page of the log under these filters; empty filters are left out. */
export function piiViewsPath(filter: PiiViewFilter): string {
  const query = new URLSearchParams();
  for (const name of ['from', 'to', 'userId', 'caseId'] as const) {
    const value = filter[name];
    if (value) query.set(name, value);
  }
  query.set('page', String(filter.page));
  query.set('pageSize', String(filter.pageSize));
  return `/api/v1/admin/pii-views?${query.toString()}`;
}

/** What answered a whole number, said in words: the message key and, for a case command, the command. */
export function piiActionText(action: string): { key: MessageKey; command?: CaseCommand } | null {
  switch (action) {
    case 'case.view':
      return { key: 'piiActionCaseView' };
    case 'enterprise.view':
      return { key: 'piiActionEnterpriseView' };
    case 'enterprise.create':
      return { key: 'piiActionEnterpriseCreate' };
    case 'enterprise.update':
      return { key: 'piiActionEnterpriseUpdate' };
    case 'user.view':
      return { key: 'piiActionUserView' };
  }
  const command = action.startsWith('case.') ? action.slice(5) : '';
  return (CASE_COMMANDS as readonly string[]).includes(command)
    ? { key: 'piiActionCaseCommand', command: command as CaseCommand }
    : null;
}

/** The words of a stored field name. */
export const PII_FIELD_KEYS: Record<string, MessageKey> = {
  contactMobile: 'piiFieldContactMobile',
  'contacts.mobile': 'piiFieldContactsMobile',
  mobile: 'piiFieldMobile',
  idNumber: 'piiFieldIdNumber',
};
