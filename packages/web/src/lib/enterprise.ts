import type { LedgerEnterprise } from '../api/models';

/** The enterprise form's values (antd gives `undefined` for untouched optional fields). */
export interface EnterpriseDraft {
  uscc?: string;
  name?: string;
  industryCode?: string | null;
  industryName?: string | null;
  scale?: LedgerEnterprise['scale'];
  aboveDesignatedSize?: boolean;
  regionCode?: string | null;
  grid?: string | null;
  liaisonUserId?: string | null;
  contacts?: { name?: string; mobile?: string; title?: string }[];
  notes?: string | null;
}

const blank = (v: string | null | undefined) => (v === undefined || v === null || v.trim() === '' ? null : v.trim());

/**
 * The body to send. Registering omits what is empty (the server fills defaults); changing sends
 * empty optional fields as null so that clearing a field clears it. The USCC is sent only on
 * registration (it is immutable), and the liaison only by those who may assign one.
 */
export function enterpriseBody(draft: EnterpriseDraft, mode: 'create' | 'edit', canAssignLiaison: boolean) {
  const contacts = (draft.contacts ?? [])
    .filter((c) => blank(c.name) || blank(c.mobile))
    .map((c) => {
      const title = blank(c.title);
      return { name: c.name?.trim() ?? '', mobile: c.mobile?.replace(/\s+/g, '') ?? '', ...(title ? { title } : {}) };
    });
  const optional = {
    industryCode: blank(draft.industryCode)?.toUpperCase() ?? null,
    industryName: blank(draft.industryName),
    scale: draft.scale ?? null,
    regionCode: draft.regionCode ?? null,
    grid: blank(draft.grid),
    notes: blank(draft.notes),
    ...(canAssignLiaison ? { liaisonUserId: draft.liaisonUserId ?? null } : {}),
  };
  const common = {
    name: draft.name?.trim() ?? '',
    aboveDesignatedSize: draft.aboveDesignatedSize ?? false,
    contacts,
  };
  if (mode === 'edit') return { ...common, ...optional };
  const present = Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== null));
  return { uscc: draft.uscc ?? '', ...common, ...present };
}

/** The form's starting values for an enterprise being changed (whole contact numbers). */
export function enterpriseDraft(e: LedgerEnterprise): EnterpriseDraft {
  return {
    uscc: e.uscc,
    name: e.name,
    industryCode: e.industryCode,
    industryName: e.industryName,
    scale: e.scale,
    aboveDesignatedSize: e.aboveDesignatedSize,
    regionCode: e.regionCode,
    grid: e.grid,
    liaisonUserId: e.liaisonUserId,
    contacts: e.contacts.map((c) => ({ name: c.name, mobile: c.mobile, title: c.title ?? '' })),
    notes: e.notes,
  };
}
