import type { Role } from './roles.js';

/**
 * The service catalogues of seed 004 三(一)3 ("1+1+1" 服务清单): the 涉企事项清单 (government
 * matters an enterprise files for) and the 增值化服务清单 (value-added services beyond them).
 */
export const SERVICE_CATALOGUES = ['matters', 'value_added'] as const;
export type ServiceCatalogue = (typeof SERVICE_CATALOGUES)[number];

/** Names of the catalogues shown to people, zh-CN and en-US. */
export const SERVICE_CATALOGUE_LABELS: Record<ServiceCatalogue, { zh: string; en: string }> = {
  matters: { zh: '涉企事项清单', en: 'Government matters' },
  value_added: { zh: '增值化服务清单', en: 'Value-added services' },
};

/**
 * The fields a catalogue item belongs to: the nine service functions of seed 004 二 (开放、项目、
 * 诉求、政策、科创、金融、人才、法律、亲清) and the licensing of the matters list.
 */
export const SERVICE_FIELDS = [
  'licensing',
  'project',
  'policy',
  'finance',
  'talent',
  'legal',
  'innovation',
  'open',
  'demand',
  'integrity',
] as const;
export type ServiceField = (typeof SERVICE_FIELDS)[number];

/** Names of the fields shown to people, zh-CN and en-US. */
export const SERVICE_FIELD_LABELS: Record<ServiceField, { zh: string; en: string }> = {
  licensing: { zh: '审批许可', en: 'Licensing' },
  project: { zh: '项目服务', en: 'Projects' },
  policy: { zh: '政策服务', en: 'Policy' },
  finance: { zh: '金融服务', en: 'Finance' },
  talent: { zh: '人才服务', en: 'Talent' },
  legal: { zh: '法律服务', en: 'Legal' },
  innovation: { zh: '科创服务', en: 'Innovation' },
  open: { zh: '开放服务', en: 'Investment' },
  demand: { zh: '诉求服务', en: 'Demands' },
  integrity: { zh: '亲清服务', en: 'Clean relations' },
};

/** Who keeps the catalogues and the 一件事 bundles: the admin and the hub. */
export const SERVICE_CATALOGUE_MANAGER_ROLES: readonly Role[] = ['admin', 'hub'];

/** Who requests an item or a bundle: an enterprise contact, for its own enterprise. */
export const SERVICE_REQUESTER_ROLES: readonly Role[] = ['enterprise'];

/** Who reads the catalogues: every member of staff and the enterprises of the jurisdiction. */
export const SERVICE_CATALOGUE_READER_ROLES: readonly Role[] = [
  'enterprise',
  'liaison',
  'hub',
  'unit_handler',
  'unit_head',
  'leader',
  'discipline',
  'admin',
];

/** Who sends a case to the jurisdiction's 兜底办 at screening (seed 004 三(三)1): the screening roles. */
export const FALLBACK_SENDER_ROLES: readonly Role[] = ['hub', 'leader'];

/**
 * Why an appointment date is refused, or null when it may be booked: it must lie after `today`
 * and be a working day (both as Asia/Shanghai day numbers).
 */
export function appointmentProblem(
  day: number,
  today: number,
  isWorkingDay: (day: number) => boolean,
): 'past' | 'non_working' | null {
  if (day <= today) return 'past';
  if (!isWorkingDay(day)) return 'non_working';
  return null;
}

/**
 * The lead and co-units of a 一件事 bundle's one case: the first item's provider leads, the other
 * items' distinct providers assist in the bundle's order.
 */
export function bundleUnits(providers: readonly string[]): { lead: string | null; co: string[] } {
  const distinct = [...new Set(providers)];
  return { lead: distinct[0] ?? null, co: distinct.slice(1) };
}
