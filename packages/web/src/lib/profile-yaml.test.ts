import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lineSpan, locatePath, parseProfileYaml, placeProblems, profileToYaml } from './profile-yaml';

const TEXT = [
  'code: kh', //  1
  'version: 3', //  2
  'calendar:', //  3
  "  periods: [['08:30', '12:00'], ['14:00', '17:30']]", //  4
  '  note: 通用值', //  5
  'rating:', //  6
  '  scale: 5-level', //  7
  '  labels:', //  8
  '    - { score: 5, zh: 非常满意, en: Very satisfied }', //  9
  '    - score: 1', // 10
  '      zh: 非常不满意', // 11
  'clocks:', // 12
  '  - milestone: screening', // 13
  '    duration: 1wd', // 14
  '  - milestone: resolve', // 15
  '    duration:', // 16
  '      simple: 1wd', // 17
  '      complex: 3 days', // 18
  '    warn: { before: 4wh }', // 19
  '    note: >-', // 20
  '      二（二）2', // 21
].join('\n');

describe('locatePath', () => {
  it('finds a key of a mapping on its own line', () => {
    expect(locatePath(TEXT, 'code')).toBe(1);
    expect(locatePath(TEXT, 'rating.scale')).toBe(7);
    expect(locatePath(TEXT, 'calendar.note')).toBe(5);
  });

  it('counts list items, block and flow alike', () => {
    expect(locatePath(TEXT, 'clocks.0.duration')).toBe(14);
    expect(locatePath(TEXT, 'clocks.1.duration.complex')).toBe(18);
    expect(locatePath(TEXT, 'clocks.1.warn.before')).toBe(19);
    expect(locatePath(TEXT, 'rating.labels.1.zh')).toBe(11);
    expect(locatePath(TEXT, 'rating.labels.0.en')).toBe(9);
    expect(locatePath(TEXT, 'calendar.periods.1.0')).toBe(4);
  });

  it('takes the path as zod gives it, with numbers', () => {
    expect(locatePath(TEXT, ['clocks', 1, 'note'])).toBe(20);
  });

  it('falls back to the deepest part that exists when the key is missing', () => {
    // rating.satisfiedMinScore is required but absent: the problem belongs to the rating block.
    expect(locatePath(TEXT, 'rating.satisfiedMinScore')).toBe(6);
    expect(locatePath(TEXT, 'rating.labels.1.en')).toBe(10);
    expect(locatePath(TEXT, 'clocks.7.note')).toBe(12);
    expect(locatePath(TEXT, 'loop.reviewAfterRounds')).toBe(1);
    expect(locatePath(TEXT, '')).toBe(1);
  });

  it('still locates keys before a syntax error', () => {
    const broken = `code: kh\nname: 示例\nrating:\n  scale: [5-level\nloop: x`;
    expect(locatePath(broken, 'name')).toBe(2);
  });

  it('answers line 1 for an empty text', () => {
    expect(locatePath('', 'code')).toBe(1);
  });
});

describe('parseProfileYaml', () => {
  it('gives the document as an object', () => {
    const parsed = parseProfileYaml(TEXT);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.value['version']).toBe(3);
      expect((parsed.value['calendar'] as { periods: string[][] }).periods[1]).toEqual(['14:00', '17:30']);
    }
  });

  it('reports a syntax error with its line', () => {
    const parsed = parseProfileYaml('code: kh\nname: 示例\ncalendar:\n  periods: [[08:30, 12:00]\nrating: x\n');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.errors.length).toBeGreaterThan(0);
      expect(parsed.errors[0]!.line).toBeGreaterThanOrEqual(4);
      expect(parsed.errors[0]!.message).not.toContain('\n');
    }
  });

  it('refuses a document that is not a mapping', () => {
    expect(parseProfileYaml('- a\n- b\n')).toEqual({ ok: false, errors: [{ line: 1, message: 'not a mapping' }] });
    expect(parseProfileYaml('')).toMatchObject({ ok: false });
  });
});

describe('profileToYaml', () => {
  const preset = {
    code: 'kh',
    version: 2,
    name: '开化县',
    calendar: { periods: [['08:30', '12:00']], note: '种子未规定作息时间，采用通用值。' },
    clocks: [
      {
        milestone: 'resolve',
        duration: { simple: '1wd', complex: '3wd' },
        warn: { before: '4wh' },
        note: 'x'.repeat(120),
      },
    ],
  };

  it('round-trips through the parser', () => {
    const parsed = parseProfileYaml(profileToYaml(preset));
    expect(parsed).toEqual({ ok: true, value: preset });
  });

  it('keeps short collections on one line and long notes unfolded', () => {
    const text = profileToYaml(preset);
    const lines = text.split('\n');
    expect(lines.some((l) => /periods: \[ \[ "?08:30"?, "?12:00"? \] \]/.test(l))).toBe(true);
    expect(lines.some((l) => /warn: \{ before: 4wh \}/.test(l))).toBe(true);
    expect(lines.find((l) => l.includes('xxxx'))).toContain('x'.repeat(120));
    // A short rule with a note is still written as a block, its note on its own line.
    expect(profileToYaml({ cards: { note: '种子未设亮牌。' } })).toBe('cards:\n  note: 种子未设亮牌。\n');
    expect(locatePath(text, 'clocks.0.warn.before')).toBe(lines.findIndex((l) => l.includes('warn:')) + 1);
  });

  it('also works on the shipped presets', () => {
    const text = readFileSync(new URL('../../../../profiles/tz.yaml', import.meta.url), 'utf8');
    const parsed = parseProfileYaml(text);
    expect(parsed.ok).toBe(true);
    const line = locatePath(text, 'clocks.3.card');
    expect(text.split('\n')[line - 1]).toMatch(/^\s+card: yellow/);
    const again = profileToYaml(parsed.ok ? parsed.value : {});
    expect(parseProfileYaml(again)).toEqual(parsed);
  });
});

describe('placeProblems', () => {
  it('puts each server problem on its line, in the order of the text', () => {
    expect(
      placeProblems(TEXT, [
        { field: 'clocks.1.duration.complex', problem: 'duration must be …' },
        { field: 'code', problem: 'must be tz' },
      ]),
    ).toEqual([
      { line: 1, field: 'code', problem: 'must be tz' },
      { line: 18, field: 'clocks.1.duration.complex', problem: 'duration must be …' },
    ]);
  });
});

describe('lineSpan', () => {
  it('gives the offsets of a line, clamping past the end', () => {
    const text = 'ab\ncde\nf';
    expect(lineSpan(text, 1)).toEqual({ start: 0, end: 2 });
    expect(lineSpan(text, 2)).toEqual({ start: 3, end: 6 });
    expect(text.slice(lineSpan(text, 3).start, lineSpan(text, 3).end)).toBe('f');
    expect(lineSpan(text, 9)).toEqual({ start: 7, end: 8 });
  });
});
