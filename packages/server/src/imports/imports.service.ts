import { IMPORTER_ROLES } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import { loadActor } from '../auth/auth.service.js';
import { fileCaseIn } from '../cases/cases.service.js';
import type { Deps } from '../context.js';
import { isUniqueViolation } from '../db/errors.js';
import { saveImportedEnterprise } from '../enterprises/enterprises.service.js';
import type { Lang } from '../errors.js';
import { AppError, errorMessage } from '../errors.js';
import { listCategories, listRegions } from '../org/org.service.js';
import type { Bilingual, ImportKind } from './imports.columns.js';
import { FORMATS_OF, IMPORT_MAX_BYTES, IMPORT_MAX_ERRORS } from './imports.columns.js';
import {
  importerOf,
  casesWithExternalRefs,
  casesWithNumbers,
  enterprisesNamed,
  enterprisesWithUscc,
} from './imports.repository.js';
import type { CaseLookups, PlannedCase, PlannedEnterprise, RowError } from './imports.rows.js';
import {
  categoryResolver,
  parseCaseListRow,
  parseEnterpriseRow,
  parseLedgerRow,
  regionResolver,
} from './imports.rows.js';
import type { ImportResultDto } from './imports.schemas.js';
import type { DataRow, SheetTable } from './imports.sheet.js';
import { findTable, readWorkbook, templateWorkbook } from './imports.sheet.js';
import { normalizeUsccInput } from '../enterprises/enterprises.schemas.js';

/** The uploaded file of an import, as the route reads it from the multipart body. */
export interface IncomingImportFile {
  filename: string | undefined;
  bytes: Buffer;
}

/** How an import is run: checked only, or written; and the language of its notes. */
export interface ImportOptions {
  dryRun: boolean;
  lang: Lang;
}

/** The 413 for a file over {@link IMPORT_MAX_BYTES}. */
export function importFileTooLarge(): AppError {
  return new AppError('IMPORT_FILE_TOO_LARGE', { limit: '5 MB' }, { limitBytes: IMPORT_MAX_BYTES });
}

/**
 * The 400 of an import with errors: every error counted, the first {@link IMPORT_MAX_ERRORS}
 * listed as `{row, column, cell, value?, message}` with the message in the caller's language.
 */
function invalidRows(errors: readonly RowError[]): AppError {
  const shown = [...errors].sort((a, b) => a.row - b.row).slice(0, IMPORT_MAX_ERRORS);
  const render = (lang: Lang) =>
    shown.map((e) => ({
      row: e.row,
      column: e.column,
      cell: e.cell,
      ...(e.value === null ? {} : { value: e.value }),
      message: e.message[lang],
    }));
  return new AppError(
    'IMPORT_INVALID',
    { count: errors.length },
    {
      field: 'file',
      errorCount: errors.length,
      truncated: errors.length > shown.length,
      byLang: { zh: { errors: render('zh') }, en: { errors: render('en') } },
    },
  );
}

/** The message of an error as the API would say it, for the reason of a failed write. */
function reasonOf(error: AppError, lang: Lang): string {
  const detail = error.extra[lang === 'zh' ? 'detailZh' : 'detailEn'];
  const field = typeof error.extra['field'] === 'string' ? `${error.extra['field']}：` : '';
  return errorMessage(error.code, lang, {
    ...error.params,
    ...(typeof detail === 'string' ? { detail: `${field}${detail}` } : {}),
  });
}

/**
 * Writes every row in one transaction: a row that fails while being written (a code or a
 * reference registered meanwhile by someone else, a category removed) rolls back every row before
 * it and answers 409 naming the row. Anything else unexpected rolls back too and is a 500.
 */
async function writeAll<T extends { row: number }, R>(
  deps: Deps,
  rows: readonly T[],
  write: (trx: Parameters<typeof fileCaseIn>[0], row: T) => Promise<R>,
): Promise<R[]> {
  return deps.db.transaction().execute(async (trx) => {
    const written: R[] = [];
    for (const row of rows) {
      try {
        written.push(await write(trx, row));
      } catch (error) {
        if (error instanceof AppError) {
          throw new AppError('IMPORT_WRITE_FAILED', {
            row: row.row,
            reasonZh: reasonOf(error, 'zh'),
            reasonEn: reasonOf(error, 'en'),
          });
        }
        if (isUniqueViolation(error)) {
          throw new AppError('IMPORT_WRITE_FAILED', {
            row: row.row,
            reasonZh: '与已有数据冲突，可能有人同时登记了相同的代码或编号',
            reasonEn:
              'it conflicts with data written meanwhile, e.g. the same code or reference registered by someone else',
          });
        }
        throw error;
      }
    }
    return written;
  });
}

/** The table of the uploaded file, after the role is checked and before anything is read from the database. */
async function tableOf(
  actor: Actor,
  kind: ImportKind,
  receive: () => Promise<IncomingImportFile>,
): Promise<SheetTable> {
  requireRole(actor, IMPORTER_ROLES);
  const file = await receive();
  if (file.bytes.length > IMPORT_MAX_BYTES) throw importFileTooLarge();
  return findTable(await readWorkbook(file.bytes), FORMATS_OF[kind]);
}

function summary(kind: ImportKind, table: SheetTable, dryRun: boolean) {
  return {
    kind,
    format: table.format,
    dryRun,
    sheet: table.sheet,
    headerRow: table.headerRow,
    ignoredColumns: table.ignored,
    rows: table.rows.length,
  };
}

const cellText = (row: DataRow, key: string) => row.cells[key]?.text ?? '';

const duplicateOf = (first: number): RowError['message'] => ({
  zh: `与第 ${first} 行重复`,
  en: `repeats row ${first}`,
});

/**
 * `POST /api/v1/imports/enterprises` (admin, hub): the enterprise list into the caller's
 * jurisdiction. Every row is checked first (the ledger's own rules; a code twice in the file is
 * an error); any error is a 400 listing them and nothing is written. A code already registered in
 * the jurisdiction updates that entry with the row's filled cells (reported as `update`); a new
 * one is registered without a liaison. All rows are written in one transaction.
 */
export async function importEnterprises(
  deps: Deps,
  actor: Actor,
  receive: () => Promise<IncomingImportFile>,
  options: ImportOptions,
): Promise<ImportResultDto> {
  const table = await tableOf(actor, 'enterprises', receive);
  const resolveRegion = regionResolver(await listRegions(deps, actor));
  const errors: RowError[] = [];
  const planned: PlannedEnterprise[] = [];
  const firstRow = new Map<string, number>();
  for (const data of table.rows) {
    const result = parseEnterpriseRow(data, resolveRegion);
    if (!result.planned) {
      errors.push(...result.errors);
      continue;
    }
    const seen = firstRow.get(result.planned.input.uscc);
    if (seen !== undefined) {
      const cell = data.cells['uscc']!;
      errors.push({
        row: data.row,
        column: cell.header,
        cell: cell.address,
        value: cell.text,
        message: duplicateOf(seen),
      });
      continue;
    }
    firstRow.set(result.planned.input.uscc, data.row);
    planned.push(result.planned);
  }
  if (errors.length > 0) throw invalidRows(errors);

  const existing = new Map(
    (await enterprisesWithUscc(deps.db, actor.jurisdictionId, [...firstRow.keys()])).map((e) => [e.uscc, e]),
  );
  const noteOf = (p: PlannedEnterprise): Bilingual | null => {
    const found = existing.get(p.input.uscc);
    return found
      ? {
          zh: `已登记（${found.name}），按本行更新，空白单元格保留原值`,
          en: `registered already (${found.name}); updated from the row, blank cells keep the stored values`,
        }
      : null;
  };
  const ids = options.dryRun
    ? planned.map(() => null)
    : await writeAll(deps, planned, (trx, p) =>
        saveImportedEnterprise(trx, deps, actor.jurisdictionId, p.input, existing.get(p.input.uscc)?.id ?? null),
      );
  const items = planned.map((p, i) => {
    const note = noteOf(p);
    return {
      row: p.row,
      action: existing.has(p.input.uscc) ? ('update' as const) : ('create' as const),
      id: ids[i] ?? null,
      number: null,
      label: p.input.name,
      notes: note ? [note[options.lang]] : [],
    };
  });
  return {
    ...summary('enterprises', table, options.dryRun),
    created: items.filter((i) => i.action === 'create').length,
    updated: items.filter((i) => i.action === 'update').length,
    skipped: 0,
    enterprisesRegistered: 0,
    items,
  };
}

/** The values of the file the case rows are checked against, loaded with a query per kind. */
async function caseLookups(deps: Deps, actor: Actor, table: SheetTable): Promise<CaseLookups> {
  const usccs = new Set<string>();
  const names = new Set<string>();
  const refs = new Set<string>();
  for (const row of table.rows) {
    const uscc = normalizeUsccInput(cellText(row, 'uscc'));
    if (uscc) usccs.add(uscc);
    const name = cellText(row, 'enterpriseName');
    if (name) names.add(name);
    const ref = cellText(row, 'externalRef');
    if (ref) refs.add(ref);
    const number = /诉求编号[\s:：]*([A-Za-z0-9]+-\d{4}-\d{4,})/.exec(cellText(row, 'remark'))?.[1];
    if (number) refs.add(number);
  }
  const [byUscc, named, filed, numbers, categories] = await Promise.all([
    enterprisesWithUscc(deps.db, actor.jurisdictionId, [...usccs]),
    enterprisesNamed(deps.db, actor.jurisdictionId, [...names]),
    casesWithExternalRefs(deps.db, actor.jurisdictionId, [...refs]),
    casesWithNumbers(deps.db, actor.jurisdictionId, [...refs]),
    listCategories(deps, actor),
  ]);
  const usccIds = new Map(byUscc.map((e) => [e.uscc, e.id]));
  const nameIds = new Map<string, string[]>();
  for (const e of named) nameIds.set(e.name, [...(nameIds.get(e.name) ?? []), e.id]);
  const filedAs = new Map(filed.map((c) => [`${c.channel}\u0000${c.external_ref ?? ''}`, c.number]));
  const existingNumbers = new Set(numbers.map((c) => c.number));
  return {
    now: deps.clock.now(),
    category: categoryResolver(categories),
    enterpriseByUscc: (uscc) => usccIds.get(uscc),
    enterpriseByName: (name) => {
      const ids = nameIds.get(name) ?? [];
      if (ids.length === 1) return { id: ids[0]! };
      return {
        problem:
          ids.length === 0
            ? { zh: `企业台账中没有“${name}”`, en: `no enterprise “${name}” on the ledger` }
            : {
                zh: `企业台账中有 ${ids.length} 家名为“${name}”的企业`,
                en: `${ids.length} enterprises on the ledger are named “${name}”`,
              },
      };
    },
    caseNumberExists: (number) => existingNumbers.has(number),
    filedAs: (channel, ref) => filedAs.get(`${channel}\u0000${ref}`),
  };
}

/**
 * `POST /api/v1/imports/cases` (admin, hub): a plain case list or seed 003's 附件2 问题台账, told
 * apart by the header row, into the caller's jurisdiction. Every row is checked first; any error
 * is a 400 listing them and nothing is written. Each valid row is filed through the cases' own
 * filing (number, clocks, `created` event in the hash chain, fingerprint), all in one transaction;
 * a row already on the platform (an external reference imported before from the same channel, a
 * 附件2 remark naming a case of this jurisdiction) is skipped, so importing a file twice files
 * its cases once. A USCC not yet registered is registered with the row's name first.
 */
export async function importCases(
  deps: Deps,
  actor: Actor,
  receive: () => Promise<IncomingImportFile>,
  options: ImportOptions,
): Promise<ImportResultDto> {
  const table = await tableOf(actor, 'cases', receive);
  const lookups = await caseLookups(deps, actor, table);
  const parse = table.format === 'ledger' ? parseLedgerRow : parseCaseListRow;
  const errors: RowError[] = [];
  const planned: PlannedCase[] = [];
  const refRows = new Map<string, number>();
  for (const data of table.rows) {
    const result = parse(data, lookups);
    if (!result.planned) {
      errors.push(...result.errors);
      continue;
    }
    const { input } = result.planned;
    if (input.externalRef && !result.planned.skip) {
      const key = `${input.channel}\u0000${input.externalRef}`;
      const seen = refRows.get(key);
      if (seen !== undefined) {
        const cell = data.cells['externalRef'] ?? data.cells['remark'];
        errors.push({
          row: data.row,
          column: cell?.header ?? '外部编号',
          cell: cell?.address ?? null,
          value: input.externalRef,
          message: {
            zh: `外部编号与第 ${seen} 行重复`,
            en: `the external reference repeats row ${seen}`,
          },
        });
        continue;
      }
      refRows.set(key, data.row);
    }
    planned.push(result.planned);
  }
  if (errors.length > 0) throw invalidRows(errors);

  const toFile = planned.filter((p) => !p.skip);
  const registered = new Map<string, string>();
  const filed = options.dryRun
    ? []
    : await writeAll(deps, toFile, async (trx, p) => {
        let enterpriseId = p.input.enterpriseId;
        if (p.register) {
          enterpriseId = registered.get(p.register.uscc);
          if (!enterpriseId) {
            enterpriseId = await saveImportedEnterprise(
              trx,
              deps,
              actor.jurisdictionId,
              {
                uscc: p.register.uscc,
                name: p.register.name,
                ...(p.register.contact ? { contacts: [p.register.contact] } : {}),
              },
              null,
            );
            registered.set(p.register.uscc, enterpriseId);
          }
        }
        const { channel, ...input } = p.input;
        return fileCaseIn(trx, deps, actor, { ...input, ...(enterpriseId ? { enterpriseId } : {}) }, channel);
      });
  const filedByRow = new Map(toFile.map((p, i) => [p.row, filed[i]]));
  const items = planned.map((p) => {
    const done = filedByRow.get(p.row);
    // A reference filed by someone else between the check and the write is answered, not filed again.
    const skipped = p.skip !== null || done?.created === false;
    const notes = [...p.notes, ...(p.skip ? [p.skip] : [])].map((n) => n[options.lang]);
    return {
      row: p.row,
      action: skipped ? ('skip' as const) : ('create' as const),
      id: done?.id ?? null,
      number: done?.number ?? null,
      label: p.input.title,
      notes,
    };
  });
  return {
    ...summary('cases', table, options.dryRun),
    created: items.filter((i) => i.action === 'create').length,
    updated: 0,
    skipped: items.filter((i) => i.action === 'skip').length,
    enterprisesRegistered: options.dryRun
      ? new Set(toFile.flatMap((p) => (p.register ? [p.register.uscc] : []))).size
      : registered.size,
    items,
  };
}

/** The empty template of an import (admin, hub), with its file name. */
export async function importTemplate(actor: Actor, kind: ImportKind): Promise<{ name: string; bytes: Buffer }> {
  requireRole(actor, IMPORTER_ROLES);
  const name = kind === 'enterprises' ? '企业台账导入模板.xlsx' : '诉求导入模板.xlsx';
  return { name, bytes: await templateWorkbook(kind) };
}

/** What a command-line import names: the jurisdiction, optionally the user it acts as, the file. */
export interface CommandLineImport {
  jurisdiction: string;
  as?: string | undefined;
  kind: ImportKind;
  bytes: Buffer;
  dryRun: boolean;
  lang: Lang;
}

/**
 * `qisu import enterprises|cases <file.xlsx> --jurisdiction <code>`: the same import as the API's,
 * acting as a hub user of the jurisdiction (the one named by `as`, else the first by username;
 * an admin when it has no hub user), so that the events name a person. Unknown jurisdiction or
 * user is a 404.
 */
export async function importAs(deps: Deps, options: CommandLineImport): Promise<ImportResultDto> {
  const user =
    (await importerOf(deps.db, options.jurisdiction, 'hub', options.as)) ??
    (await importerOf(deps.db, options.jurisdiction, 'admin', options.as));
  const actor = user ? await loadActor(deps.db, user.id) : null;
  if (!actor) throw new AppError('NOT_FOUND');
  const receive = () => Promise.resolve({ filename: undefined, bytes: options.bytes });
  const run = { dryRun: options.dryRun, lang: options.lang };
  return options.kind === 'enterprises'
    ? importEnterprises(deps, actor, receive, run)
    : importCases(deps, actor, receive, run);
}
