import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * The policy library (政策库, seed 003 "政策库即时答复"): documents, their passages, and the
 * postings that rank passages by BM25. No Chinese text-search parser is available on PGlite or
 * stock PostgreSQL, so the server segments text (jieba) and stores each passage's terms with
 * their frequency; the index on (jurisdiction_id, term) makes a question's terms a lookup.
 * Deleting a document removes its passages and postings.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE policy_documents (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      title text NOT NULL,
      doc_number text,
      issuer text,
      source_name text,
      format text NOT NULL CHECK (format IN ('text','docx')),
      passage_count integer NOT NULL,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL
    );
    CREATE INDEX policy_documents_jurisdiction ON policy_documents (jurisdiction_id, created_at);
    CREATE TABLE policy_passages (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      document_id uuid NOT NULL REFERENCES policy_documents(id) ON DELETE CASCADE,
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      seq integer NOT NULL,
      article text,
      text text NOT NULL,
      token_count integer NOT NULL,
      UNIQUE (document_id, seq)
    );
    CREATE INDEX policy_passages_jurisdiction ON policy_passages (jurisdiction_id);
    CREATE TABLE policy_terms (
      passage_id uuid NOT NULL REFERENCES policy_passages(id) ON DELETE CASCADE,
      jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
      term text NOT NULL,
      tf integer NOT NULL CHECK (tf > 0),
      PRIMARY KEY (passage_id, term)
    );
    CREATE INDEX policy_terms_lookup ON policy_terms (jurisdiction_id, term);
  `.execute(db);
}
