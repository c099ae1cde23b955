import {
  ACTIVITY_KINDS,
  CONDITION_KINDS,
  PROJECT_STAGES,
  SERVICE_CATALOGUES,
  SERVICE_FIELDS,
  SOLICITATION_METHODS,
} from '@qisu/core';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

/** The demo's data files, `profiles/demo/`, beside the presets and found the same way from src or dist. */
export const DEMO_DATA_DIR = fileURLToPath(new URL('../../../../profiles/demo/', import.meta.url));

/** The file shared by every demo jurisdiction: seed order, category tree, policy templates. */
const SHARED_FILE = '_shared.yaml';

const key = z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower-case ascii key');
const regionCode = z.string().regex(/^\d{6}(\d{3}){0,2}$/, 'GB/T 2260 or statistical division code');
const complexity = z.enum(['simple', 'general', 'complex']);

/** One administrative division; `parentCode` is null only for the province. */
const DemoRegionSchema = z.strictObject({
  code: regionCode,
  name: z.string().min(1),
  level: z.enum(['province', 'city', 'county', 'town']),
  parentCode: regionCode.nullable(),
});

/** One unit of a jurisdiction; `key` is stable ascii used by case templates and demo users. */
const DemoUnitSchema = z.strictObject({
  key,
  name: z.string().min(1),
  // The unit kinds of SPEC §3.
  kind: z.enum(['hub', 'department', 'town', 'park', 'discipline', 'leadership', 'other']),
  regionCode,
  // Fictional: the number after the area code starts with 1, as no real local number does.
  contactPhone: z.string().regex(/^0\d{2,3}-1\d{6,7}$/, 'fictional landline 0AAA-1NNNNNN(N)'),
  // The jurisdiction's 兜底办 (seed 004 三(三)1): at most one unit, one that handles cases.
  fallback: z.boolean().optional(),
});

/** One fictional enterprise of the demo ledger (企业台账); the seeder adds its USCC. */
const DemoEnterpriseSchema = z.strictObject({
  name: z.string().min(1),
  // GB/T 4754-2017 class: section letter + 4 digits, e.g. C2929.
  industryCode: z.string().regex(/^[A-T]\d{4}$/, 'GB/T 4754 class such as C2929'),
  industryName: z.string().min(1),
  scale: z.enum(['large', 'medium', 'small', 'micro']),
  // 规上 (true) or 规下 (false).
  aboveDesignatedSize: z.boolean(),
  regionCode,
  contactName: z.string().min(1),
  // Fictional: the 170/171 virtual-operator ranges with a 0000 block.
  contactMobile: z.string().regex(/^17[01]0000\d{4}$/, 'fictional mobile 1700000NNNN or 1710000NNNN'),
  notes: z.string().min(1),
});

/** A demand as an enterprise would file it; the seeder turns templates into cases at various stages. */
const DemoCaseTemplateSchema = z.strictObject({
  title: z.string().min(1),
  content: z.string().min(1),
  kind: z.enum(['consultation', 'help', 'suggestion', 'complaint', 'report']),
  // A key of the shared category tree, first or second level.
  category: key,
  // The unit that would lead: never the hub, leadership or discipline unit.
  leadUnitKey: key,
  coUnitKeys: z.array(key).max(2),
  complexity,
});

/** One rule of the routing catalogue (派单目录, seed 003); null category or region means "any". */
const DemoRoutingRuleSchema = z.strictObject({
  category: key.nullable(),
  region: regionCode.nullable(),
  lead: key,
  co: z.array(key).optional(),
  complexity: complexity.optional(),
  note: z.string().optional(),
});

/** The jurisdiction's hotspot: cases filed by the hub for ledger enterprises at recent times. */
const DemoHotspotSchema = z.strictObject({
  category: key,
  cases: z
    .array(
      z.strictObject({
        title: z.string().min(1),
        content: z.string().min(1),
        // Index into the jurisdiction's enterprises (taken modulo their number).
        enterprise: z.number().int().nonnegative(),
        daysAgo: z.number().nonnegative(),
      }),
    )
    .min(1),
});

/**
 * An experience library entry (经验库) the hub distilled from a demo case: `case` is the title of a
 * case template that the demo closes (one of the first nine, see `FINAL_STATES`).
 */
const DemoLibraryEntrySchema = z.strictObject({
  case: z.string().min(1),
  problem: z.string().min(1),
  resolution: z.string().min(1),
  policyBasis: z.string().min(1).optional(),
  tags: z.array(z.string().min(1)).max(20),
  typical: z.boolean().optional(),
});

/**
 * A solicitation round the demo liaison recorded (每周征询): `enterprise` indexes the file's
 * enterprises and must be one on the liaison's ledger (an even index); `hoursAgo` dates it before
 * the demo's end. Each problem becomes a case.
 */
const DemoSolicitationSchema = z.strictObject({
  enterprise: z.number().int().min(0),
  hoursAgo: z.number().min(0),
  method: z.enum(SOLICITATION_METHODS),
  note: z.string().min(1).optional(),
  problems: z.array(z.strictObject({ title: z.string().min(1), content: z.string().min(1) })),
});

/**
 * A visit or meeting of the activity log (走访与活动), recorded by a demo user (`hub`, `leader` or
 * `liaison`, who names only enterprises of its ledger, the even indexes); `ledBy` and the user
 * attendees are demo user keys, `enterprises` index the file's enterprises, `hoursAgo` dates it
 * before the demo's end. Each problem becomes a case of the enterprise it indexes.
 */
const DemoActivitySchema = z.strictObject({
  kind: z.enum(ACTIVITY_KINDS),
  title: z.string().min(1),
  hoursAgo: z.number().min(0),
  recordedBy: z.enum(['hub', 'leader', 'liaison']),
  place: z.string().min(1).optional(),
  ledBy: z.string().min(1).optional(),
  attendees: z
    .array(
      z.union([
        z.strictObject({ user: z.string().min(1) }),
        z.strictObject({ name: z.string().min(1), unit: z.string().min(1) }),
      ]),
    )
    .default([]),
  enterprises: z.array(z.number().int().min(0)).default([]),
  notes: z.string().min(1).optional(),
  problems: z
    .array(
      z.strictObject({ title: z.string().min(1), content: z.string().min(1), enterprise: z.number().int().min(0) }),
    )
    .default([]),
});

/**
 * The jurisdiction's service catalogues (seed 004 三(一)3): items of the 涉企事项清单 (`matters`)
 * and the 增值化服务清单 (`value_added`), each with the key of its provider unit, and "一件事"
 * bundles naming their items in order.
 */
const DemoServicesSchema = z.strictObject({
  items: z.array(
    z.strictObject({
      catalogue: z.enum(SERVICE_CATALOGUES),
      field: z.enum(SERVICE_FIELDS),
      name: z.string().min(1),
      description: z.string().min(1),
      provider: key,
      materials: z.string().min(1).optional(),
      timeLimit: z.string().min(1).optional(),
      workingDays: z.number().int().positive().optional(),
      assisted: z.boolean().optional(),
      appointment: z.boolean().optional(),
    }),
  ),
  bundles: z
    .array(
      z.strictObject({ name: z.string().min(1), description: z.string().min(1), items: z.array(z.string()).min(2) }),
    )
    .optional(),
});

/**
 * The grid ledger of the demo (seed 004 三(三)2): grids with the keys of their town, department and
 * demo liaison user and the indexes of their enterprises; key enterprises by index; condition
 * records (经营情况、困难问题、发展计划) each `daysAgo` before the demo's end by a demo user; and
 * projects with their "三个一" team (a demo leader user, a unit key, a demo officer user).
 */
const DemoLedgerSchema = z.strictObject({
  grids: z.array(
    z.strictObject({
      name: z.string().min(1),
      town: key.optional(),
      department: key.optional(),
      liaison: z.string().min(1).optional(),
      enterprises: z.array(z.number().int().min(0)),
      note: z.string().min(1).optional(),
    }),
  ),
  keyEnterprises: z.array(z.number().int().min(0)).default([]),
  conditions: z
    .array(
      z.strictObject({
        enterprise: z.number().int().min(0),
        kind: z.enum(CONDITION_KINDS),
        period: z.string().min(4).optional(),
        daysAgo: z.number().min(0),
        recordedBy: z.enum(['hub', 'liaison']),
        text: z.string().min(1),
      }),
    )
    .default([]),
  projects: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        enterprise: z.number().int().min(0).optional(),
        regionCode: regionCode.optional(),
        stage: z.enum(PROJECT_STAGES),
        investmentWan: z.number().min(0).optional(),
        key: z.boolean().optional(),
        leader: z.string().min(1).optional(),
        unit: key.optional(),
        officer: z.string().min(1).optional(),
        statusNote: z.string().min(1).optional(),
        // Earlier stages and progress, oldest first, each `daysAgo` before the demo's end.
        earlier: z
          .array(
            z.strictObject({
              stage: z.enum(PROJECT_STAGES),
              statusNote: z.string().min(1),
              daysAgo: z.number().min(0),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
});

/** One demo jurisdiction file, `profiles/demo/<code>.yaml`. */
export const DemoJurisdictionSchema = z.strictObject({
  code: key,
  name: z.string().min(1),
  fullName: z.string().min(1),
  level: z.enum(['street', 'county', 'district', 'city']),
  brand: z.string().min(1),
  // 6 digits for a county-level area, 9 for a street.
  regionCode,
  // Fills the shared policy templates: a street applies its district's measures.
  policyIssuer: z.strictObject({ place: z.string().min(1), level: z.string().min(1), prefix: z.string().min(1) }),
  regions: z.array(DemoRegionSchema).min(1),
  units: z.array(DemoUnitSchema).min(1),
  // Department key for the demo user `<code>.unit1`, and a different one for `<code>.unit2`.
  unit1Key: key,
  unit2Key: key,
  routing: z.array(DemoRoutingRuleSchema),
  enterprises: z.array(DemoEnterpriseSchema).min(2),
  cases: z.array(DemoCaseTemplateSchema).min(1),
  hotspot: DemoHotspotSchema.optional(),
  library: z.array(DemoLibraryEntrySchema).optional(),
  services: DemoServicesSchema.optional(),
  solicitations: z.array(DemoSolicitationSchema).optional(),
  // A satisfaction questionnaire the hub sends to the enterprises of the rounds above.
  questionnaire: z.strictObject({ title: z.string().min(1) }).optional(),
  activities: z.array(DemoActivitySchema).optional(),
  ledger: DemoLedgerSchema.optional(),
});

const node = z.strictObject({ key, name: z.string().min(1), nameEn: z.string().min(1) });

/** The shared file, `profiles/demo/_shared.yaml`. */
export const DemoSharedSchema = z.strictObject({
  // Jurisdiction codes in seed order (000 …); each names a file `<code>.yaml`.
  jurisdictions: z.array(key).min(1),
  // The two-level demand category tree every demo jurisdiction gets.
  categories: z.array(node.extend({ children: z.array(node) })).min(1),
  // Documents of each jurisdiction's policy library; `{place}`, `{level}`, `{prefix}` come from its policyIssuer.
  policies: z.array(
    z.strictObject({
      title: z.string().min(1),
      docNumber: z.string().nullable(),
      issuer: z.string().min(1),
      text: z.string().min(1),
    }),
  ),
});

/** One demo jurisdiction (tenant): regions, org units, routing, enterprise ledger and case templates. */
export type DemoJurisdiction = z.infer<typeof DemoJurisdictionSchema>;
/** A demo case template, see {@link DemoJurisdiction}. */
export type DemoCaseTemplate = DemoJurisdiction['cases'][number];
/** A demo ledger enterprise, see {@link DemoJurisdiction}. */
export type DemoEnterprise = DemoJurisdiction['enterprises'][number];
/** A demo unit, see {@link DemoJurisdiction}. */
export type DemoUnit = DemoJurisdiction['units'][number];
/** A rule of a demo routing catalogue, see {@link DemoJurisdiction}. */
export type DemoRoutingRule = DemoJurisdiction['routing'][number];
/** A policy document as the shared file holds it, names not yet filled in. */
export type DemoPolicy = z.infer<typeof DemoSharedSchema>['policies'][number];

/** The whole demo: the jurisdictions in seed order, the category tree and policy templates they share. */
export interface DemoData {
  jurisdictions: DemoJurisdiction[];
  categories: z.infer<typeof DemoSharedSchema>['categories'];
  policies: DemoPolicy[];
}

/** How an error names a file: relative to the repository for the shipped folder. */
function nameOf(dir: string, file: string): string {
  return dir === DEMO_DATA_DIR ? `profiles/demo/${file}` : `${dir}${file}`;
}

function readValid<T>(dir: string, file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = parse(readFileSync(`${dir}${file}`, 'utf8')) as unknown;
  } catch (error) {
    throw new Error(`${nameOf(dir, file)} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    fail(
      nameOf(dir, file),
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    );
  return parsed.data;
}

function fail(name: string, problems: string[]): never {
  throw new Error(`${name} is invalid: ${problems.join('; ')}`);
}

/** Keys and codes a jurisdiction's records use that name nothing in its file or the category tree. */
function danglingReferences(j: DemoJurisdiction, categoryKeys: ReadonlySet<string>): string[] {
  const units = new Set(j.units.map((u) => u.key));
  const regions = new Set(j.regions.map((r) => r.code));
  const problems: string[] = [];
  const check = (ok: boolean, path: string, what: string) => {
    if (!ok) problems.push(`${path}: ${what}`);
  };
  const unit = (k: string, path: string) => check(units.has(k), path, `no unit ${k}`);
  const region = (c: string, path: string) => check(regions.has(c), path, `no region ${c}`);
  const category = (k: string, path: string) => check(categoryKeys.has(k), path, `no category ${k}`);
  unit(j.unit1Key, 'unit1Key');
  unit(j.unit2Key, 'unit2Key');
  region(j.regionCode, 'regionCode');
  j.units.forEach((u, i) => region(u.regionCode, `units.${i}.regionCode`));
  j.enterprises.forEach((e, i) => region(e.regionCode, `enterprises.${i}.regionCode`));
  j.cases.forEach((c, i) => {
    unit(c.leadUnitKey, `cases.${i}.leadUnitKey`);
    c.coUnitKeys.forEach((k, n) => unit(k, `cases.${i}.coUnitKeys.${n}`));
    category(c.category, `cases.${i}.category`);
  });
  j.routing.forEach((r, i) => {
    unit(r.lead, `routing.${i}.lead`);
    (r.co ?? []).forEach((k, n) => unit(k, `routing.${i}.co.${n}`));
    if (r.region !== null) region(r.region, `routing.${i}.region`);
    if (r.category !== null) category(r.category, `routing.${i}.category`);
  });
  if (j.hotspot) category(j.hotspot.category, 'hotspot.category');
  j.services?.items.forEach((item, i) => unit(item.provider, `services.items.${i}.provider`));
  j.services?.bundles?.forEach((b, i) =>
    b.items.forEach((name, n) =>
      check(
        j.services?.items.some((item) => item.name === name) ?? false,
        `services.bundles.${i}.items.${n}`,
        `no item ${name}`,
      ),
    ),
  );
  return problems;
}

const loaded = new Map<string, DemoData>();

/**
 * Reads and validates the demo's YAML files once per folder (tests pass their own). A broken
 * file throws an error naming the file and the path of each bad field, before anything is seeded.
 */
export function loadDemoData(dir: string = DEMO_DATA_DIR): DemoData {
  if (!dir.endsWith('/')) dir = `${dir}/`;
  const cached = loaded.get(dir);
  if (cached) return cached;
  const shared = readValid(dir, SHARED_FILE, DemoSharedSchema);
  const categoryKeys = new Set(shared.categories.flatMap((c) => [c.key, ...c.children.map((child) => child.key)]));
  const jurisdictions = shared.jurisdictions.map((code) => {
    const file = `${code}.yaml`;
    const j = readValid(dir, file, DemoJurisdictionSchema);
    const problems = danglingReferences(j, categoryKeys);
    if (j.code !== code) problems.unshift(`code: ${j.code} differs from the file name`);
    if (problems.length > 0) fail(nameOf(dir, file), problems);
    return j;
  });
  const data: DemoData = { jurisdictions, categories: shared.categories, policies: shared.policies };
  loaded.set(dir, data);
  return data;
}
