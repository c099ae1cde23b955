import { z } from 'zod';

/** What a login sends: the username and the password, trimmed and bounded. */
export const LoginBody = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
});

/** The signed-in user as the console and the mobile pages see it: no mobile, no password hash. */
export const SessionUser = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  roles: z.array(z.string()),
  jurisdiction: z.string().describe('jurisdiction code, e.g. kh'),
  unitId: z.string().optional(),
  enterpriseId: z.string().optional(),
});

/** A successful login: the bearer token, when it expires and who it signs in. */
export const LoginResponse = z.object({ token: z.string(), expiresAt: z.string(), user: SessionUser });

/** A mainland mobile as people type it (spaces, hyphens, +86 allowed); the service reads its 11 digits. */
const MobileText = z
  .string()
  .trim()
  .min(11)
  .max(20)
  .regex(/^[\d\s+()（）-]+$/)
  .describe('手机号 / mainland mobile number');

/** Asking for a login code by SMS. */
export const SmsCodeBody = z.object({ mobile: MobileText });

/** The answer to every request for a code, whether or not an account has the mobile. */
export const SmsCodeResponse = z.object({
  resendAfterSeconds: z
    .number()
    .int()
    .describe('再次获取前需等待的秒数 / seconds before another code may be asked for'),
  expiresInSeconds: z.number().int().describe('验证码有效秒数 / seconds the code stays valid'),
});

/** Signing in with the mobile and the code it received. */
export const SmsLoginBody = z.object({
  mobile: MobileText,
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/)
    .describe('6 位短信验证码 / the 6-digit code'),
});
