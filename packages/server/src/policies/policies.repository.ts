import type { Insertable, Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database, PolicyDocumentsTable } from '../db/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

/** BM25's term-frequency saturation. */
export const BM25_K1 = 1.2;
/** BM25's length normalisation. */
export const BM25_B = 0.75;

/** Postings per INSERT: four parameters a row stays far below PostgreSQL's 65 535. */
const POSTINGS_PER_INSERT = 1000;

/** `LIKE` pattern of a literal text: its wildcards escaped. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/gu, (c) => `\\${c}`)}%`;
}

/**
 * The jurisdiction's documents, newest first, with the issuing unit's name; `q` keeps those whose
 * title, number, issuer or any passage holds it.
 */
export function listDocuments(db: Executor, jurisdictionId: string, q?: string) {
  let query = db
    .selectFrom('policy_documents as d')
    .leftJoin('units as u', 'u.id', 'd.issuing_unit_id')
    .selectAll('d')
    .select('u.name as issuing_unit_name')
    .where('d.jurisdiction_id', '=', jurisdictionId);
  if (q) {
    const like = containing(q);
    query = query.where((eb) =>
      eb.or([
        eb('d.title', 'ilike', like),
        eb('d.doc_number', 'ilike', like),
        eb('d.issuer', 'ilike', like),
        eb('d.benefit', 'ilike', like),
        eb.exists(
          eb
            .selectFrom('policy_passages as p')
            .select('p.id')
            .whereRef('p.document_id', '=', 'd.id')
            .where('p.text', 'ilike', like),
        ),
      ]),
    );
  }
  return query.orderBy('d.created_at', 'desc').orderBy('d.title').execute();
}

/** A document of the jurisdiction, or undefined (another jurisdiction's document does not exist here). */
export function findDocument(db: Executor, jurisdictionId: string, id: string) {
  return db
    .selectFrom('policy_documents as d')
    .leftJoin('units as u', 'u.id', 'd.issuing_unit_id')
    .selectAll('d')
    .select('u.name as issuing_unit_name')
    .where('d.id', '=', id)
    .where('d.jurisdiction_id', '=', jurisdictionId)
    .executeTakeFirst();
}

/** A document's passages in document order. */
export function documentPassages(db: Executor, documentId: string) {
  return db
    .selectFrom('policy_passages')
    .select(['id', 'seq', 'article', 'text'])
    .where('document_id', '=', documentId)
    .orderBy('seq')
    .execute();
}

/** A passage to store with its terms and their frequencies. */
export interface PassageToStore {
  article: string | null;
  text: string;
  tokenCount: number;
  terms: ReadonlyMap<string, number>;
}

/** Stores a document, its passages (numbered from 1) and their postings; call inside one transaction. */
export async function insertDocument(
  trx: Transaction<Database>,
  document: Omit<Insertable<PolicyDocumentsTable>, 'passage_count'>,
  passages: readonly PassageToStore[],
) {
  const stored = await trx
    .insertInto('policy_documents')
    .values({ ...document, passage_count: passages.length })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (passages.length === 0) return stored;
  const rows = await trx
    .insertInto('policy_passages')
    .values(
      passages.map((p, i) => ({
        document_id: stored.id,
        jurisdiction_id: stored.jurisdiction_id,
        seq: i + 1,
        article: p.article,
        text: p.text,
        token_count: p.tokenCount,
      })),
    )
    .returning(['id', 'seq'])
    .execute();
  const idOf = new Map(rows.map((r) => [r.seq, r.id]));
  const postings = passages.flatMap((p, i) =>
    [...p.terms].map(([term, tf]) => ({
      passage_id: idOf.get(i + 1) ?? '',
      jurisdiction_id: stored.jurisdiction_id,
      term,
      tf,
    })),
  );
  for (let at = 0; at < postings.length; at += POSTINGS_PER_INSERT) {
    await trx
      .insertInto('policy_terms')
      .values(postings.slice(at, at + POSTINGS_PER_INSERT))
      .execute();
  }
  return stored;
}

/** Removes a document of the jurisdiction with its passages and postings; undefined when not the jurisdiction's. */
export function deleteDocument(db: Executor, jurisdictionId: string, id: string) {
  return db
    .deleteFrom('policy_documents')
    .where('id', '=', id)
    .where('jurisdiction_id', '=', jurisdictionId)
    .returning('id')
    .executeTakeFirst();
}

/** A passage ranked for a question, with its document and the question's terms it holds. */
export interface RankedPassage {
  passage_id: string;
  document_id: string;
  document_title: string;
  doc_number: string | null;
  article: string | null;
  text: string;
  score: number;
  matched: string[];
  /** In how many passages each matched term occurs, in the order of `matched`. */
  matched_df: number[];
  /** The library's passage count. */
  passages: number;
  /** Σ idf of the query's terms that occur in the library: what a passage matching all of them once would score. */
  query_weight: number;
}

/**
 * The jurisdiction's passages holding any of `terms`, best first by Okapi BM25 computed over the
 * stored postings: for each distinct query term t in passage p,
 * idf(t) · tf·(k1+1) / (tf + k1·(1 − b + b·|p|/avgdl)), with idf(t) = ln(1 + (N − df + 0.5)/(df + 0.5)),
 * N the jurisdiction's passage count and avgdl their mean length in terms. The terms travel as
 * one array parameter; ties keep document order. Each row also carries what a relevance floor
 * needs: the document frequency of each matched term, the library's size, and the query's weight
 * (Σ idf of its terms found in the library).
 */
export async function rankPassages(
  db: Executor,
  jurisdictionId: string,
  terms: readonly string[],
  limit: number,
): Promise<RankedPassage[]> {
  if (terms.length === 0) return [];
  const k1 = sql.lit(BM25_K1);
  const b = sql.lit(BM25_B);
  const result = await sql<RankedPassage>`
    WITH q AS (
      SELECT DISTINCT unnest(${sql.val([...terms])}::text[]) AS term
    ),
    stats AS (
      SELECT count(*)::float8 AS n, greatest(coalesce(avg(token_count), 0), 1)::float8 AS avgdl
      FROM policy_passages
      WHERE jurisdiction_id = ${jurisdictionId}
    ),
    df AS (
      SELECT t.term, count(*)::float8 AS df
      FROM policy_terms t
      JOIN q ON q.term = t.term
      WHERE t.jurisdiction_id = ${jurisdictionId}
      GROUP BY t.term
    ),
    scored AS (
      SELECT t.passage_id,
        sum(
          ln(1 + (s.n - df.df + 0.5) / (df.df + 0.5))
          * (t.tf * (${k1} + 1))
          / (t.tf + ${k1} * (1 - ${b} + ${b} * p.token_count / s.avgdl))
        )::float8 AS score,
        array_agg(t.term ORDER BY t.term) AS matched,
        array_agg(df.df::int ORDER BY t.term) AS matched_df
      FROM policy_terms t
      JOIN df ON df.term = t.term
      JOIN policy_passages p ON p.id = t.passage_id
      CROSS JOIN stats s
      WHERE t.jurisdiction_id = ${jurisdictionId}
      GROUP BY t.passage_id
    )
    SELECT sc.passage_id, p.document_id, d.title AS document_title, d.doc_number, p.article, p.text,
      sc.score, sc.matched, sc.matched_df, s.n::int AS passages,
      (SELECT coalesce(sum(ln(1 + (s.n - df.df + 0.5) / (df.df + 0.5))), 0) FROM df)::float8 AS query_weight
    FROM scored sc
    CROSS JOIN stats s
    JOIN policy_passages p ON p.id = sc.passage_id
    JOIN policy_documents d ON d.id = p.document_id
    WHERE d.jurisdiction_id = ${jurisdictionId}
    ORDER BY sc.score DESC, d.created_at, d.id, p.seq
    LIMIT ${limit}
  `.execute(db);
  return result.rows.map((r) => ({
    ...r,
    score: Number(r.score),
    matched_df: r.matched_df.map(Number),
    passages: Number(r.passages),
    query_weight: Number(r.query_weight),
  }));
}
