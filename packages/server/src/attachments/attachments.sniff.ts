import { fileTypeFromBuffer } from 'file-type';

/**
 * The kinds of file a case may carry, keyed by the extension the bytes show, with the media
 * type the download is served as. Decided from the bytes alone: the client's declared type and
 * the name's extension are never trusted.
 */
export const ALLOWED_TYPES = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  txt: 'text/plain; charset=utf-8',
} as const;

export type AllowedExt = keyof typeof ALLOWED_TYPES;

/** Accepted with the type to store and serve, or refused naming what was found (`null`: unknown binary). */
export type SniffResult = { ok: true; ext: AllowedExt; mime: string } | { ok: false; detected: string | null };

const isAllowed = (ext: string): ext is AllowedExt => Object.hasOwn(ALLOWED_TYPES, ext) && ext !== 'txt';

/**
 * Word and Excel 97–2003 files are OLE compound files, as are installers (.msi) and many other
 * formats; only a compound file holding a `WordDocument` or `Workbook`/`Book` stream counts as
 * doc or xls. Directory entries are 128 bytes and every sector starts on a 128-byte boundary,
 * so scanning those boundaries finds the entries without following the FAT.
 */
function compoundFileKind(bytes: Uint8Array): 'doc' | 'xls' | null {
  if (bytes.length < 1024) return null;
  const shift = (bytes[30] ?? 0) | ((bytes[31] ?? 0) << 8);
  if (shift !== 9 && shift !== 12) return null;
  const names = new Set<string>();
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 1 << shift; offset + 128 <= view.length; offset += 128) {
    const nameLength = view.readUInt16LE(offset + 64);
    const objectType = view[offset + 66];
    if (objectType !== 2 || nameLength < 4 || nameLength > 64 || nameLength % 2 !== 0) continue;
    names.add(view.toString('utf16le', offset, offset + nameLength - 2));
  }
  if (names.has('WordDocument')) return 'doc';
  if (names.has('Workbook') || names.has('Book')) return 'xls';
  return null;
}

/** Plain text: valid UTF-8 without NUL (which no text file holds, and binaries nearly always do). */
function isUtf8Text(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decides from the bytes whether a file may be attached. A zip that is not an Office Open XML
 * document is refused, as is anything else file-type recognises outside the list; text is
 * accepted only when no binary type is recognised at all.
 */
export async function sniffAttachment(bytes: Uint8Array): Promise<SniffResult> {
  const found = await fileTypeFromBuffer(bytes);
  if (!found)
    return isUtf8Text(bytes) ? { ok: true, ext: 'txt', mime: ALLOWED_TYPES.txt } : { ok: false, detected: null };
  if (found.ext === 'cfb') {
    const kind = compoundFileKind(bytes);
    return kind ? { ok: true, ext: kind, mime: ALLOWED_TYPES[kind] } : { ok: false, detected: 'cfb' };
  }
  return isAllowed(found.ext)
    ? { ok: true, ext: found.ext, mime: ALLOWED_TYPES[found.ext] }
    : { ok: false, detected: found.ext };
}

const MAX_NAME = 200;
/** Control characters and bidirectional overrides, which can disguise an extension (`gpj.exe`). */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const UNSAFE_CHARS = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The client's file name, kept for display only: path parts removed, unsafe characters dropped,
 * trimmed, at most 200 characters (code points, as PostgreSQL counts them) keeping a short
 * extension when cut. An empty name becomes `attachment.<sniffed ext>`.
 */
export function displayName(raw: string | undefined, ext: AllowedExt): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(UNSAFE_CHARS, '').trim();
  const name = cleaned === '' || cleaned === '.' || cleaned === '..' ? `attachment.${ext}` : cleaned;
  const chars = Array.from(name);
  if (chars.length <= MAX_NAME) return name;
  const dot = name.lastIndexOf('.');
  const suffix = dot > 0 && name.length - dot <= 16 ? Array.from(name.slice(dot)) : [];
  return [...chars.slice(0, MAX_NAME - suffix.length), ...suffix].join('').trim();
}

/** RFC 5987 `ext-value` characters: what `encodeURIComponent` leaves, minus `'()*`. */
const encodeRfc5987 = (value: string) =>
  encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** `attachment; filename*=UTF-8''…`, so that Chinese names survive every current browser. */
export function contentDisposition(name: string): string {
  return `attachment; filename*=UTF-8''${encodeRfc5987(name)}`;
}

/** A byte count as people read it in a limit message: `10 MB`, `512 KB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1_048_576) return `${Number((bytes / 1_048_576).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${bytes} B`;
}
