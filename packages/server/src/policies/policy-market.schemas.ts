import { ENTERPRISE_SCALES, POLICY_APPLICATION_STATUSES } from '@qisu/core';
import { z } from 'zod';

const IndustryCode = z
  .string()
  .trim()
  .regex(/^[A-T](\d{0,4})$/u, 'GB/T 4754 代码，如 C、C29、C2929 / a GB/T 4754 code such as C, C29, C2929');
const RegionCode = z
  .string()
  .trim()
  .regex(/^\d{2,12}$/u, 'GB/T 2260 代码前缀，如 330824 / a GB/T 2260 code or prefix such as 330824');
const Scale = z.enum(ENTERPRISE_SCALES);

/** A policy's targeting tags as the API shows and takes them. */
export const PolicyTargetingView = z.object({
  industryCodes: z.array(z.string()).describe('行业代码前缀（GB/T 4754）/ industry code prefixes'),
  scales: z.array(Scale).describe('企业规模 / the ledger’s sizes'),
  regionCodes: z.array(z.string()).describe('区划代码前缀（GB/T 2260）/ region code prefixes'),
  aboveDesignatedSize: z
    .boolean()
    .nullable()
    .describe('true 规上、false 规下、null 不限 / 规上 only, 规下 only, either'),
});

/**
 * `PUT /api/v1/policies/{id}/targeting`: the whole targeting of a policy (hub, admin). Empty lists
 * restrict nothing; a policy is either applied for online or granted automatically (免申即享), or neither.
 */
export const PolicyTargetingBody = z
  .object({
    industryCodes: z.array(IndustryCode).max(50).default([]),
    scales: z.array(Scale).max(4).default([]),
    regionCodes: z.array(RegionCode).max(50).default([]),
    aboveDesignatedSize: z.boolean().nullable().default(null),
    issuingUnitId: z.uuid().nullable().default(null).describe('受理审核单位 / the unit that decides applications'),
    online: z.boolean().default(false).describe('可在线申报 / applied for on the platform'),
    automatic: z.boolean().default(false).describe('免申即享 / granted on the ledger, nothing to file'),
    benefit: z
      .string()
      .trim()
      .max(500)
      .nullable()
      .default(null)
      .describe('享受内容 / what an eligible enterprise receives'),
  })
  .refine((b) => !(b.online && b.automatic), {
    message: '免申即享的政策无需在线申报 / a policy granted automatically is not applied for',
    path: ['automatic'],
  });
/** A parsed targeting body. */
export type PolicyTargetingInput = z.infer<typeof PolicyTargetingBody>;

/** `POST /api/v1/policies/{id}/push` (SPEC §10): narrows the policy's own targeting further. */
export const PushBody = z.object({
  industryCode: IndustryCode.optional(),
  scale: Scale.optional(),
  regionCode: RegionCode.optional(),
});
/** A parsed push body. */
export type PushInput = z.infer<typeof PushBody>;

/** The answer of a push (SPEC §10): how many contacts were told; `enterprises` how many enterprises they belong to. */
export const PushResult = z.object({
  id: z.uuid(),
  recipients: z.number().int(),
  enterprises: z.number().int(),
});

/** `GET /api/v1/policies/{id}/push-preview`: who a push with this filter would reach, nothing sent. */
export const PushPreview = z.object({ enterprises: z.number().int(), recipients: z.number().int() });

/** One push of a policy with how many received and opened it. */
export const PushView = z.object({
  id: z.uuid(),
  kind: z.enum(['push', 'automatic']).describe('push 推送；automatic 免申即享告知 / a push or a 免申即享 grant'),
  filter: z.object({
    industryCode: z.string().optional(),
    scale: z.string().optional(),
    regionCode: z.string().optional(),
  }),
  pushedBy: z.string().nullable().describe('推送人姓名 / who pushed'),
  pushedAt: z.string(),
  enterprises: z.number().int(),
  recipients: z.number().int(),
  opened: z.number().int().describe('已打开的联系人数 / contacts who opened the policy'),
  recipientList: z
    .array(
      z.object({
        enterpriseId: z.uuid(),
        enterpriseName: z.string(),
        userName: z.string(),
        notifiedAt: z.string(),
        openedAt: z.string().nullable(),
      }),
    )
    .describe('接收人（企业联系人，不含手机号）/ the contacts told, without their mobiles'),
});

/** A ledger enterprise a policy is for (免申即享), without personal data. */
export const EligibleEnterprise = z.object({
  id: z.uuid(),
  name: z.string(),
  industryCode: z.string().nullable(),
  industryName: z.string().nullable(),
  scale: z.string().nullable(),
  regionCode: z.string().nullable(),
  aboveDesignatedSize: z.boolean(),
  contacts: z.number().int().describe('可通知的联系人数 / contact users who can be told'),
});

/** The answer of `POST /api/v1/policies/{id}/grant-automatic`. */
export const GrantResult = PushResult;

/** `GET /api/v1/policies?q=`: an optional search of titles, numbers, issuers and text. */
export const PolicyListQuery = z.object({
  q: z
    .string()
    .trim()
    .max(100)
    .optional()
    .describe('标题、文号、发文机关或正文中的词 / words of the title, number, issuer or text'),
});

/** The statuses of an application, for schemas. */
export const ApplicationStatus = z.enum(POLICY_APPLICATION_STATUSES);
