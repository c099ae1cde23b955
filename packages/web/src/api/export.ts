import { translate } from '../i18n/i18n';
import { ApiError, getToken } from './client';

/** What an export reports while its bytes arrive: a fraction when the size is known, else bytes. */
export interface ExportProgress {
  received: number;
  total: number | null;
}

const lang = () => (localStorage.getItem('qisu.lang') === 'en-US' ? 'en-US' : 'zh-CN');

/** The file name a `Content-Disposition` header gives (`filename*=UTF-8''…` first), else `fallback`. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      return fallback;
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain?.[1] ?? fallback;
}

/** Reads a response's body to a blob, reporting each chunk (a server may build a large workbook). */
async function readWithProgress(response: Response, onProgress?: (p: ExportProgress) => void): Promise<Blob> {
  const length = Number(response.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  if (!response.body || !onProgress) return response.blob();
  const reader = response.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.byteLength;
    onProgress({ received, total });
  }
  return new Blob(chunks, { type: response.headers.get('content-type') ?? 'application/octet-stream' });
}

/**
 * Downloads a file the API builds (an .xlsx of the worklist) with the session's token, which a
 * plain link cannot send, and hands it to the browser under the server's file name. A refusal
 * (400 EXPORT_TOO_LARGE over the row limit, 401, …) rejects with the server's `ApiError`, its
 * message in the user's language. Answers the saved file's name.
 */
export async function downloadFile(
  path: string,
  fallbackName: string,
  onProgress?: (p: ExportProgress) => void,
): Promise<string> {
  const headers: Record<string, string> = { 'accept-language': lang() };
  const token = getToken();
  if (token) headers['authorization'] = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(path, { headers });
  } catch {
    throw new ApiError(0, 'NETWORK', translate(lang(), 'networkError'));
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    const error = (body['error'] ?? {}) as { code?: string; message?: string };
    throw new ApiError(response.status, error.code ?? 'HTTP', error.message ?? response.statusText, error);
  }
  const name = fileNameOf(response.headers.get('content-disposition'), fallbackName);
  const blob = await readWithProgress(response, onProgress);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return name;
}

/** `GET /api/v1/cases/export.xlsx` with the list's filters (see `exportQuery`). */
export function exportCases(query: string, onProgress?: (p: ExportProgress) => void): Promise<string> {
  return downloadFile(`/api/v1/cases/export.xlsx${query ? `?${query}` : ''}`, 'cases.xlsx', onProgress);
}
