import { z } from 'zod';

/** A jurisdiction code as profiles spell it (`kh`, `jhj` …); printed posters may carry it in capitals. */
export const PublicJurisdictionParams = z.object({
  code: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z][a-z0-9]{1,15}$/, { message: 'a jurisdiction code is 2–16 letters or digits' })
    .describe('辖区代码 / jurisdiction code, e.g. kh'),
});

/**
 * What an enterprise that scans the office's QR code may learn without logging in: the
 * jurisdiction's name, its brand and the hub's service line. Nothing about people.
 */
export const PublicJurisdictionView = z.object({
  code: z.string(),
  name: z.string(),
  fullName: z.string(),
  brand: z.string().optional().describe('诉求品牌，如“企呼我应” / the brand of the service'),
  hotline: z.string().optional().describe('营商办服务电话 / the business office’s service line'),
});
export type PublicJurisdictionDto = z.infer<typeof PublicJurisdictionView>;
