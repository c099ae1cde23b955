import { describe, expect, it } from 'vitest';
import { seedTitle } from './profile-seed';

describe('seedTitle', () => {
  it('names a preset’s document instead of its hashed file name', () => {
    const tz = { seed: '003_57bf02de62209393.txt', name: '滕州市"企呼政应、接诉即办"' };
    expect(seedTitle(tz, 'zh-CN')).toBe('滕州市“企呼政应、接诉即办”工作机制（2022 年）');
    expect(seedTitle(tz, 'en-US')).toContain('Tengzhou');
  });

  it('falls back to the profile’s own name, and to nothing without a seed', () => {
    expect(seedTitle({ seed: 'local-rules.txt', name: '某区工作规则' }, 'zh-CN')).toBe('某区工作规则');
    expect(seedTitle({ name: '某区工作规则' }, 'zh-CN')).toBeNull();
  });
});
