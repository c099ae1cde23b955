/**
 * Masking of personal data for lists and logs. Whole values appear only on a case shown to
 * the roles that handle it.
 */

/** 13812341234 → 138****1234; other phone numbers keep their last four digits. */
export function maskMobile(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return value ?? null;
  const digits = value.replace(/\s+/g, '');
  if (/^1\d{10}$/.test(digits)) return `${digits.slice(0, 3)}****${digits.slice(7)}`;
  if (digits.length <= 4) return '****';
  return `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
}

/** 18-digit resident ID: keep the region (6) and the last four. */
export function maskIdNumber(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return value ?? null;
  if (value.length < 10) return '*'.repeat(value.length);
  return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
}

const MOBILE_IN_TEXT = /(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)/g;
const ID_IN_TEXT = /(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])/g;

/** Masks mobile and ID numbers wherever they occur in free text (log lines, exported lists). */
export function maskPersonalText(text: string): string {
  return text.replace(ID_IN_TEXT, '$1********$3').replace(MOBILE_IN_TEXT, '$1****$3');
}

/**
 * A WeChat openid as lists show it: its first and last four characters (`oAbC****wxYz`), enough
 * for the admin to tell two apart without the list carrying whole identifiers.
 */
export function maskOpenid(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (value.length <= 8) return '****';
  return `${value.slice(0, 4)}****${value.slice(-4)}`;
}
