import { z } from 'zod';
import { IMPORT_KINDS, SHEET_FORMATS } from './imports.columns.js';

/** `?dryRun=true` checks every row and answers what would happen; nothing is written. */
export const ImportQuery = z.object({
  dryRun: z.enum(['true', 'false']).optional().describe('true：只校验不写入 / validate only, write nothing'),
});

/** What an import did (or, on a dry run, would do) with one row. */
export const ImportedRow = z.object({
  row: z.number().int().describe('工作表中的行号 / the row number in the sheet'),
  action: z
    .enum(['create', 'update', 'skip'])
    .describe('新建、更新（已登记的企业）或跳过（已在平台中）/ created, updated (a registered code) or skipped'),
  id: z.string().nullable().describe('写入的企业或诉求 / the enterprise or case written (null on a dry run)'),
  number: z.string().nullable().describe('诉求编号 / the case number (cases, not on a dry run)'),
  label: z.string().describe('企业名称或诉求标题 / the enterprise name or the case title'),
  notes: z.array(z.string()).describe('按请求语言 / in the request’s language'),
});

/** The answer of an import or a dry run. */
export const ImportResult = z.object({
  kind: z.enum(IMPORT_KINDS),
  format: z
    .enum(SHEET_FORMATS)
    .describe('enterprises：企业名单；list：诉求清单；ledger：附件2 问题台账 / the sheet recognised by its header'),
  dryRun: z.boolean(),
  sheet: z.string().describe('读取的工作表 / the worksheet read'),
  headerRow: z.number().int(),
  ignoredColumns: z.array(z.string()).describe('未识别、未导入的列 / header cells no column takes'),
  rows: z.number().int().describe('数据行数 / data rows read'),
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  enterprisesRegistered: z
    .number()
    .int()
    .describe('导入诉求时新登记的企业 / ledger entries registered by a case import'),
  items: z.array(ImportedRow),
});
export type ImportResultDto = z.infer<typeof ImportResult>;
