import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Deps } from '../context.js';
import type { Database } from '../db/schema.js';
import { writeOutboxMany } from '../outbox/outbox.service.js';
import type { ChainAnchor } from './audit.service.js';
import { chainHeadsWithEvents, insertChainAnchors } from './events.repository.js';
import { ChainAnchorFile } from './events.schemas.js';

/** The outbox topic of an anchored head, for the upper platform (no person is told of it). */
export const ANCHOR_TOPIC = 'audit.anchor';

/** Every chain's head now, and the jurisdictions whose head row names an event that is missing or differs. */
export interface ChainHeads {
  heads: (ChainAnchor & { jurisdictionId: string })[];
  /** Codes of chains whose head could not be anchored: run `qisu audit verify`. */
  unanchorable: string[];
}

/**
 * Reads every chain's head as an anchor records it: the head row's seq and hash, and the time of
 * the event it names. A head whose event is missing or hashes differently is not anchored (it
 * would vouch for a chain that is already broken) and is named instead. Appends only ever move a
 * head forward, so reading without a lock is enough: a head read a moment before a new event is
 * still a head the chain passes through.
 */
export async function currentChainHeads(db: Kysely<Database>): Promise<ChainHeads> {
  const heads: ChainHeads['heads'] = [];
  const unanchorable: string[] = [];
  for (const row of await chainHeadsWithEvents(db)) {
    if (!row.at || row.event_hash !== row.last_hash) {
      unanchorable.push(row.code);
      continue;
    }
    heads.push({
      jurisdictionId: row.jurisdiction_id,
      jurisdiction: row.code,
      seq: row.last_seq,
      hash: row.last_hash,
      at: row.at.toISOString(),
    });
  }
  return { heads, unanchorable };
}

/** The anchor file of these heads, as `qisu audit anchor` writes it. */
export function anchorFileOf(heads: readonly ChainAnchor[], anchoredAt: Date): z.infer<typeof ChainAnchorFile> {
  return {
    kind: 'qisu.chain-anchors',
    version: 1,
    anchoredAt: anchoredAt.toISOString(),
    chains: heads.map(({ jurisdiction, seq, hash, at }) => ({ jurisdiction, seq, hash, at })),
  };
}

/**
 * Reads an anchor file's text: the anchors it holds, or what is wrong with it, each problem with
 * the path of the field (`chains.0.hash: …`), in English and Chinese.
 */
export function parseAnchorFile(
  text: string,
): { ok: true; anchors: ChainAnchor[] } | { ok: false; problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [`不是 JSON / not JSON: ${why}`] };
  }
  const parsed = ChainAnchorFile.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`),
    };
  }
  return { ok: true, anchors: parsed.data.chains };
}

/** What one anchoring run did, for the job's log. */
export interface AnchorResult {
  /** Heads recorded now (a head already anchored is not recorded again). */
  anchored: number;
  /** Chains whose head could not be anchored (see `currentChainHeads`). */
  unanchorable: number;
}

/**
 * Anchors every chain's head: records it in `chain_anchors`, which `verify` then requires the
 * chain to reach, and writes it to the outbox (topic `audit.anchor`, channel `upper`) for the
 * upper platform, in one transaction. A head is anchored once: running again before any chain
 * moved records and sends nothing, so retries and several processes are harmless.
 */
export async function anchorChainHeads(deps: Deps): Promise<AnchorResult> {
  const { heads, unanchorable } = await currentChainHeads(deps.db);
  const now = deps.clock.now();
  const anchored = await deps.db.transaction().execute(async (trx) => {
    const inserted = await insertChainAnchors(
      trx,
      heads.map((h) => ({
        jurisdiction_id: h.jurisdictionId,
        seq: h.seq,
        hash: h.hash,
        event_at: new Date(h.at),
        anchored_at: now,
      })),
    );
    const codes = new Map(heads.map((h) => [h.jurisdictionId, h.jurisdiction]));
    await writeOutboxMany(
      trx,
      inserted.map((a) => ({
        jurisdictionId: a.jurisdiction_id,
        topic: ANCHOR_TOPIC,
        recipient: { kind: 'role', id: 'upper' },
        channel: 'upper',
        at: now,
        payload: {
          jurisdiction: codes.get(a.jurisdiction_id) ?? null,
          seq: a.seq,
          hash: a.hash,
          at: a.event_at.toISOString(),
          anchoredAt: a.anchored_at.toISOString(),
        },
      })),
    );
    return inserted.length;
  });
  return { anchored, unanchorable: unanchorable.length };
}
