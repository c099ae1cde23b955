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
