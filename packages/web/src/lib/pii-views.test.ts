import { describe, expect, it } from 'vitest';
import { translate } from '../i18n/i18n';
import { PII_FIELD_KEYS, piiActionText, piiFilterFromParams, piiViewsPath } from './pii-views';

describe('the personal-data view log screen', () => {
  it('reads its filters from the address and asks the API only for those given', () => {
    const filter = piiFilterFromParams(new URLSearchParams('from=2026-11-01&to=2026-11-30&caseId=&page=3'), 20);
    expect(filter).toEqual({ from: '2026-11-01', to: '2026-11-30', page: 3, pageSize: 20 });
    expect(piiViewsPath(filter)).toBe('/api/v1/admin/pii-views?from=2026-11-01&to=2026-11-30&page=3&pageSize=20');
    expect(piiFilterFromParams(new URLSearchParams('page=-2'), 10).page).toBe(1);
    expect(piiFilterFromParams(new URLSearchParams('page=1.5'), 10).page).toBe(1);
    expect(piiViewsPath({ userId: 'u1', caseId: 'c1', page: 1, pageSize: 10 })).toBe(
      '/api/v1/admin/pii-views?userId=u1&caseId=c1&page=1&pageSize=10',
    );
  });

  it('says what answered a whole number, naming a case command, and keeps an unknown action as it is', () => {
    expect(piiActionText('case.view')).toEqual({ key: 'piiActionCaseView' });
    expect(piiActionText('case.sign')).toEqual({ key: 'piiActionCaseCommand', command: 'sign' });
    expect(piiActionText('case.decide-extension')).toEqual({
      key: 'piiActionCaseCommand',
      command: 'decide-extension',
    });
    expect(piiActionText('user.view')).toEqual({ key: 'piiActionUserView' });
    expect(piiActionText('case.fly')).toBeNull();
    expect(piiActionText('export.xlsx')).toBeNull();
  });

  it('has words in both languages for every field the server records', () => {
    for (const key of Object.values(PII_FIELD_KEYS)) {
      expect(translate('zh-CN', key)).not.toBe('');
      expect(translate('en-US', key)).not.toBe(translate('zh-CN', key));
    }
    expect(translate('zh-CN', 'piiActionCaseCommand', { command: '签收' })).toBe('办理「签收」后返回');
  });
});
