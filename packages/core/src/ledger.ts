/**
 * The grid ledger (seed 004 三(三)2 网格化服务机制) and the projects of the "三个一" mechanism
 * (seed 004 三(二)1): the kinds of condition a ledger records for an enterprise, the stages of a
 * project, and who looks after an enterprise once grids hand out liaisons.
 */

/** What the ledger records of an enterprise: 经营情况, 困难问题, 发展计划. */
export const CONDITION_KINDS = ['operations', 'difficulties', 'plans'] as const;
/** One kind of condition record. */
export type ConditionKind = (typeof CONDITION_KINDS)[number];

/** The stages of a project, in order: 谋划, 签约, 在建, 投产, 竣工. */
export const PROJECT_STAGES = ['planned', 'signed', 'building', 'producing', 'completed'] as const;
/** One project stage. */
export type ProjectStage = (typeof PROJECT_STAGES)[number];

/** Labels of the kinds and stages, for documents and messages outside the console. */
export const LEDGER_LABELS: Record<ConditionKind | ProjectStage, { zh: string; en: string }> = {
  operations: { zh: '经营情况', en: 'Operations' },
  difficulties: { zh: '困难问题', en: 'Difficulties' },
  plans: { zh: '发展计划', en: 'Plans' },
  planned: { zh: '谋划', en: 'Planned' },
  signed: { zh: '签约', en: 'Signed' },
  building: { zh: '在建', en: 'Under construction' },
  producing: { zh: '投产', en: 'In production' },
  completed: { zh: '竣工', en: 'Completed' },
};

/** An enterprise's liaison as stored: the user, and whether it came from the enterprise's grid. */
export interface LiaisonState {
  liaisonUserId: string | null;
  fromGrid: boolean;
}

/**
 * Who looks after an enterprise after its grid changes ("企业+镇街+行业主管部门"): a liaison of
 * its own stays; otherwise the grid's liaison takes over (none when the grid has none, or when the
 * enterprise leaves every grid). `gridLiaison` is the liaison of the grid it is now in, or null.
 */
export function liaisonForGrid(current: LiaisonState, gridLiaison: string | null): LiaisonState {
  const own = current.liaisonUserId !== null && !current.fromGrid;
  if (own) return current;
  return { liaisonUserId: gridLiaison, fromGrid: gridLiaison !== null };
}

/**
 * Who looks after an enterprise after the hub names (or clears) its own liaison: a named one is
 * its own; clearing it falls back to the liaison of its grid, if any.
 */
export function liaisonForOwn(named: string | null, gridLiaison: string | null): LiaisonState {
  if (named !== null) return { liaisonUserId: named, fromGrid: false };
  return { liaisonUserId: gridLiaison, fromGrid: gridLiaison !== null };
}

/**
 * The current record of each kind — the latest by time, the later-written on a tie — from an
 * enterprise's append-only history (any order); null for a kind never recorded.
 */
export function currentConditions<T extends { kind: ConditionKind; recordedAt: string; seq: number }>(
  history: readonly T[],
): Record<ConditionKind, T | null> {
  const current: Record<ConditionKind, T | null> = { operations: null, difficulties: null, plans: null };
  for (const r of history) {
    const held = current[r.kind];
    const later =
      !held ||
      Date.parse(r.recordedAt) > Date.parse(held.recordedAt) ||
      (Date.parse(r.recordedAt) === Date.parse(held.recordedAt) && r.seq > held.seq);
    if (later) current[r.kind] = r;
  }
  return current;
}
