import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { Profile } from '@qisu/core';
import { DEFAULT_WORKING_HOURS, DISCIPLINE_DEFAULTS, ProfileSchema, reportDefaults } from '@qisu/core';

/** The repository's `profiles/` folder, from src or dist alike. */
export const PRESETS_DIR = fileURLToPath(new URL('../../../../profiles/', import.meta.url));

/** Reads a profile document from YAML or JSON text; throws on unparsable text. */
export function parseProfileText(text: string): unknown {
  return parse(text) as unknown;
}

let presets: Map<string, Profile> | undefined;

/** The presets shipped in `profiles/*.yaml`, validated once. A broken preset stops the process. */
export function presetProfiles(): Map<string, Profile> {
  if (!presets) {
    presets = new Map();
    for (const file of readdirSync(PRESETS_DIR)
      .filter((f) => f.endsWith('.yaml'))
      .sort()) {
      const parsed = ProfileSchema.safeParse(parseProfileText(readFileSync(`${PRESETS_DIR}${file}`, 'utf8')));
      if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        throw new Error(`profiles/${file} is invalid: ${problems}`);
      }
      presets.set(parsed.data.code, parsed.data);
    }
  }
  return presets;
}

/**
 * The profile of a jurisdiction that has none yet: common working hours, the 5-level rating,
 * review after 2 unsatisfied rounds, no clocks, cards or hand-offs, and the discipline commission
 * reading unsatisfied and red-card cases (SPEC §2).
 */
export function defaultProfile(code: string): Profile {
  return {
    code,
    version: 1,
    name: `${code} default`,
    calendar: {
      periods: DEFAULT_WORKING_HOURS.periods.map(([a, b]) => [a, b] as [string, string]),
      ...(DEFAULT_WORKING_HOURS.summer
        ? {
            summer: {
              from: DEFAULT_WORKING_HOURS.summer.from,
              to: DEFAULT_WORKING_HOURS.summer.to,
              periods: DEFAULT_WORKING_HOURS.summer.periods.map(([a, b]) => [a, b] as [string, string]),
            },
          }
        : {}),
      note: '通用作息时间 / common working hours',
    },
    rating: {
      scale: '5-level',
      satisfiedMinScore: 3,
      labels: [
        { score: 5, zh: '非常满意', en: 'Very satisfied' },
        { score: 4, zh: '满意', en: 'Satisfied' },
        { score: 3, zh: '基本满意', en: 'Fairly satisfied' },
        { score: 2, zh: '不满意', en: 'Unsatisfied' },
        { score: 1, zh: '非常不满意', en: 'Very unsatisfied' },
      ],
      note: '政务服务好差评五级 / the national five-level scale',
    },
    loop: {
      reviewAfterRounds: 2,
      unsatisfiedTo: 'unit',
      revisitBeforeClose: false,
      complexDispatchByLeader: false,
      reviewFormRequired: false,
      note: '通用值 / common values',
    },
    clocks: [],
    cards: { note: '未设亮牌 / no cards' },
    handoffs: { unsatisfiedToDiscipline: false, redCardTo: [], note: '未设移交 / no hand-offs' },
    reports: reportDefaults(),
    discipline: { ...DISCIPLINE_DEFAULTS },
  };
}
