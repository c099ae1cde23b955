/**
 * Mainland mobile numbers as people type them: with spaces or hyphens, with the country code
 * (`+86`, `0086`, `86`) or without. One normal form (11 digits) is what is stored, looked up and
 * sent, so that "138 1234 1234" and "+8613812341234" are the same person.
 */

/** The normal form of a mainland mobile: 11 digits, starting 13–19. */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

/** The 11-digit form of a mainland mobile number, or null when the text is not one. */
export function normalizeMobile(text: string): string | null {
  const compact = text.replace(/[\s\-()（）]/g, '');
  const digits = compact.replace(/^(\+86|0086|86)(?=1\d{10}$)/, '');
  return MOBILE_PATTERN.test(digits) ? digits : null;
}
