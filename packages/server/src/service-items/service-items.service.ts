import type { Role } from '@qisu/core';
import {
  appointmentProblem,
  bundleUnits,
  dateToDay,
  FALLBACK_SENDER_ROLES,
  handlesCases,
  isWithinRange,
  resolveLimitChoices,
  SERVICE_CATALOGUE_MANAGER_ROLES,
  SERVICE_CATALOGUE_READER_ROLES,
  SERVICE_REQUESTER_ROLES,
  shanghaiDay,
} from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import { calendarFor } from '../calendar/calendar.service.js';
import { findCaseVisibleTo, fileCaseIn } from '../cases/cases.service.js';
import { runCaseCommand } from '../cases/commands/run-command.js';
import type { CaseViewDto } from '../cases/cases.schemas.js';
import type { Deps } from '../context.js';
import { AppError, invalidField } from '../errors.js';
import { activeProfile } from '../profiles/profiles.service.js';
import type { ServiceItemRow } from './service-items.repository.js';
import {
  activeUnits,
  bundleNameTaken,
  fallbackUnit,
  findBundle,
  findItem,
  insertBundle,
  insertItem,
  insertRequest,
  itemNameTaken,
  itemsByIds,
  listBundles,
  listItems,
  updateBundle,
  updateItem,
} from './service-items.repository.js';
import type {
  FallbackInput,
  ServiceBundleDto,
  ServiceBundleInput,
  ServiceItemDto,
  ServiceItemInput,
  ServiceItemQueryInput,
  ServiceRequestInput,
} from './service-items.schemas.js';

const managers = (actor: Actor) => SERVICE_CATALOGUE_MANAGER_ROLES.some((r) => actor.roles.includes(r));

function itemDto(row: ServiceItemRow): ServiceItemDto {
  return {
    id: row.id,
    catalogue: row.catalogue as ServiceItemDto['catalogue'],
    field: row.field as ServiceItemDto['field'],
    name: row.name,
    description: row.description,
    providerUnit: { id: row.provider_unit_id, name: row.provider_unit_name },
    materials: row.materials,
    timeLimit: row.time_limit,
    workingDays: row.working_days,
    assisted: row.assisted,
    appointment: row.appointment,
    active: row.active,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The catalogues' items of the caller's jurisdiction; enterprises see only those offered. */
export async function listServiceItems(
  deps: Deps,
  actor: Actor,
  query: ServiceItemQueryInput,
): Promise<{ items: ServiceItemDto[] }> {
  requireRole(actor, SERVICE_CATALOGUE_READER_ROLES);
  const rows = await listItems(deps.db, actor.jurisdictionId, {
    catalogue: query.kind,
    field: query.field,
    q: query.q,
    activeOnly: !managers(actor),
  });
  return { items: rows.map(itemDto) };
}

/** One item of the caller's jurisdiction; 404 outside it, and for an enterprise when it is not offered. */
export async function getServiceItem(deps: Deps, actor: Actor, id: string): Promise<ServiceItemDto> {
  requireRole(actor, SERVICE_CATALOGUE_READER_ROLES);
  const row = await findItem(deps.db, actor.jurisdictionId, id);
  if (!row || (!row.active && !managers(actor))) throw new AppError('SERVICE_ITEM_NOT_FOUND');
  return itemDto(row);
}

/** The provider must be an active unit of the jurisdiction that handles cases. */
async function checkProvider(deps: Deps, actor: Actor, unitId: string): Promise<void> {
  const [unit] = await activeUnits(deps.db, actor.jurisdictionId, [unitId]);
  if (!unit || !handlesCases(unit.kind)) {
    throw invalidField('providerUnitId', '提供单位不存在或不能承办', 'no such unit that can handle cases');
  }
}

function itemColumns(input: ServiceItemInput) {
  return {
    catalogue: input.catalogue,
    field: input.field,
    name: input.name,
    description: input.description ?? '',
    provider_unit_id: input.providerUnitId,
    materials: input.materials ?? null,
    time_limit: input.timeLimit ?? null,
    working_days: input.workingDays ?? null,
    assisted: input.assisted ?? false,
    appointment: input.appointment ?? false,
    active: input.active ?? true,
  };
}

/** Adds an item to a catalogue (admin, hub); one name per catalogue. */
export async function createServiceItem(deps: Deps, actor: Actor, input: ServiceItemInput): Promise<ServiceItemDto> {
  requireRole(actor, SERVICE_CATALOGUE_MANAGER_ROLES);
  await checkProvider(deps, actor, input.providerUnitId);
  if (await itemNameTaken(deps.db, actor.jurisdictionId, input.catalogue, input.name, null)) {
    throw new AppError('SERVICE_ITEM_EXISTS');
  }
  const now = deps.clock.now();
  const { id } = await insertItem(deps.db, {
    jurisdiction_id: actor.jurisdictionId,
    ...itemColumns(input),
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
  });
  return getServiceItem(deps, actor, id);
}

/** Rewrites an item (admin, hub); taking it off (`active: false`) stops new requests, not open cases. */
export async function updateServiceItem(
  deps: Deps,
  actor: Actor,
  id: string,
  input: ServiceItemInput,
): Promise<ServiceItemDto> {
  requireRole(actor, SERVICE_CATALOGUE_MANAGER_ROLES);
  if (!(await findItem(deps.db, actor.jurisdictionId, id))) throw new AppError('SERVICE_ITEM_NOT_FOUND');
  await checkProvider(deps, actor, input.providerUnitId);
  if (await itemNameTaken(deps.db, actor.jurisdictionId, input.catalogue, input.name, id)) {
    throw new AppError('SERVICE_ITEM_EXISTS');
  }
  await updateItem(deps.db, actor.jurisdictionId, id, { ...itemColumns(input), updated_at: deps.clock.now() });
  return getServiceItem(deps, actor, id);
}

/** The jurisdiction's "一件事" bundles with their items in order; enterprises see only those offered. */
export async function listServiceBundles(deps: Deps, actor: Actor): Promise<{ bundles: ServiceBundleDto[] }> {
  requireRole(actor, SERVICE_CATALOGUE_READER_ROLES);
  const rows = await listBundles(deps.db, actor.jurisdictionId, !managers(actor));
  const items = await itemsByIds(deps.db, actor.jurisdictionId, [...new Set(rows.flatMap((b) => b.item_ids))]);
  const byId = new Map(items.map((i) => [i.id, i]));
  return {
    bundles: rows.map((b) => ({
      id: b.id,
      name: b.name,
      description: b.description,
      active: b.active,
      items: b.item_ids.flatMap((id) => {
        const i = byId.get(id);
        return i
          ? [
              {
                id: i.id,
                name: i.name,
                field: i.field as ServiceItemDto['field'],
                providerUnit: { id: i.provider_unit_id, name: i.provider_unit_name },
              },
            ]
          : [];
      }),
      updatedAt: b.updated_at.toISOString(),
    })),
  };
}

/** Every item of a bundle must be one of the jurisdiction's, named once. */
async function checkBundleItems(deps: Deps, actor: Actor, itemIds: readonly string[]): Promise<void> {
  if (new Set(itemIds).size !== itemIds.length) {
    throw invalidField('itemIds', '同一事项不能重复列入', 'an item is listed twice');
  }
  const found = await itemsByIds(deps.db, actor.jurisdictionId, itemIds);
  if (found.length !== itemIds.length) {
    throw invalidField('itemIds', '所列事项不存在或不属于本辖区', 'no such item in this jurisdiction');
  }
}

async function bundleDto(deps: Deps, actor: Actor, id: string): Promise<ServiceBundleDto> {
  const { bundles } = await listServiceBundles(deps, actor);
  const found = bundles.find((b) => b.id === id);
  if (!found) throw new AppError('SERVICE_BUNDLE_NOT_FOUND');
  return found;
}

/** Adds a "一件事" bundle (admin, hub): two or more items of the jurisdiction, in the order handled. */
export async function createServiceBundle(
  deps: Deps,
  actor: Actor,
  input: ServiceBundleInput,
): Promise<ServiceBundleDto> {
  requireRole(actor, SERVICE_CATALOGUE_MANAGER_ROLES);
  await checkBundleItems(deps, actor, input.itemIds);
  if (await bundleNameTaken(deps.db, actor.jurisdictionId, input.name, null))
    throw new AppError('SERVICE_BUNDLE_EXISTS');
  const now = deps.clock.now();
  const { id } = await insertBundle(deps.db, {
    jurisdiction_id: actor.jurisdictionId,
    name: input.name,
    description: input.description ?? '',
    item_ids: input.itemIds,
    active: input.active ?? true,
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
  });
  return bundleDto(deps, actor, id);
}

/** Rewrites a bundle (admin, hub). */
export async function updateServiceBundle(
  deps: Deps,
  actor: Actor,
  id: string,
  input: ServiceBundleInput,
): Promise<ServiceBundleDto> {
  requireRole(actor, SERVICE_CATALOGUE_MANAGER_ROLES);
  if (!(await findBundle(deps.db, actor.jurisdictionId, id))) throw new AppError('SERVICE_BUNDLE_NOT_FOUND');
  await checkBundleItems(deps, actor, input.itemIds);
  if (await bundleNameTaken(deps.db, actor.jurisdictionId, input.name, id)) throw new AppError('SERVICE_BUNDLE_EXISTS');
  await updateBundle(deps.db, actor.jurisdictionId, id, {
    name: input.name,
    description: input.description ?? '',
    item_ids: input.itemIds,
    active: input.active ?? true,
    updated_at: deps.clock.now(),
  });
  return bundleDto(deps, actor, id);
}

/** A requested appointment day: a working day of the jurisdiction after today, else a 400 on `appointmentAt`. */
async function checkAppointment(deps: Deps, actor: Actor, date: string): Promise<void> {
  const day = dateToDay(date);
  if (!Number.isFinite(day)) throw invalidField('appointmentAt', '预约日期无效', 'not a valid date');
  const calendar = await calendarFor(deps.db, actor.jurisdictionId);
  const problem = appointmentProblem(day, shanghaiDay(deps.clock.now()), (d) => calendar.isWorkingDay(d));
  if (problem === 'past') {
    throw invalidField('appointmentAt', '预约日期须为今天以后的工作日', 'the appointment must be a later working day');
  }
  if (problem === 'non_working') {
    throw invalidField(
      'appointmentAt',
      `${date} 不是工作日，请另选预约日期`,
      `${date} is not a working day; choose another day`,
    );
  }
}

/**
 * The actor the catalogue routes a request as: the jurisdiction's screening, naming no user but
 * the item or bundle it comes from (the event log records no person for a routing no one made).
 */
function catalogueActor(actor: Actor, keyId: string, name: string): Actor {
  return {
    userId: actor.userId,
    username: `service:${keyId}`,
    name,
    roles: ['hub'] as Role[],
    jurisdictionId: actor.jurisdictionId,
    jurisdictionCode: actor.jurisdictionCode,
    jurisdictionIds: [actor.jurisdictionId],
    unitId: null,
    unitKind: null,
    unitRegionCode: null,
    enterpriseId: null,
    source: { kind: 'service', keyId, name },
  };
}

/** The resolve limit an item promises, where the profile lets the hub choose it (within its range). */
async function promisedLimit(deps: Deps, actor: Actor, workingDays: number | null): Promise<string | undefined> {
  if (!workingDays) return undefined;
  const { spec } = resolveLimitChoices(await activeProfile(deps.db, actor.jurisdictionId), 'general', 'help');
  const chosen = `${workingDays}wd`;
  return spec && isWithinRange(spec, chosen) ? chosen : undefined;
}

interface Routed {
  caseId: string;
  number: string;
  leadUnit: { id: string; name: string };
  coUnits: { id: string; name: string }[];
}

/**
 * Files the enterprise's request as its case (channel `service`) and routes it at once: the
 * catalogue names the provider, so the case is dispatched to it through the same command as the
 * hub's dispatch (clocks, events, the unit told), as general with the item's promised working
 * days where the profile's range admits them. The hub still sees it in the worklist; a provider
 * that finds it is not theirs returns it to screening.
 */
async function fileAndRoute(
  deps: Deps,
  actor: Actor,
  input: ServiceRequestInput,
  what: { itemId: string | null; bundleId: string | null; name: string; workingDays: number | null },
  units: { lead: { id: string; name: string }; co: { id: string; name: string }[] },
  lines: string[],
): Promise<Routed> {
  requireRole(actor, SERVICE_REQUESTER_ROLES);
  const enterpriseId = actor.enterpriseId;
  if (!enterpriseId) throw new AppError('FORBIDDEN');
  if (input.appointmentAt) await checkAppointment(deps, actor, input.appointmentAt);
  // Every provider must still handle cases, so that the case is never filed and then left unrouted.
  const providers = [units.lead.id, ...units.co.map((u) => u.id)];
  const active = await activeUnits(deps.db, actor.jurisdictionId, providers);
  if (providers.some((id) => !active.some((u) => u.id === id && handlesCases(u.kind)))) {
    throw new AppError('SERVICE_PROVIDER_INACTIVE');
  }
  const content = [
    input.text,
    '',
    ...lines,
    `帮办代办：${input.wantsAssistance ? '需要' : '不需要'}`,
    ...(input.appointmentAt ? [`预约办理日期：${input.appointmentAt}`] : []),
  ].join('\n');
  const filed = await deps.db.transaction().execute(async (trx) => {
    const created = await fileCaseIn(
      trx,
      deps,
      actor,
      { title: `【服务事项】${what.name}`.slice(0, 200), content, kind: 'help', enterpriseId },
      'service',
    );
    await insertRequest(trx, {
      jurisdiction_id: actor.jurisdictionId,
      case_id: created.id,
      item_id: what.itemId,
      bundle_id: what.bundleId,
      enterprise_id: enterpriseId,
      requested_by: actor.userId,
      wants_assistance: input.wantsAssistance ?? false,
      appointment_on: input.appointmentAt ?? null,
      created_at: deps.clock.now(),
    });
    return created;
  });
  const limit = await promisedLimit(deps, actor, what.workingDays);
  await runCaseCommand(
    deps,
    catalogueActor(actor, what.itemId ?? what.bundleId ?? '', what.name),
    filed.id,
    'dispatch',
    {
      leadUnitId: units.lead.id,
      ...(units.co.length > 0 ? { coUnitIds: units.co.map((u) => u.id) } : {}),
      complexity: 'general',
      ...(limit ? { limit } : {}),
      note: `服务清单事项「${what.name}」，按清单交提供单位办理。`,
    },
    { answer: 'masked' },
  );
  return { caseId: filed.id, number: filed.number, leadUnit: units.lead, coUnits: units.co };
}

/** An enterprise requests an offered item: one case, dispatched to the item's provider. */
export async function requestServiceItem(
  deps: Deps,
  actor: Actor,
  id: string,
  input: ServiceRequestInput,
): Promise<Routed> {
  requireRole(actor, SERVICE_REQUESTER_ROLES);
  const item = await findItem(deps.db, actor.jurisdictionId, id);
  if (!item || !item.active) throw new AppError('SERVICE_ITEM_NOT_FOUND');
  if (input.appointmentAt && !item.appointment) {
    throw invalidField('appointmentAt', '该事项不提供预约办理', 'this item takes no appointments');
  }
  return fileAndRoute(
    deps,
    actor,
    input,
    { itemId: item.id, bundleId: null, name: item.name, workingDays: item.working_days },
    { lead: { id: item.provider_unit_id, name: item.provider_unit_name }, co: [] },
    [`服务事项：${item.name}（${item.provider_unit_name}）`],
  );
}

/**
 * An enterprise requests a "一件事" bundle: one case (一件事一次办: one number, one limit, one
 * reply), led by the first item's provider with the other items' providers as co-units.
 */
export async function requestServiceBundle(
  deps: Deps,
  actor: Actor,
  id: string,
  input: ServiceRequestInput,
): Promise<Routed> {
  requireRole(actor, SERVICE_REQUESTER_ROLES);
  const bundle = await findBundle(deps.db, actor.jurisdictionId, id);
  if (!bundle || !bundle.active) throw new AppError('SERVICE_BUNDLE_NOT_FOUND');
  const found = await itemsByIds(deps.db, actor.jurisdictionId, bundle.item_ids);
  const byId = new Map(found.map((i) => [i.id, i]));
  const items = bundle.item_ids.flatMap((i) => {
    const item = byId.get(i);
    return item && item.active ? [item] : [];
  });
  if (items.length === 0) throw new AppError('SERVICE_ITEM_INACTIVE');
  if (input.appointmentAt && !items.some((i) => i.appointment)) {
    throw invalidField('appointmentAt', '该“一件事”不提供预约办理', 'this bundle takes no appointments');
  }
  const names = new Map(items.map((i) => [i.provider_unit_id, i.provider_unit_name]));
  const { lead, co } = bundleUnits(items.map((i) => i.provider_unit_id));
  const unit = (u: string) => ({ id: u, name: names.get(u) ?? '' });
  const days = items.map((i) => i.working_days).filter((d): d is number => d !== null);
  return fileAndRoute(
    deps,
    actor,
    input,
    {
      itemId: null,
      bundleId: bundle.id,
      name: bundle.name,
      workingDays: days.length === items.length ? Math.max(...days) : null,
    },
    { lead: unit(lead!), co: co.map(unit) },
    [`“一件事”：${bundle.name}`, ...items.map((i, n) => `${n + 1}. ${i.name}（${i.provider_unit_name}）`)],
  );
}

/** The jurisdiction's 兜底办, or null where it has none (every signed-in user of the jurisdiction). */
export async function getFallbackUnit(
  deps: Deps,
  actor: Actor,
): Promise<{ unit: { id: string; name: string } | null }> {
  requireRole(actor, SERVICE_CATALOGUE_READER_ROLES);
  const unit = await fallbackUnit(deps.db, actor.jurisdictionId);
  return { unit: unit ? { id: unit.id, name: unit.name } : null };
}

/**
 * Sends a case under screening to the jurisdiction's 兜底办 (seed 004 三(三)1: no place, no
 * precedent, no lead unit): the hub's dispatch to that unit with the complexity chosen, so the
 * resolve limit is the profile's for it (立即 / 5–15 / 30 个工作日). 404 for a case out of scope;
 * 409 where the jurisdiction has no 兜底办, or the case is not under screening.
 */
export async function sendToFallback(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: FallbackInput,
): Promise<CaseViewDto> {
  requireRole(actor, FALLBACK_SENDER_ROLES);
  const row = await findCaseVisibleTo(deps.db, actor, caseId);
  if (!row) throw new AppError('CASE_NOT_FOUND');
  const unit = await fallbackUnit(deps.db, row.jurisdiction_id);
  if (!unit) throw new AppError('FALLBACK_UNIT_MISSING');
  return runCaseCommand(deps, actor, caseId, 'dispatch', {
    leadUnitId: unit.id,
    complexity: input.complexity,
    ...(input.limit ? { limit: input.limit } : {}),
    note: input.note ? `转兜底办：${input.note}` : '转兜底办',
  });
}
