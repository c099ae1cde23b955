import { z } from 'zod';

/** One notification as SPEC §10 shows it; the title is in the caller's language. */
export const NotificationDto = z.object({
  id: z.uuid(),
  type: z.string(),
  caseId: z.uuid().optional(),
  policyId: z
    .uuid()
    .optional()
    .describe('政策推送、免申即享、政策申请的通知所涉政策 / the policy a policy notice is about'),
  policyApplicationId: z.uuid().optional().describe('所涉政策申请 / the policy application it is about'),
  title: z.string(),
  at: z.string(),
  readAt: z.string().nullable(),
});

/** `GET /api/v1/notifications`: newest first, and how many of the caller's are unread. */
export const NotificationList = z.object({ items: z.array(NotificationDto), unread: z.number().int() });

/** The path of `POST /api/v1/notifications/{id}/read`; a malformed id is simply not found. */
export const NotificationIdParams = z.object({ id: z.string().max(64) });

/** The answer of `POST /api/v1/notifications/{id}/read`: when it was first read. */
export const NotificationRead = z.object({ id: z.uuid(), readAt: z.string() });

/** One notification as the API answers it. */
export type NotificationDtoType = z.infer<typeof NotificationDto>;
