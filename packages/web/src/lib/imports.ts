import { IMPORT_MAX_BYTES } from '../api/imports';
import type { ImportResult } from '../api/imports';

/** Why a chosen file cannot be sent to the import, before any upload; null when it may. */
export function importFileProblem(file: Pick<File, 'name' | 'size'>): 'notXlsx' | 'tooLarge' | null {
  if (!/\.xlsx$/i.test(file.name)) return 'notXlsx';
  if (file.size > IMPORT_MAX_BYTES) return 'tooLarge';
  return null;
}

/** How many rows an import wrote (new and updated), for "已导入 N 条". */
export function importedCount(result: Pick<ImportResult, 'created' | 'updated'>): number {
  return result.created + result.updated;
}
