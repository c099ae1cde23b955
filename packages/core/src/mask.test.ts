import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskMobile, maskOpenid, maskPersonalText } from './mask.js';

describe('maskMobile', () => {
  it('keeps the first three and last four digits of a mainland mobile', () => {
    expect(maskMobile('13812341234')).toBe('138****1234');
    expect(maskMobile('19900001111')).toBe('199****1111');
  });

  it('ignores spaces inside the number', () => {
    expect(maskMobile('138 1234 1234')).toBe('138****1234');
  });

  it('passes null, undefined and the empty string through', () => {
    expect(maskMobile(null)).toBeNull();
    expect(maskMobile(undefined)).toBeNull();
    expect(maskMobile('')).toBe('');
  });

  it('keeps only the last four digits of other numbers', () => {
    expect(maskMobile('063212345678')).toBe('********5678');
    expect(maskMobile('12345')).toBe('*2345');
  });

  it('hides a number of four digits or fewer entirely, without revealing its length', () => {
    expect(maskMobile('110')).toBe('****');
    expect(maskMobile('1234')).toBe('****');
    expect(maskMobile('7')).toBe('****');
  });

  it('never returns the middle four digits of a mobile (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 9 }), fc.stringMatching(/^\d{9}$/), (second, rest) => {
        const mobile = `1${second}${rest}`;
        const masked = maskMobile(mobile);
        expect(masked).toBe(`${mobile.slice(0, 3)}****${mobile.slice(7)}`);
      }),
    );
  });
});

describe('maskIdNumber', () => {
  it('keeps the region code and the last four characters of an 18-character ID', () => {
    expect(maskIdNumber('110105194912310021')).toBe('110105********0021');
  });

  it('keeps a final X', () => {
    expect(maskIdNumber('37040219800101123X')).toBe('370402********123X');
  });

  it('passes null, undefined and the empty string through', () => {
    expect(maskIdNumber(null)).toBeNull();
    expect(maskIdNumber(undefined)).toBeNull();
    expect(maskIdNumber('')).toBe('');
  });

  it('hides a short value entirely', () => {
    expect(maskIdNumber('12345')).toBe('*****');
  });

  it('keeps the region code and the last four characters of a 15-digit old ID', () => {
    expect(maskIdNumber('110105491231002')).toBe('110105*****1002');
  });
});

describe('maskPersonalText', () => {
  it('masks a mobile inside Chinese text', () => {
    expect(maskPersonalText('联系人张三，手机13812341234，请尽快回电。')).toBe(
      '联系人张三，手机138****1234，请尽快回电。',
    );
  });

  it('masks a mobile written directly between Chinese characters', () => {
    expect(maskPersonalText('电话13812341234张经理')).toBe('电话138****1234张经理');
  });

  it('masks every mobile in the text', () => {
    expect(maskPersonalText('13812341234或15900001111')).toBe('138****1234或159****1111');
  });

  it('masks ID numbers, with a final X or x, keeping the region code and the last four', () => {
    expect(maskPersonalText('法人身份证号110105194912310021。')).toBe('法人身份证号110105********0021。');
    expect(maskPersonalText('身份证：37040219800101123X')).toBe('身份证：370402********123X');
    expect(maskPersonalText('身份证：37040219800101123x')).toBe('身份证：370402********123x');
  });

  it('masks an ID and a mobile in the same text', () => {
    expect(maskPersonalText('王五 370402198001011234 18605321234')).toBe('王五 370402********1234 186****1234');
  });

  it('does not treat a mobile-like run inside a 20-digit account number as a mobile', () => {
    const account = '62220213812341234567';
    expect(account).toHaveLength(20);
    expect(account).toContain('13812341234');
    expect(maskPersonalText(`开户账号${account}，开户行工商银行`)).toBe(`开户账号${account}，开户行工商银行`);
  });

  it('leaves digit runs of 12, 17 and 19 digits alone', () => {
    for (const run of ['138123412345', '13812341234123456', '3704021980010112345']) {
      expect(maskPersonalText(`编号${run}结束`)).toBe(`编号${run}结束`);
    }
  });

  it('does not mask an 11-digit number that is not a mobile', () => {
    expect(maskPersonalText('订单12812341234')).toBe('订单12812341234');
  });

  it('leaves other text intact', () => {
    const text = '2026年3月5日，企业反映用地审批超时，涉及金额1000万元，座机0632-7712345，信用代码91350100M000100Y43。';
    expect(maskPersonalText(text)).toBe(text);
  });

  it('never leaves a standalone mobile visible in text (property)', () => {
    const filler = fc.string({ unit: fc.constantFrom(...'企业诉求，。电话 abc：'), maxLength: 12 });
    fc.assert(
      fc.property(
        filler,
        fc.integer({ min: 3, max: 9 }),
        fc.stringMatching(/^\d{9}$/),
        filler,
        (before, second, rest, after) => {
          const mobile = `1${second}${rest}`;
          const masked = maskPersonalText(`${before}${mobile}${after}`);
          expect(masked).not.toContain(mobile);
          expect(masked).toBe(`${before}${mobile.slice(0, 3)}****${mobile.slice(7)}${after}`);
        },
      ),
    );
  });
});

describe('maskOpenid', () => {
  it('keeps the first and last four characters of an openid', () => {
    expect(maskOpenid('oAbCdEfGhIjKlMnOpQrStUvWxYz0')).toBe('oAbC****xYz0');
  });

  it('hides a short value whole and passes an empty one as null', () => {
    expect(maskOpenid('oAbC1234')).toBe('****');
    expect(maskOpenid('')).toBeNull();
    expect(maskOpenid(null)).toBeNull();
  });
});
