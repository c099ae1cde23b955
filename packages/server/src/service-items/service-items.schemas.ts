import { z } from 'zod';
import { COMPLEXITIES, SERVICE_CATALOGUES, SERVICE_FIELDS } from '@qisu/core';

const at = z.string().describe('ISO 8601');
const text = (max: number) => z.string().trim().min(1).max(max);

/** `{id}` of an item or a bundle. */
export const ServiceIdParams = z.object({ id: z.uuid() });

/** An item as the admin or the hub writes it. */
export const ServiceItemBody = z.object({
  catalogue: z.enum(SERVICE_CATALOGUES).describe('清单：matters 涉企事项清单 / value_added 增值化服务清单'),
  field: z.enum(SERVICE_FIELDS).describe('服务领域 / field'),
  name: text(200).describe('事项名称 / name'),
  description: z.string().trim().max(4000).optional().describe('服务内容 / what the service is'),
  providerUnitId: z.uuid().describe('提供单位 / the unit that provides it'),
  materials: z.string().trim().max(4000).nullable().optional().describe('申请材料及办理方式 / materials and how'),
  timeLimit: z.string().trim().max(200).nullable().optional().describe('承诺时限 / time limit, as published'),
  workingDays: z.number().int().min(1).max(365).nullable().optional().describe('承诺工作日 / working days'),
  assisted: z.boolean().optional().describe('可帮办代办 / assisted or agent handling offered'),
  appointment: z.boolean().optional().describe('可预约办理 / appointments offered'),
  active: z.boolean().optional().describe('上架 / offered'),
});
export type ServiceItemInput = z.infer<typeof ServiceItemBody>;

/** Search of the catalogues. */
export const ServiceItemQuery = z.object({
  kind: z.enum(SERVICE_CATALOGUES).optional().describe('清单 / catalogue'),
  field: z.enum(SERVICE_FIELDS).optional().describe('服务领域 / field'),
  q: z.string().trim().max(100).optional().describe('检索词 / words of the name, description or provider'),
});
export type ServiceItemQueryInput = z.infer<typeof ServiceItemQuery>;

/** A catalogue item as every reader sees it. */
export const ServiceItemSchema = z.object({
  id: z.uuid(),
  catalogue: z.enum(SERVICE_CATALOGUES),
  field: z.enum(SERVICE_FIELDS),
  name: z.string(),
  description: z.string(),
  providerUnit: z.object({ id: z.uuid(), name: z.string() }),
  materials: z.string().nullable(),
  timeLimit: z.string().nullable(),
  workingDays: z.number().nullable(),
  assisted: z.boolean(),
  appointment: z.boolean(),
  active: z.boolean(),
  updatedAt: at,
});
export type ServiceItemDto = z.infer<typeof ServiceItemSchema>;
export const ServiceItemListSchema = z.object({ items: z.array(ServiceItemSchema) });

/** A "一件事" bundle as the admin or the hub writes it: its items in the order they are handled. */
export const ServiceBundleBody = z.object({
  name: text(200).describe('“一件事”名称 / name'),
  description: z.string().trim().max(4000).optional().describe('说明 / description'),
  itemIds: z.array(z.uuid()).min(2).max(20).describe('所含事项，按办理顺序 / items in order'),
  active: z.boolean().optional(),
});
export type ServiceBundleInput = z.infer<typeof ServiceBundleBody>;

/** A bundle with its items in order. */
export const ServiceBundleSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  active: z.boolean(),
  items: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      field: z.enum(SERVICE_FIELDS),
      providerUnit: z.object({ id: z.uuid(), name: z.string() }),
    }),
  ),
  updatedAt: at,
});
export type ServiceBundleDto = z.infer<typeof ServiceBundleSchema>;
export const ServiceBundleListSchema = z.object({ bundles: z.array(ServiceBundleSchema) });

/** An enterprise's request of an item or a bundle. */
export const ServiceRequestBody = z.object({
  text: text(4000).describe('需求说明 / what the enterprise needs'),
  wantsAssistance: z.boolean().optional().describe('需要帮办代办 / wants assisted or agent handling'),
  appointmentAt: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'appointmentAt must be YYYY-MM-DD' })
    .optional()
    .describe('预约办理日期（须为今后的工作日）/ the appointment day, a future working day'),
});
export type ServiceRequestInput = z.infer<typeof ServiceRequestBody>;

/** The case a request became. */
export const ServiceRequestCreated = z.object({
  caseId: z.uuid(),
  number: z.string(),
  leadUnit: z.object({ id: z.uuid(), name: z.string() }),
  coUnits: z.array(z.object({ id: z.uuid(), name: z.string() })),
});

/** The jurisdiction's 兜底办, or null where it has none. */
export const FallbackUnitSchema = z.object({
  unit: z.object({ id: z.uuid(), name: z.string() }).nullable(),
});

/** The hub sends a case to the 兜底办 at screening, with the complexity whose limit the profile gives. */
export const FallbackBody = z.object({
  complexity: z.enum(COMPLEXITIES).describe('简单 / 一般 / 复杂：办结时限按本辖区规则 / the limit follows the profile'),
  limit: z.string().max(20).optional().describe('在规则区间内选定的时限，如 10wd / a limit chosen within the range'),
  note: z.string().trim().max(2000).optional().describe('转办说明 / the hub’s note'),
});
export type FallbackInput = z.infer<typeof FallbackBody>;
