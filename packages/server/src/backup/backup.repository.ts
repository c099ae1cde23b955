import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** The name every cursor of a backup uses; one backup reads one table at a time. */
const CURSOR = sql.raw('qisu_backup_rows');

/**
 * Fixes how values print in this transaction, so the same data gives the same row text on every
 * server whatever its settings: UTC times, hex bytea, Postgres intervals, shortest exact floats.
 */
export async function fixOutputSettings(trx: Transaction<Database>): Promise<void> {
  await sql`SET LOCAL TimeZone = 'UTC'`.execute(trx);
  await sql`SET LOCAL IntervalStyle = 'postgres'`.execute(trx);
  await sql`SET LOCAL bytea_output = 'hex'`.execute(trx);
  await sql`SET LOCAL extra_float_digits = 1`.execute(trx);
}

/** The ordinary tables of the current schema (qisu's; pg-boss keeps its own schema). */
export async function listTables(db: Executor): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT c.relname AS name
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
    ORDER BY c.relname`.execute(db);
  return rows.map((r) => r.name);
}

/** Every column a row may be given (generated columns are computed, not loaded), in table order. */
export async function listColumns(db: Executor): Promise<{ table: string; column: string }[]> {
  const { rows } = await sql<{ table: string; column: string }>`
    SELECT c.relname AS table, a.attname AS column
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0
      AND NOT a.attisdropped AND a.attgenerated = ''
    ORDER BY c.relname, a.attnum`.execute(db);
  return rows;
}

/** Primary-key columns in key order, and whether each sorts by a collation. */
export async function listPrimaryKeys(db: Executor): Promise<{ table: string; column: string; collatable: boolean }[]> {
  const { rows } = await sql<{ table: string; column: string; collatable: boolean }>`
    SELECT c.relname AS table, a.attname AS column, a.attcollation <> 0 AS collatable
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position)
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
    WHERE n.nspname = current_schema() AND i.indisprimary
    ORDER BY c.relname, k.position`.execute(db);
  return rows;
}

/** Foreign keys of the current schema with their full definitions, to drop and add back. */
export async function listForeignKeys(
  db: Executor,
): Promise<{ table: string; name: string; references: string; definition: string }[]> {
  const { rows } = await sql<{ table: string; name: string; references: string; definition: string }>`
    SELECT c.relname AS table, con.conname AS name, f.relname AS references,
           pg_get_constraintdef(con.oid) AS definition
    FROM pg_constraint con
    JOIN pg_class c ON c.oid = con.conrelid
    JOIN pg_class f ON f.oid = con.confrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND con.contype = 'f'
    ORDER BY c.relname, con.conname`.execute(db);
  return rows;
}

/** The sequences of the current schema and their last values (null when never used). */
export async function listSequences(db: Executor): Promise<{ name: string; lastValue: number | null }[]> {
  const { rows } = await sql<{ name: string; lastValue: number | string | null }>`
    SELECT sequencename AS name, last_value AS "lastValue"
    FROM pg_sequences WHERE schemaname = current_schema()
    ORDER BY sequencename`.execute(db);
  return rows.map((r) => ({ name: r.name, lastValue: r.lastValue === null ? null : Number(r.lastValue) }));
}

/** Names of the applied migrations, oldest first; the caller has checked that the table exists. */
export async function appliedMigrations(db: Executor, table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`SELECT name FROM ${sql.table(table)} ORDER BY name`.execute(db);
  return rows.map((r) => r.name);
}

/** A table's row count, seen from the caller's transaction (its snapshot, during a backup). */
export async function countRows(db: Executor, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Whether a table holds any row: cheaper than counting, for the empty-target check. */
export async function hasRows(db: Executor, table: string): Promise<boolean> {
  const { rows } = await sql<{ any: boolean }>`SELECT EXISTS (SELECT 1 FROM ${sql.table(table)}) AS any`.execute(db);
  return rows[0]?.any === true;
}

/** Each attachment blob the rows point at, once, by hash. */
export function referencedBlobs(db: Executor): Promise<{ sha256: string; size: number }[]> {
  return db
    .selectFrom('attachments')
    .select(['sha256', (eb) => eb.fn.max('size').as('size')])
    .groupBy('sha256')
    .orderBy('sha256')
    .execute()
    .then((rows) => rows.map((r) => ({ sha256: r.sha256, size: Number(r.size) })));
}

/**
 * Opens a cursor over a table's rows as `to_jsonb` text, ordered by the primary key (text keys
 * by byte, so every server gives the same order), or by the row text when there is none.
 */
export async function openRowCursor(
  trx: Transaction<Database>,
  table: string,
  key: readonly { column: string; collatable: boolean }[],
): Promise<void> {
  const order =
    key.length > 0
      ? sql.join(key.map((k) => (k.collatable ? sql`${sql.id('t', k.column)} COLLATE "C"` : sql.id('t', k.column))))
      : sql`(to_jsonb(t)::text) COLLATE "C"`;
  await sql`DECLARE ${CURSOR} NO SCROLL CURSOR FOR
    SELECT to_jsonb(t)::text AS row FROM ${sql.table(table)} AS t ORDER BY ${order}`.execute(trx);
}

/** The next rows of the open cursor; fewer than `count` means the table is done. */
export async function fetchRows(trx: Transaction<Database>, count: number): Promise<string[]> {
  const { rows } = await sql<{
    row: string;
  }>`FETCH FORWARD ${sql.raw(String(Math.trunc(count)))} FROM ${CURSOR}`.execute(trx);
  return rows.map((r) => r.row);
}

/** Closes the cursor, so the next table can open its own under the same name. */
export async function closeRowCursor(trx: Transaction<Database>): Promise<void> {
  await sql`CLOSE ${CURSOR}`.execute(trx);
}

/** Takes every table for this transaction alone: nobody reads a half-restored database. */
export async function lockTables(trx: Transaction<Database>, tables: readonly string[]): Promise<void> {
  if (tables.length === 0) return;
  await sql`LOCK TABLE ${sql.join(tables.map((t) => sql.table(t)))} IN ACCESS EXCLUSIVE MODE`.execute(trx);
}

/** Drops a foreign key for the load; the restore adds it back from the catalog's definition. */
export async function dropForeignKey(trx: Transaction<Database>, table: string, name: string): Promise<void> {
  await sql`ALTER TABLE ${sql.table(table)} DROP CONSTRAINT ${sql.id(name)}`.execute(trx);
}

/** Adds a foreign key back from its definition as the catalog printed it; this checks every row. */
export async function addForeignKey(
  trx: Transaction<Database>,
  table: string,
  name: string,
  definition: string,
): Promise<void> {
  await sql`ALTER TABLE ${sql.table(table)} ADD CONSTRAINT ${sql.id(name)} ${sql.raw(definition)}`.execute(trx);
}

/** Deletes a table's rows (only the migration bookkeeping, which the restore replaces). */
export async function clearTable(trx: Transaction<Database>, table: string): Promise<void> {
  await sql`DELETE FROM ${sql.table(table)}`.execute(trx);
}

/**
 * Inserts rows given as a JSON array of objects into the named columns; identity columns keep
 * the values given. The database parses the text itself, so no value passes through JavaScript.
 */
export async function insertJsonRows(
  trx: Transaction<Database>,
  table: string,
  columns: readonly string[],
  json: string,
): Promise<void> {
  const list = sql.join(columns.map((c) => sql.id(c)));
  await sql`INSERT INTO ${sql.table(table)} (${list}) OVERRIDING SYSTEM VALUE
    SELECT ${list} FROM jsonb_populate_recordset(NULL::${sql.table(table)}, ${json}::jsonb)`.execute(trx);
}

/** Sets a sequence of the current schema so its next value follows `lastValue`. */
export async function setSequence(trx: Transaction<Database>, name: string, lastValue: number): Promise<void> {
  await sql`SELECT setval((quote_ident(current_schema()) || '.' || quote_ident(${name}))::regclass, ${lastValue}, true)`.execute(
    trx,
  );
}
