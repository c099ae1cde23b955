import { z } from 'zod';

const id = z.uuid();

/** The worklist's query parameters as strings, exactly as the list API takes them. */
export const ViewQuery = z
  .record(z.string().regex(/^[a-zA-Z]{1,30}$/), z.string().max(500))
  .refine((q) => Object.keys(q).length <= 20, 'at most 20 parameters');

export const SavedView = z.object({
  id,
  name: z.string(),
  query: z.record(z.string(), z.string()),
  createdAt: z.string(),
});

export const CreateViewBody = z.object({ name: z.string().trim().min(1).max(50), query: ViewQuery });
export type CreateViewInput = z.infer<typeof CreateViewBody>;

export const ViewIdParams = z.object({ id });
