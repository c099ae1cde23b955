import type { AdminCategory } from '../api/models';
import type { MessageKey } from '../i18n/messages';

/** The routing rule form's values; empty category or region means "any". */
export interface RuleDraft {
  categoryId?: string | null;
  regionCode?: string | null;
  leadUnitId?: string | null;
  coUnitIds?: string[] | null;
  complexity?: 'simple' | 'general' | 'complex' | null;
  note?: string | null;
}

/**
 * What the form can refuse before asking the server (which checks the rest, e.g. that every unit
 * is the jurisdiction's): a rule needs a category or a region, and the lead unit is not also a
 * co-unit. The first problem, with the field it belongs to.
 */
export function ruleDraftProblem(draft: RuleDraft): { field: 'categoryId' | 'coUnitIds'; message: MessageKey } | null {
  if (!draft.categoryId && !draft.regionCode) return { field: 'categoryId', message: 'admRuleNeedsKey' };
  if (draft.leadUnitId && (draft.coUnitIds ?? []).includes(draft.leadUnitId)) {
    return { field: 'coUnitIds', message: 'admRuleCoHasLead' };
  }
  return null;
}

/** The body of POST/PUT `/api/v1/routing-rules`: "any" as null, blanks dropped. */
export function ruleBody(draft: RuleDraft) {
  return {
    categoryId: draft.categoryId || null,
    regionCode: draft.regionCode || null,
    leadUnitId: draft.leadUnitId ?? '',
    coUnitIds: [...new Set(draft.coUnitIds ?? [])],
    complexity: draft.complexity ?? null,
    note: draft.note?.trim() ? draft.note.trim() : null,
  };
}

/**
 * The category tree as select options: each top-level category followed by its children, shown
 * as "parent / child", in code order; in English where a name is given.
 */
export function categoryOptions(categories: readonly AdminCategory[], english: boolean) {
  const name = (c: AdminCategory) => (english ? (c.nameEn ?? c.name) : c.name);
  const byCode = [...categories].sort((a, b) => a.code.localeCompare(b.code));
  const parents = new Map(categories.map((c) => [c.id, c]));
  return byCode.map((c) => {
    const parent = c.parentId ? parents.get(c.parentId) : undefined;
    return { value: c.id, label: parent ? `${name(parent)} / ${name(c)}` : name(c) };
  });
}
