/** The shortest password accepted. */
export const PASSWORD_MIN_LENGTH = 8;
/** The longest password accepted (scrypt hashes any length; this bounds the work). */
export const PASSWORD_MAX_LENGTH = 200;

/** The character classes a password mixes: upper case, lower case, digits, everything else. */
const CLASSES = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/];

/**
 * Whether a password meets the one rule for every account (等保 2.0 level 3 asks for complex
 * credentials): 8 to 200 characters mixing at least three of the four classes. The server's
 * schemas and the console's forms both ask this function.
 */
export function isStrongPassword(value: string): boolean {
  return (
    value.length >= PASSWORD_MIN_LENGTH &&
    value.length <= PASSWORD_MAX_LENGTH &&
    CLASSES.filter((c) => c.test(value)).length >= 3
  );
}
