import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { DisciplineCause } from './discipline-rules.js';
import { opensToDiscipline } from './discipline-rules.js';
import type { Profile } from './profile.js';
import { DISCIPLINE_DEFAULTS, ProfileSchema } from './profile.js';

function preset(code: string): Profile {
  const text = readFileSync(new URL(`../../../profiles/${code}.yaml`, import.meta.url), 'utf8');
  return ProfileSchema.parse(parse(text));
}

const CAUSES: DisciplineCause[] = ['red_card', 'unsatisfied'];

/** 滕州's preset with these hand-offs and reading rights. */
function tzWith(redCardTo: Profile['handoffs']['redCardTo'], unsatisfiedTo: boolean, reads: [boolean, boolean]) {
  const tz = preset('tz');
  return {
    ...tz,
    handoffs: { ...tz.handoffs, redCardTo, unsatisfiedToDiscipline: unsatisfiedTo },
    discipline: { ...tz.discipline, readsRedCards: reads[0], readsUnsatisfied: reads[1] },
  };
}

/** Red cards handed to, unsatisfied handed over, reads red-card cases, reads unsatisfied → opens on red, on unsatisfied. */
const TABLE: [Profile['handoffs']['redCardTo'], boolean, boolean, boolean, boolean, boolean][] = [
  [[], false, true, true, true, true],
  [[], false, false, false, false, false],
  [[], false, true, false, true, false],
  [[], false, false, true, false, true],
  [['leader'], false, false, false, false, false],
  // A hand-off opens the case whatever the reading rights say.
  [['discipline'], false, false, false, true, false],
  [[], true, false, false, false, true],
  [['leader', 'discipline'], true, false, false, true, true],
];

describe('what opens a case to the discipline commission', () => {
  it.each(TABLE)(
    'red cards to %o, unsatisfied handed over %s, reads red %s / unsatisfied %s: opens on red %s, on unsatisfied %s',
    (redCardTo, unsatisfiedTo, readsRed, readsUnsatisfied, onRed, onUnsatisfied) => {
      const profile = tzWith(redCardTo, unsatisfiedTo, [readsRed, readsUnsatisfied]);
      expect(CAUSES.map((c) => opensToDiscipline(profile, c))).toEqual([onRed, onUnsatisfied]);
    },
  );

  it('gives the commission SPEC §2’s reading when a profile says nothing about it', () => {
    const { discipline: _omitted, ...older } = preset('jhj');
    const parsed = ProfileSchema.parse(older);
    expect(parsed.discipline).toEqual(DISCIPLINE_DEFAULTS);
    expect(CAUSES.map((c) => opensToDiscipline(parsed, c))).toEqual([true, true]);
    const partial = ProfileSchema.parse({ ...older, discipline: { readsRedCards: false, note: '只查阅不满意件' } });
    expect(partial.discipline).toEqual({ readsRedCards: false, readsUnsatisfied: true, note: '只查阅不满意件' });
  });

  it('lets the commission of every preset with one read red-card and unsatisfied cases, each with its note', () => {
    for (const code of ['kh', 'yc', 'tz', 'fc']) {
      const profile = preset(code);
      expect(profile.discipline.note, code).not.toBe(DISCIPLINE_DEFAULTS.note);
      expect(
        CAUSES.map((c) => opensToDiscipline(profile, c)),
        code,
      ).toEqual([true, true]);
    }
  });

  it('opens nothing to 径河街’s commission by itself: seed 000 has no 纪委 in its loop', () => {
    const profile = preset('jhj');
    expect(profile.discipline.note).toContain('种子未设纪委监委环节');
    expect(CAUSES.map((c) => opensToDiscipline(profile, c))).toEqual([false, false]);
  });
});
