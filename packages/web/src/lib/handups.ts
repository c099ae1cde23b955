import type { CaseEvent, CaseHandups } from '../api/models';

/** The lower case's record as the level above received it, in the shape the timeline reads (no hashes). */
export function handupHistoryEvents(history: NonNullable<CaseHandups['from']>['history']): CaseEvent[] {
  return history.map((h, i) => ({
    seq: i + 1,
    type: h.type,
    actorId: null,
    actorName: h.actorName,
    unitId: null,
    unitName: h.unitName,
    at: h.at,
    payload: h.payload,
    hash: '',
    prevHash: '',
  }));
}
