import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { z } from 'zod';
import { AppError } from '../errors.js';

/**
 * A qisu backup is one gzip'd stream of UTF-8 lines, engine-neutral (PGlite and PostgreSQL read
 * and write the same file):
 *
 * 1. a header line (JSON): format, versions, engine, migration level, time, every table with its
 *    row count and columns in load order, the sequences, and the attachments' count and bytes;
 * 2. per table, in header order: sections of `{"type":"rows","table","count","sha256"}` followed
 *    by `count` lines each holding one row as PostgreSQL's `to_jsonb(row)` text, then one
 *    `{"type":"table-end","table","rows","sha256"}`; each SHA-256 is over the row lines (each
 *    with its newline) of the section or of the whole table. Rows are counted, not recognised,
 *    so a row can never pass for a control line, and a section is checked before it is loaded;
 * 3. per attachment blob, by hash: `{"type":"blob","sha256","size"}` followed by base64 lines
 *    until `size` bytes are read;
 * 4. `{"type":"end","rows","attachments","attachmentBytes"}`, and nothing after it.
 *
 * Rows stay in the database's own JSON text from dump to load (no JavaScript numbers in between),
 * so bigints and numerics keep every digit. gzip's CRC catches damage in transit; the hashes catch
 * anything that was changed and compressed again.
 */
export const BACKUP_FORMAT = 'qisu-backup';
/** Raised only when a reader of the old version could not read the new one; a newer file is refused by name. */
export const BACKUP_FORMAT_VERSION = 1;
/** Most row lines in one section; sections are also closed at `SECTION_CHARS`. */
export const ROWS_PER_SECTION = 1000;
/** Characters of row text after which a section is closed, so one insert stays a few MB. */
export const SECTION_CHARS = 4 * 1_048_576;
/** Bytes of blob per base64 line (a multiple of 3, so lines carry no padding but the last). */
export const BLOB_LINE_BYTES = 3 * 262_144;
/** The longest line a reader accepts: a damaged file must not exhaust memory. */
export const MAX_LINE_CHARS = 256 * 1_048_576;

const Identifier = z.string().regex(/^[a-z_][a-z0-9_$]{0,62}$/);
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const Count = z.number().int().nonnegative();

/** The first line: what the file holds and how to load it (tables in load order). */
export const BackupHeader = z.object({
  type: z.literal('header'),
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().positive(),
  qisuVersion: z.string().max(100),
  engine: z.enum(['pglite', 'postgres']),
  migration: z.string().min(1).max(200),
  createdAt: z.iso.datetime({ offset: true }),
  tables: z.array(z.object({ name: Identifier, rows: Count, columns: z.array(Identifier).min(1) })).min(1),
  sequences: z.array(z.object({ name: Identifier, lastValue: z.number().int().nullable() })),
  attachments: z.object({ count: Count, bytes: Count }),
});
export type BackupHeader = z.infer<typeof BackupHeader>;

const RowsLine = z.object({
  type: z.literal('rows'),
  table: Identifier,
  count: z.number().int().positive().max(ROWS_PER_SECTION),
  sha256: Sha256,
});
const TableEndLine = z.object({ type: z.literal('table-end'), table: Identifier, rows: Count, sha256: Sha256 });
const BlobLine = z.object({ type: z.literal('blob'), sha256: Sha256, size: z.number().int().positive() });
const EndLine = z.object({ type: z.literal('end'), rows: Count, attachments: Count, attachmentBytes: Count });
const ControlLine = z.discriminatedUnion('type', [RowsLine, TableEndLine, BlobLine, EndLine]);

/** What a reader meets in a backup, in file order; `end` comes only after everything is checked. */
export type BackupItem =
  | { kind: 'rows'; table: string; lines: string[] }
  | { kind: 'blob'; sha256: string; bytes: Buffer }
  | { kind: 'end'; rows: number; attachments: number; attachmentBytes: number };

/** The 400 of a file that is not a backup, or not one any more; `zh`/`en` say where it went wrong. */
export function invalidBackup(zh: string, en: string): AppError {
  return new AppError('BACKUP_INVALID', { detailZh: zh, detailEn: en });
}

/** A control line as written: one JSON object and its newline. */
export function controlLine(value: z.input<typeof ControlLine> | BackupHeader): string {
  return `${JSON.stringify(value)}\n`;
}

/** Hashes row lines as the format defines it (each line with its newline). */
export class TableDigest {
  readonly #hash = createHash('sha256');
  rows = 0;

  add(line: string): void {
    this.#hash.update(line);
    this.#hash.update('\n');
    this.rows++;
  }

  hex(): string {
    return this.#hash.digest('hex');
  }
}

/**
 * The lines of a gzip'd stream. A stream that is not gzip, is cut short or fails its CRC ends in
 * `BACKUP_INVALID`; so does a line longer than `MAX_LINE_CHARS`.
 */
async function* gunzipLines(input: Readable): AsyncGenerator<string> {
  const gunzip = createGunzip();
  input.once('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  gunzip.setEncoding('utf8');
  let pending: string[] = [];
  let pendingChars = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<string>) {
      let start = 0;
      for (let newline = chunk.indexOf('\n'); newline >= 0; newline = chunk.indexOf('\n', start)) {
        pending.push(chunk.slice(start, newline));
        yield pending.join('');
        pending = [];
        pendingChars = 0;
        start = newline + 1;
      }
      if (start < chunk.length) {
        pending.push(chunk.slice(start));
        pendingChars += chunk.length - start;
        if (pendingChars > MAX_LINE_CHARS) throw invalidBackup('存在超长的行', 'a line is too long');
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || code === 'Z_STREAM_ERROR') {
      throw invalidBackup(
        `不是完整的 gzip 压缩文件（${(error as Error).message}）`,
        `not a whole gzip file (${(error as Error).message})`,
      );
    }
    throw error;
  } finally {
    input.unpipe(gunzip);
    gunzip.destroy();
  }
  if (pending.length > 0) yield pending.join('');
}

function parseJson(line: string | undefined, what: { zh: string; en: string }): unknown {
  if (line === undefined) throw invalidBackup(`文件在${what.zh}处提前结束`, `the file ends early, at ${what.en}`);
  try {
    return JSON.parse(line);
  } catch {
    throw invalidBackup(`${what.zh}不是 JSON`, `${what.en} is not JSON`);
  }
}

/** Reads and checks the header line; a newer format is refused by name rather than misread. */
function parseHeader(line: string | undefined): BackupHeader {
  const value = parseJson(line, { zh: '文件头', en: 'the header' });
  const format = (value as { format?: unknown } | null)?.format;
  if (format !== BACKUP_FORMAT) throw invalidBackup('不是企诉备份文件', 'not a qisu backup file');
  const version = (value as { formatVersion?: unknown }).formatVersion;
  if (typeof version === 'number' && version > BACKUP_FORMAT_VERSION) {
    throw invalidBackup(
      `备份格式第 ${version} 版较新，本程序只能读取第 ${BACKUP_FORMAT_VERSION} 版；请先升级企诉`,
      `backup format ${version} is newer than this qisu reads (${BACKUP_FORMAT_VERSION}); upgrade qisu first`,
    );
  }
  const parsed = BackupHeader.safeParse(value);
  if (!parsed.success) throw invalidBackup('文件头内容无效', 'the header is malformed');
  if (new Set(parsed.data.tables.map((t) => t.name)).size !== parsed.data.tables.length) {
    throw invalidBackup('文件头中有重复的表', 'the header names a table twice');
  }
  return parsed.data;
}

function parseControl(line: string | undefined, where: { zh: string; en: string }) {
  const parsed = ControlLine.safeParse(parseJson(line, where));
  if (!parsed.success) throw invalidBackup(`${where.zh}的控制行无效`, `the control line at ${where.en} is malformed`);
  return parsed.data;
}

/** A backup being read: its header, then its items; `close` stops reading early. */
export interface OpenBackup {
  header: BackupHeader;
  items: AsyncGenerator<BackupItem, void, undefined>;
  close(): Promise<void>;
}

/**
 * Reads a backup and checks everything on the way: the header first (returned before any row),
 * then each table's sections in header order against its count and hash, each blob against its
 * size and SHA-256, and the totals of the end line; the end item is yielded only once the stream
 * has ended cleanly, so a consumer that commits on it commits a file read whole. Any flaw throws
 * `BACKUP_INVALID` saying where.
 */
export async function openBackup(input: Readable): Promise<OpenBackup> {
  const lines = gunzipLines(input);
  const next = async () => {
    const r = await lines.next();
    return r.done ? undefined : r.value;
  };
  let header: BackupHeader;
  try {
    header = parseHeader(await next());
  } catch (error) {
    await lines.return(undefined);
    throw error;
  }

  async function* items(): AsyncGenerator<BackupItem, void, undefined> {
    try {
      let rows = 0;
      for (const table of header.tables) {
        const where = { zh: `表 ${table.name} `, en: `table ${table.name}` };
        const digest = new TableDigest();
        for (;;) {
          const line = parseControl(await next(), where);
          if (line.type === 'rows' && line.table === table.name) {
            const batch: string[] = [];
            const section = new TableDigest();
            for (let i = 0; i < line.count; i++) {
              const row = await next();
              if (row === undefined)
                throw invalidBackup(`文件在${where.zh}的行中提前结束`, `the file ends early, in ${where.en}`);
              digest.add(row);
              section.add(row);
              batch.push(row);
            }
            if (section.hex() !== line.sha256) {
              throw invalidBackup(
                `${where.zh}的内容与校验值不符`,
                `the content of ${where.en} does not match its checksum`,
              );
            }
            if (digest.rows > table.rows) {
              throw invalidBackup(`${where.zh}的行数多于文件头所记`, `${where.en} has more rows than its header says`);
            }
            yield { kind: 'rows', table: table.name, lines: batch };
            continue;
          }
          if (line.type === 'table-end' && line.table === table.name) {
            if (line.rows !== digest.rows || digest.rows !== table.rows) {
              throw invalidBackup(
                `${where.zh}应有 ${table.rows} 行，实有 ${digest.rows} 行`,
                `${where.en} should hold ${table.rows} rows and holds ${digest.rows}`,
              );
            }
            if (line.sha256 !== digest.hex()) {
              throw invalidBackup(
                `${where.zh}的内容与校验值不符`,
                `the content of ${where.en} does not match its checksum`,
              );
            }
            rows += digest.rows;
            break;
          }
          throw invalidBackup(`${where.zh}处出现了意外的内容`, `unexpected content at ${where.en}`);
        }
      }

      const seen = new Set<string>();
      let bytes = 0;
      for (;;) {
        const line = parseControl(await next(), { zh: '附件部分', en: 'the attachments' });
        if (line.type === 'blob') {
          if (seen.has(line.sha256))
            throw invalidBackup(`附件 ${line.sha256} 重复`, `attachment ${line.sha256} appears twice`);
          seen.add(line.sha256);
          yield { kind: 'blob', sha256: line.sha256, bytes: await readBlob(next, line.sha256, line.size) };
          bytes += line.size;
          continue;
        }
        if (line.type !== 'end')
          throw invalidBackup('附件部分出现了意外的内容', 'unexpected content among the attachments');
        if (line.rows !== rows || seen.size !== header.attachments.count || bytes !== header.attachments.bytes) {
          throw invalidBackup(
            `总数不符：${rows} 行、${seen.size} 个附件（${bytes} 字节），应为 ${line.rows} 行、${header.attachments.count} 个附件（${header.attachments.bytes} 字节）`,
            `totals differ: ${rows} rows, ${seen.size} attachments (${bytes} bytes), expected ${line.rows} rows, ${header.attachments.count} attachments (${header.attachments.bytes} bytes)`,
          );
        }
        if (line.attachments !== seen.size || line.attachmentBytes !== bytes) {
          throw invalidBackup('附件总数与结尾所记不符', 'the attachment totals differ from the end line');
        }
        for (let extra = await next(); extra !== undefined; extra = await next()) {
          if (extra !== '') throw invalidBackup('结尾之后还有内容', 'there is content after the end');
        }
        yield { kind: 'end', rows, attachments: seen.size, attachmentBytes: bytes };
        return;
      }
    } finally {
      await lines.return(undefined);
    }
  }

  return { header, items: items(), close: async () => void (await lines.return(undefined)) };
}

const BASE64_LINE = /^[A-Za-z0-9+/]*={0,2}$/;

/** One blob's base64 lines, decoded until `size` bytes, and checked against its name. */
async function readBlob(next: () => Promise<string | undefined>, sha256: string, size: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  while (length < size) {
    const line = await next();
    if (line === undefined)
      throw invalidBackup(`文件在附件 ${sha256} 中提前结束`, `the file ends early, in attachment ${sha256}`);
    if (!BASE64_LINE.test(line))
      throw invalidBackup(`附件 ${sha256} 的编码无效`, `attachment ${sha256} is badly encoded`);
    const part = Buffer.from(line, 'base64');
    parts.push(part);
    length += part.length;
  }
  const bytes = Buffer.concat(parts, length);
  if (length !== size || createHash('sha256').update(bytes).digest('hex') !== sha256) {
    throw invalidBackup(`附件 ${sha256} 的内容与校验值不符`, `attachment ${sha256} does not match its checksum`);
  }
  return bytes;
}

/**
 * Tables in an order that loads referenced rows before their referrers where the references
 * allow it (Kahn's algorithm, ties by name); a cycle (e.g. enterprises ↔ users) is broken at
 * the table the most waiting tables need. The restore checks references after the load, so the order is for
 * readers of the file and partial tools, not a condition of correctness.
 */
export function dependencyOrder(
  tables: readonly string[],
  references: readonly { from: string; to: string }[],
): string[] {
  const pending = new Set(tables);
  const needs = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  for (const { from, to } of references) {
    if (from !== to && pending.has(from) && pending.has(to)) needs.get(from)?.add(to);
  }
  const order: string[] = [];
  const neededBy = (t: string) => [...pending].filter((p) => needs.get(p)?.has(t)).length;
  while (pending.size > 0) {
    const sorted = [...pending].sort();
    const ready =
      sorted.find((t) => [...(needs.get(t) ?? [])].every((n) => !pending.has(n))) ??
      // Stuck in a cycle: first the table the most waiting tables need.
      sorted.reduce((best, t) => (neededBy(t) > neededBy(best) ? t : best));
    order.push(ready);
    pending.delete(ready);
  }
  return order;
}
