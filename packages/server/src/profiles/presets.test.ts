import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRESETS_DIR, presetProfiles } from './presets.js';

/** The clause numbers a preset's text cites, such as 三（三）1 or 二（二）2. */
const citations = (text: string) => new Set(text.match(/[一二三四五六七八九十]+（[一二三四五六七八九十]+）\d*/g) ?? []);

describe('the presets', () => {
  it('loads all five, one per seed', () => {
    expect([...presetProfiles().keys()].sort()).toEqual(['fc', 'jhj', 'kh', 'tz', 'yc']);
  });

  // Seed 004 numbers its rules 三（二）3 (回访), 三（二）9 (纪委监委) and 三（三）1 (办结时限).
  it('cites 涪城’s seed by the clause numbers it has', () => {
    const cited = citations(readFileSync(`${PRESETS_DIR}fc.yaml`, 'utf8'));
    for (const clause of ['三（三）1', '三（二）3', '三（二）9']) expect(cited).toContain(clause);
    for (const misread of ['三（二）1', '二（一）3', '二（三）9']) expect(cited).not.toContain(misread);
  });
});
