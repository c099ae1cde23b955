import { describe, expect, it } from 'vitest';
import { translate } from '../i18n/i18n';
import type { Phrase } from './durations';
import { isDurationSpec } from '@qisu/core';
import { durationPhrase, shanghaiWallOf, shanghaiWallToIso, warnPhrase } from './durations';

const say = (p: Phrase, lang: 'zh-CN' | 'en-US') => translate(lang, p.key, p.params);

describe('durationPhrase', () => {
  it('names every kind of duration in both languages', () => {
    expect(say(durationPhrase('5wd'), 'zh-CN')).toBe('5 个工作日');
    expect(say(durationPhrase('5wd'), 'en-US')).toBe('5 working days');
    expect(say(durationPhrase('1wd'), 'en-US')).toBe('1 working day');
    expect(say(durationPhrase('4wh'), 'zh-CN')).toBe('4 个工作小时');
    expect(say(durationPhrase('2h'), 'en-US')).toBe('2 hours');
    expect(say(durationPhrase('1h'), 'en-US')).toBe('1 hour');
    expect(say(durationPhrase('7d'), 'zh-CN')).toBe('7 个自然日');
    expect(say(durationPhrase('same-day'), 'en-US')).toBe('Same day, by close of business');
    expect(durationPhrase('immediate').key).toBe('cfgDurImmediate');
  });

  it('reads a limit counting the day of receipt and a range the hub chooses in', () => {
    expect(say(durationPhrase('1wdr'), 'zh-CN')).toBe('受理当日下班前');
    expect(say(durationPhrase('2wdr'), 'zh-CN')).toBe('2 个工作日（含受理当日）');
    expect(say(durationPhrase('5-15wd'), 'zh-CN')).toBe('5–15 个工作日（交办时选定，默认 15）');
    expect(say(durationPhrase('5-15wd'), 'en-US')).toBe('5–15 working days (chosen at dispatch, 15 by default)');
  });

  it('shows an unknown spec as it is', () => {
    expect(say(durationPhrase('2 hours'), 'zh-CN')).toBe('2 hours');
  });
});

describe('isDurationSpec', () => {
  it('accepts what the server accepts and nothing else', () => {
    for (const ok of ['immediate', 'same-day', '1h', '9999wd', '30wd', '4wh', '7d', '1wdr', '5-15wd'])
      expect(isDurationSpec(ok)).toBe(true);
    for (const bad of ['', '0wd', '5', 'wd', '5 wd', '10000h', 'sameday', '5WD', '15-5wd', '5-15h', '0wdr'])
      expect(isDurationSpec(bad)).toBe(false);
  });
});

describe('warnPhrase', () => {
  it('reads both forms of a warning', () => {
    expect(say(warnPhrase({ before: '4wh' }), 'zh-CN')).toBe('到期前 4 个工作小时');
    expect(say(warnPhrase({ before: '2h' }), 'en-US')).toBe('2 h before due');
    expect(say(warnPhrase({ fraction: 0.8 }), 'zh-CN')).toBe('用时达 80% 时');
  });
});

describe('Shanghai wall clock', () => {
  it('writes a picked minute with the +08:00 offset', () => {
    expect(shanghaiWallToIso('2026-12-30 10:00')).toBe('2026-12-30T10:00:00+08:00');
    expect(() => shanghaiWallToIso('30/12/2026')).toThrow();
  });
  it('reads an instant in Shanghai whatever the browser’s zone', () => {
    expect(shanghaiWallOf(Date.parse('2026-12-30T17:45:00Z'))).toBe('2026-12-31 01:45');
  });
});
