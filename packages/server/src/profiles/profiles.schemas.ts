import { z } from 'zod';
import { ProfileSchema } from '@qisu/core';

/** What an admin sends: any document, checked by the service so that problems come back with their paths. */
export const ProfileDocument = z
  .record(z.string(), z.unknown())
  .describe('profile document (SPEC §5), see profiles/*.yaml');
/** What the server answers: a valid profile, so clients read typed rules. */
export const ProfileResponse = ProfileSchema.describe('profile document (SPEC §5), see profiles/*.yaml');

/** One stored version of the profile and who stored it. */
export const ProfileVersionView = z.object({
  version: z.number(),
  note: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
});

/** The version in the path; versions are stored as PostgreSQL `integer`, so a larger one is refused, not looked up. */
export const ProfileVersionParams = z.object({ version: z.coerce.number().int().positive().max(2_147_483_647) });

/** A new profile version and why it was made. */
export const UpdateProfileBody = z.object({ profile: ProfileDocument, note: z.string().trim().max(500).optional() });

/** Whether a candidate is valid, and each problem at its path. */
export const ValidationView = z.object({
  valid: z.boolean(),
  problems: z.array(z.object({ field: z.string(), problem: z.string() })),
});
