import { api, ApiError, getToken } from './client';
import type { Attachment } from './models';

/** The server's default per-file limit (`QISU_ATTACHMENT_MAX_BYTES`); it stays the authority. */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1_048_576;

/** How many attachments one case may hold (the server answers 409 beyond it). */
export const MAX_ATTACHMENTS_PER_CASE = 20;

const english = () => localStorage.getItem('qisu.lang') === 'en-US';

/** The same headers as `api()`: the user's language and the session's bearer token. */
function headers(): Record<string, string> {
  const result: Record<string, string> = { 'accept-language': english() ? 'en-US' : 'zh-CN' };
  const token = getToken();
  if (token) result['authorization'] = `Bearer ${token}`;
  return result;
}

const networkError = () =>
  new ApiError(0, 'NETWORK', english() ? 'The server cannot be reached' : '无法连接服务器，请检查网络');

/** An error body of the API (`{"error":{"code","message",…}}`) as an `ApiError`. */
function toApiError(status: number, statusText: string, body: Record<string, unknown>): ApiError {
  const error = (body['error'] ?? {}) as { code?: string; message?: string };
  return new ApiError(status, error.code ?? 'HTTP', error.message ?? statusText, error);
}

/** `GET /api/v1/cases/{id}/attachments`: the case's attachments, oldest first. */
export function listAttachments(caseId: string): Promise<Attachment[]> {
  return api<Attachment[]>(`/api/v1/cases/${encodeURIComponent(caseId)}/attachments`);
}

/**
 * Sends one file as `multipart/form-data` (field `file`), reporting progress 0–100 as the bytes
 * leave the browser — XMLHttpRequest, because fetch cannot report upload progress. Refusals
 * (413 too large, 415 type not allowed, 409 limit or finished case) reject with the server's
 * `ApiError`, message in the user's language. Aborting through `signal` rejects with code `ABORTED`.
 */
export function uploadAttachment(
  caseId: string,
  file: File,
  onProgress?: (percent: number) => void,
  signal?: AbortSignal,
): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/cases/${encodeURIComponent(caseId)}/attachments`);
    for (const [name, value] of Object.entries(headers())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(Math.min(100, Math.round((e.loaded / e.total) * 100)));
    };
    xhr.onerror = () => reject(networkError());
    xhr.onabort = () => reject(new ApiError(0, 'ABORTED', english() ? 'Upload cancelled' : '已取消上传'));
    xhr.onload = () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(xhr.responseText) as Record<string, unknown>;
      } catch {
        body = {};
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as unknown as Attachment);
      else reject(toApiError(xhr.status, xhr.statusText, body));
    };
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/**
 * An attachment's bytes, fetched with the session's token (a plain link or `<img src>` cannot
 * send it, and the token never goes into a URL). The blob carries the sniffed type the server
 * answered, so an image can be shown and a PDF opened by the browser's own viewer.
 */
export async function fetchAttachment(attachment: Pick<Attachment, 'id'>): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(`/api/v1/attachments/${encodeURIComponent(attachment.id)}`, { headers: headers() });
  } catch {
    throw networkError();
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    throw toApiError(response.status, response.statusText, body);
  }
  return response.blob();
}

/**
 * Opens an attachment (a PDF) in a new tab through a blob URL. The tab is opened before the
 * bytes arrive, while the click still counts as the user's, so that no pop-up blocker stops it;
 * it is closed again when the download fails. The blob URL lives for a minute, long enough for
 * the viewer to read it.
 */
export async function openAttachmentInTab(attachment: Pick<Attachment, 'id'>): Promise<void> {
  const tab = window.open('', '_blank');
  try {
    const blob = await fetchAttachment(attachment);
    const url = URL.createObjectURL(blob);
    if (tab) tab.location.href = url;
    else window.open(url, '_blank', 'noopener');
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (e) {
    tab?.close();
    throw e;
  }
}

/**
 * Downloads an attachment with the session's token (a plain link cannot send it) and hands it
 * to the browser as a file named as uploaded, through a short-lived blob URL.
 */
export async function downloadAttachment(attachment: Pick<Attachment, 'id' | 'name'>): Promise<void> {
  const url = URL.createObjectURL(await fetchAttachment(attachment));
  const link = document.createElement('a');
  link.href = url;
  link.download = attachment.name;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** `812 B`, `35.2 KB`, `4.7 MB`: a size as people read it. */
export function formatFileSize(bytes: number): string {
  if (bytes >= 1_048_576) return `${(bytes / 1_048_576).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${bytes} B`;
}

/** The family of a sniffed type, for its icon and its spoken name. */
export type AttachmentKind = 'image' | 'pdf' | 'word' | 'excel' | 'powerpoint' | 'text' | 'other';

export function attachmentKind(mime: string): AttachmentKind {
  if (mime.startsWith('image/')) return 'image';
  if (mime === 'application/pdf') return 'pdf';
  if (mime === 'application/msword' || mime.includes('wordprocessingml')) return 'word';
  if (mime === 'application/vnd.ms-excel' || mime.includes('spreadsheetml')) return 'excel';
  if (mime.includes('presentationml')) return 'powerpoint';
  if (mime.startsWith('text/')) return 'text';
  return 'other';
}
