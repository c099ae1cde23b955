import { describe, expect, it } from 'vitest';
import { readStoredSession, writeStoredSession } from './stored-session';

const NOW = Date.parse('2026-03-02T02:00:00.000Z');

describe('readStoredSession', () => {
  it('reads back what was written, until it expires', () => {
    const raw = writeStoredSession({ token: 'tok', expiresAt: '2026-03-02T14:00:00.000Z' });
    expect(readStoredSession(raw, NOW)).toEqual({ token: 'tok', expiresAt: '2026-03-02T14:00:00.000Z' });
    expect(readStoredSession(raw, Date.parse('2026-03-02T14:00:00.000Z'))).toBeNull();
    expect(readStoredSession(writeStoredSession({ token: 'tok' }), NOW)).toEqual({ token: 'tok' });
  });

  it('takes anything malformed as no session', () => {
    for (const raw of [
      null,
      '',
      'tok',
      '{',
      'null',
      '42',
      '{"token":""}',
      '{"token":1}',
      '{"token":"t","expiresAt":5}',
    ])
      expect(readStoredSession(raw, NOW)).toBeNull();
    expect(readStoredSession('{"token":"t","expiresAt":"later"}', NOW)).toBeNull();
  });
});
