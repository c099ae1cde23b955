import { z } from 'zod';

/** The error body of SPEC §10, documented once for every route. */
export const ErrorBody = z.object({
  error: z
    .object({
      code: z.string(),
      message: z.string(),
      field: z.string().optional(),
      currentStatus: z.string().optional(),
    })
    .loose(),
});

/** Response schemas for the error statuses a route may answer. */
export const errorResponses = (...statuses: (400 | 401 | 403 | 404 | 409 | 429)[]) =>
  Object.fromEntries(statuses.map((s) => [s, ErrorBody])) as Record<number, typeof ErrorBody>;

export const SECURED = [{ bearer: [] }];
