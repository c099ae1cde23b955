import { encodeSignature, fingerprint } from '@qisu/triage';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { casesWithoutFingerprint, upsertFingerprint } from './fingerprints.repository.js';

/**
 * Stores (or replaces) the fingerprint of a case's title and content, in the caller's
 * transaction when it is given one, so a case and its fingerprint are written together.
 */
export async function saveFingerprint(
  db: Kysely<Database> | Transaction<Database>,
  row: { caseId: string; jurisdictionId: string; title: string; content: string },
): Promise<void> {
  const f = fingerprint({ title: row.title, body: row.content });
  await upsertFingerprint(db, {
    caseId: row.caseId,
    jurisdictionId: row.jurisdictionId,
    tokens: f.tokens,
    signature: encodeSignature(f.signature),
    bands: f.bands,
  });
}

/**
 * Fingerprints cases that have none (cases written before fingerprints existed), a batch at a
 * time, until none is left. Returns how many it wrote. Run at start, before requests are served.
 */
export async function backfillFingerprints(db: Kysely<Database>, batch = 500): Promise<number> {
  let written = 0;
  for (;;) {
    const rows = await casesWithoutFingerprint(db, batch);
    if (rows.length === 0) return written;
    for (const r of rows) {
      await saveFingerprint(db, {
        caseId: r.id,
        jurisdictionId: r.jurisdiction_id,
        title: r.title,
        content: r.content,
      });
    }
    written += rows.length;
  }
}
