/**
 * The state of the files an enterprise attaches to a new demand. The case is filed first; the
 * files follow one by one, and a file that fails keeps its server message so that the page can
 * say which failed and send only those again.
 */
export type UploadState = 'waiting' | 'uploading' | 'done' | 'failed';

/** One chosen file and how far it got; `error` is the server's message when it failed. */
export interface UploadItem {
  uid: string;
  file: File;
  state: UploadState;
  /** 0–100 while uploading. */
  percent: number;
  error: string | null;
}

/** At most this many files per demand: enough for photos of a site, few enough for a slow network. */
export const MAX_FILES = 9;

let counter = 0;

/** New items for freshly chosen files, without exceeding {@link MAX_FILES} in all. */
export function addFiles(items: readonly UploadItem[], files: readonly File[]): UploadItem[] {
  const room = Math.max(0, MAX_FILES - items.length);
  return [
    ...items,
    ...files.slice(0, room).map((file) => ({
      uid: `f${++counter}`,
      file,
      state: 'waiting' as const,
      percent: 0,
      error: null,
    })),
  ];
}

/** The items still to send: never sent, or failed (a retry sends only those). */
export function toSend(items: readonly UploadItem[]): UploadItem[] {
  return items.filter((i) => i.state === 'waiting' || i.state === 'failed');
}

/** Replaces one item's state, leaving the others as they are. */
export function patchItem(items: readonly UploadItem[], uid: string, patch: Partial<UploadItem>): UploadItem[] {
  return items.map((i) => (i.uid === uid ? { ...i, ...patch } : i));
}

/** The kinds of file the server takes (it decides from the bytes; this only narrows the picker). */
export const ACCEPT = 'image/*,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.txt';
