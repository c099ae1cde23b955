import { describe, expect, it } from 'vitest';
import { handlesCases, HANDLING_UNIT_KINDS, mayAct, SCREENING_ROLES, UNIT_KINDS, UNIT_ROLES } from './permissions.js';
import { COMMAND_RULES } from './case-commands.js';

describe('unit kinds', () => {
  it('lets departments, towns, parks and other units handle cases, never the hub, leadership or discipline', () => {
    expect(UNIT_KINDS.filter(handlesCases)).toEqual(['department', 'town', 'park', 'other']);
    expect(handlesCases('hub')).toBe(false);
    expect(handlesCases('leadership')).toBe(false);
    expect(handlesCases('discipline')).toBe(false);
    expect(handlesCases('unknown')).toBe(false);
  });

  it('names only known kinds as handling ones', () => {
    for (const kind of HANDLING_UNIT_KINDS) expect(UNIT_KINDS).toContain(kind);
  });
});

describe('role sets', () => {
  it('gives screening to exactly the roles the transition table lets dispatch', () => {
    expect(COMMAND_RULES.dispatch.grants.map((g) => g.role)).toEqual([...SCREENING_ROLES]);
  });

  it('answers whether any of a user’s roles is in a set', () => {
    expect(mayAct(['enterprise', 'unit_head'], UNIT_ROLES)).toBe(true);
    expect(mayAct(['enterprise'], UNIT_ROLES)).toBe(false);
    expect(mayAct([], SCREENING_ROLES)).toBe(false);
  });
});
