import { POLICY_APPLICATION_STATUSES } from '@qisu/core';
import { z } from 'zod';

/** `POST /api/v1/policy-applications` (SPEC §10): an enterprise contact applies for its own enterprise. */
export const CreateApplicationBody = z.object({
  policyId: z.uuid(),
  text: z.string().trim().min(1).max(5000).describe('申请说明 / what the enterprise asks for and why'),
  materials: z
    .string()
    .trim()
    .max(2000)
    .optional()
    .describe('申报材料清单（文字说明）/ the materials, described in words'),
});
/** A parsed application body. */
export type CreateApplicationInput = z.infer<typeof CreateApplicationBody>;

/** `POST /api/v1/policy-applications/{id}/decide` (SPEC §10). */
export const DecideBody = z.object({
  approve: z.boolean(),
  note: z.string().trim().min(1).max(2000).describe('审核意见或不予通过的理由 / the reason, told to the enterprise'),
});

/** `POST /api/v1/policy-applications/{id}/pay`: the payout, with the amount when there is one. */
export const PayBody = z.object({
  amount: z
    .number()
    .nonnegative()
    .max(9_999_999_999)
    .optional()
    .describe('兑现金额（元，保留两位小数）/ amount in yuan, kept to the fen'),
  note: z.string().trim().max(2000).optional(),
});

/** The application in the path. */
export const ApplicationIdParams = z.object({ id: z.uuid() });

/** `GET /api/v1/policy-applications?status=`. */
export const ApplicationListQuery = z.object({
  status: z.enum(POLICY_APPLICATION_STATUSES).optional(),
});

/** The answer of filing: the application's id and status. */
export const ApplicationCreated = z.object({ id: z.uuid(), status: z.enum(POLICY_APPLICATION_STATUSES) });

/** An application as lists and pages show it; no personal data beyond the applicant's name. */
export const ApplicationView = z.object({
  id: z.uuid(),
  policyId: z.uuid(),
  policyTitle: z.string(),
  enterpriseId: z.uuid(),
  enterpriseName: z.string(),
  applicantName: z.string(),
  text: z.string(),
  materials: z.string().nullable(),
  status: z.enum(POLICY_APPLICATION_STATUSES),
  routedUnitId: z.uuid().nullable().describe('受理审核单位；空为营商办 / the issuing unit; null: the hub'),
  routedUnitName: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decisionNote: z.string().nullable(),
  decidedAt: z.string().nullable(),
  paidAt: z.string().nullable(),
  amount: z.number().nullable(),
  createdAt: z.string(),
});
/** One application as the API answers it. */
export type ApplicationDto = z.infer<typeof ApplicationView>;
