import { z } from 'zod';

/** An Open311 client as the admin sees it: never its key, only the key's last characters. */
export const Open311ClientView = z.object({
  id: z.uuid(),
  name: z.string().describe('客户端名称，如“城市服务小程序” / the client’s name'),
  jurisdiction: z.string().describe('辖区代码，即 jurisdiction_id / the jurisdiction code'),
  keyHint: z.string().describe('密钥末四位 / the key’s last four characters'),
  active: z.boolean(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  revokedBy: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable().describe('最近一次使用（精确到分钟）/ last used, to the minute'),
});
export type Open311ClientDto = z.infer<typeof Open311ClientView>;

export const Open311ClientList = z.object({ items: z.array(Open311ClientView) });

/** A new client: its key is shown in this answer only; the server keeps a hash of it. */
export const CreatedOpen311Client = Open311ClientView.extend({
  apiKey: z.string().describe('仅此一次显示，请立即交给客户端 / shown this once: hand it to the client now'),
});
export type CreatedOpen311ClientDto = z.infer<typeof CreatedOpen311Client>;

export const CreateOpen311ClientBody = z.object({
  name: z.string().trim().min(1).max(100).describe('客户端名称 / the client’s name'),
});
export type CreateOpen311ClientInput = z.infer<typeof CreateOpen311ClientBody>;

export const Open311ClientParams = z.object({ id: z.uuid() });
