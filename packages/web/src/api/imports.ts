import { ApiError, getToken } from './client';
import { downloadFile } from './export';
import type { ResponseOf } from './models';

/** What an import brings in. */
export type ImportKind = 'enterprises' | 'cases';

/** The answer of an import or a dry run (`POST /api/v1/imports/{kind}`). */
export type ImportResult = ResponseOf<'/api/v1/imports/enterprises', 'post'>;

/** What was (or would be) done with one row. */
export type ImportedRow = ImportResult['items'][number];

/** One problem of a refused import, as the server lists it in `error.errors`. */
export interface ImportRowError {
  row: number;
  column: string;
  cell: string | null;
  value?: string;
  message: string;
}

/** The server's limits of one import (it stays the authority). */
export const IMPORT_MAX_BYTES = 5 * 1_048_576;
export const IMPORT_MAX_ROWS = 5_000;

const english = () => localStorage.getItem('qisu.lang') === 'en-US';

/** The rows named by a refusal with code `IMPORT_INVALID`, else an empty list. */
export function importErrorsOf(error: unknown): { errors: ImportRowError[]; count: number; truncated: boolean } {
  if (!(error instanceof ApiError) || error.code !== 'IMPORT_INVALID')
    return { errors: [], count: 0, truncated: false };
  const errors = Array.isArray(error.body['errors']) ? (error.body['errors'] as ImportRowError[]) : [];
  const count = typeof error.body['errorCount'] === 'number' ? error.body['errorCount'] : errors.length;
  return { errors, count, truncated: error.body['truncated'] === true };
}

/**
 * Sends one .xlsx as `multipart/form-data` (field `file`) to the import, checking only when
 * `dryRun`, reporting upload progress 0–100 (XMLHttpRequest: fetch cannot report it). A refusal
 * rejects with the server's `ApiError`, its body holding the rows' errors (see `importErrorsOf`).
 */
export function uploadImport(
  kind: ImportKind,
  file: File,
  dryRun: boolean,
  onProgress?: (percent: number) => void,
): Promise<ImportResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/imports/${kind}${dryRun ? '?dryRun=true' : ''}`);
    xhr.setRequestHeader('accept-language', english() ? 'en-US' : 'zh-CN');
    const token = getToken();
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(Math.min(100, Math.round((e.loaded / e.total) * 100)));
    };
    xhr.onerror = () =>
      reject(new ApiError(0, 'NETWORK', english() ? 'The server cannot be reached' : '无法连接服务器，请检查网络'));
    xhr.onload = () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(xhr.responseText) as Record<string, unknown>;
      } catch {
        body = {};
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as unknown as ImportResult);
        return;
      }
      const error = (body['error'] ?? {}) as { code?: string; message?: string };
      reject(new ApiError(xhr.status, error.code ?? 'HTTP', error.message ?? xhr.statusText, error));
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** `GET /api/v1/imports/templates/{kind}.xlsx`, saved under the server's file name. */
export function downloadImportTemplate(kind: ImportKind): Promise<string> {
  return downloadFile(`/api/v1/imports/templates/${kind}.xlsx`, `${kind}-template.xlsx`);
}
