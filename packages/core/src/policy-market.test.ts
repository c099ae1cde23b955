import { describe, expect, it } from 'vitest';
import type { LedgerFacts, PolicyTargeting } from './policy-market.js';
import { nextApplicationStatus, policyMatches, pushFilterMatches } from './policy-market.js';

const none: PolicyTargeting = { industryCodes: [], scales: [], regionCodes: [], aboveDesignatedSize: null };
const plastics: LedgerFacts = {
  industryCode: 'C2929',
  scale: 'small',
  regionCode: '330824101',
  aboveDesignatedSize: false,
};

describe('policyMatches', () => {
  it.each([
    ['no tags', none, true],
    ['industry prefix C', { ...none, industryCodes: ['C'] }, true],
    ['industry F', { ...none, industryCodes: ['F'] }, false],
    ['one of two industries', { ...none, industryCodes: ['F', 'C29'] }, true],
    ['scale small', { ...none, scales: ['small', 'micro'] }, true],
    ['scale large', { ...none, scales: ['large'] }, false],
    ['region county', { ...none, regionCodes: ['330824'] }, true],
    ['region other town', { ...none, regionCodes: ['330824102'] }, false],
    ['above designated size only', { ...none, aboveDesignatedSize: true }, false],
    ['below designated size only', { ...none, aboveDesignatedSize: false }, true],
  ] as const)('%s', (_, targeting, expected) => {
    expect(policyMatches(targeting as PolicyTargeting, plastics)).toBe(expected);
  });

  it('does not assume a fact the ledger lacks', () => {
    const unknown: LedgerFacts = { industryCode: null, scale: null, regionCode: null, aboveDesignatedSize: false };
    expect(policyMatches({ ...none, industryCodes: ['C'] }, unknown)).toBe(false);
    expect(policyMatches({ ...none, scales: ['small'] }, unknown)).toBe(false);
    expect(policyMatches(none, unknown)).toBe(true);
  });
});

describe('pushFilterMatches', () => {
  it('narrows by prefix and scale', () => {
    expect(pushFilterMatches({}, plastics)).toBe(true);
    expect(pushFilterMatches({ industryCode: 'C' }, plastics)).toBe(true);
    expect(pushFilterMatches({ industryCode: 'F' }, plastics)).toBe(false);
    expect(pushFilterMatches({ scale: 'micro' }, plastics)).toBe(false);
    expect(pushFilterMatches({ regionCode: '330824' }, plastics)).toBe(true);
  });
});

describe('nextApplicationStatus', () => {
  it('decides a submitted application once and pays an approved one once', () => {
    expect(nextApplicationStatus('submitted', 'decide', true)).toBe('approved');
    expect(nextApplicationStatus('submitted', 'decide', false)).toBe('rejected');
    expect(nextApplicationStatus('submitted', 'pay')).toBeNull();
    expect(nextApplicationStatus('approved', 'decide', true)).toBeNull();
    expect(nextApplicationStatus('approved', 'pay')).toBe('paid');
    expect(nextApplicationStatus('rejected', 'pay')).toBeNull();
    expect(nextApplicationStatus('paid', 'pay')).toBeNull();
  });
});
