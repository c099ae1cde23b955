import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import { hasAnyRole, hotspotSettings, JURISDICTION_WIDE_ROLES, maskPersonalText } from '@qisu/core';
import type { HotspotGroup, HotspotItem, HotspotOrder } from '@qisu/triage';
import { dimensionTrends, findHotspots } from '@qisu/triage';
import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import type { Deps } from '../context.js';
import type { Database } from '../db/schema.js';
import { AppError, invalidField } from '../errors.js';
import { appendEvent } from '../events/events.service.js';
import { writeOutbox } from '../outbox/outbox.service.js';
import { activeProfile } from '../profiles/profiles.service.js';
import { jurisdictionCategories } from '../routing/routing.service.js';
import {
  addMembers,
  casesForHotspots,
  findCaseByIdOrNumber,
  findOverlappingGroup,
  groupMembers,
  insertGroup,
  jurisdictionsToScan,
  listGroups,
  lockGroup,
  lockJurisdictionHotspots,
  regionNamesOf,
  updateGroup,
} from './hotspots.repository.js';
import type { HotspotFixBody, HotspotList, HotspotQuery, HotspotResolveBody, HotspotView } from './hotspots.schemas.js';

const DAY_MS = 86_400_000;
/** Days of cases read besides the two windows, so that word rarity is learnt from enough text. */
const CONTEXT_DAYS = 30;
/** At most this many recent cases are mined at once. */
const MAX_CASES = 2000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type CaseRowForHotspots = Awaited<ReturnType<typeof casesForHotspots>>[number];

/**
 * Mines a jurisdiction's recent cases — with `scope`, only those that actor may see: the window
 * ends just after `now` (a case filed this very instant counts) and groups are scored in it alone.
 */
async function mine(
  db: Kysely<Database>,
  jurisdictionId: string,
  now: Date,
  settings: { windowDays: number; similarity: number },
  scope?: Actor,
  order: HotspotOrder = 'burst',
) {
  const asOf = new Date(+now + 1);
  const span = Math.max(2 * settings.windowDays, CONTEXT_DAYS) * DAY_MS;
  const rows = await casesForHotspots(db, jurisdictionId, new Date(+asOf - span), asOf, MAX_CASES, scope);
  const items: HotspotItem[] = rows.map((r) => ({
    id: r.id,
    title: r.title,
    body: r.content,
    time: r.created_at,
    category: r.topCategory?.name ?? null,
    region: r.region_code ?? r.enterprise_region,
    industry: r.industry_name,
    author: r.enterprise_id,
  }));
  const groups = findHotspots(items, {
    asOf,
    windowDays: settings.windowDays,
    similarity: settings.similarity,
    order,
  });
  return { asOf, rows, items, groups, from: new Date(+asOf - span) };
}

/** What detection did in one run. */
export interface DetectResult {
  /** Groups at or above the threshold, stored or updated. */
  groups: number;
  /** Groups that passed the threshold for the first time in this run (one event each). */
  warned: number;
}

/**
 * Finds hotspots in each jurisdiction's cases of its profile's window (or in one jurisdiction),
 * stores every group of at least `minCases` cases from as many different enterprises (cases
 * without an enterprise count one each) — matched to the unresolved group it shares
 * members with, else new — and warns once per group: a `hotspot.warned` event on the chain and
 * outbox notices to the hub and the leaders. Clustering runs outside any transaction; the
 * bookkeeping holds the jurisdiction's advisory lock, so concurrent runs in several processes
 * never warn twice for one group.
 */
export async function detectHotspots(deps: Deps, jurisdictionId?: string): Promise<DetectResult> {
  const result: DetectResult = { groups: 0, warned: 0 };
  for (const j of await jurisdictionsToScan(deps.db, jurisdictionId)) {
    const settings = hotspotSettings(await activeProfile(deps.db, j.id));
    const now = deps.clock.now();
    const { rows, groups } = await mine(deps.db, j.id, now, settings);
    const rowById = new Map(rows.map((r) => [r.id, r]));
    for (const group of groups) {
      // Counted by distinct enterprises: one enterprise repeating itself is a duplicate, not a hotspot.
      if (group.reporters < settings.minCases) continue;
      result.groups++;
      const warned = await deps.db.transaction().execute(async (trx) => {
        await lockJurisdictionHotspots(trx, j.id);
        const existing = await findOverlappingGroup(trx, j.id, group.memberIds);
        const categoryId = rowById.get(group.representative.id)?.topCategory?.id ?? null;
        const fields = {
          title: group.representative.title,
          keywords: JSON.stringify(group.keywords),
          category_id: categoryId,
          region_code: group.region,
          industry: group.industry,
          size: group.size,
          previous_size: group.previousSize,
          last_seen_at: group.to,
          updated_at: now,
        };
        let groupId: string;
        let firstWarning: boolean;
        if (existing) {
          groupId = existing.id;
          firstWarning = existing.warned_at === null;
          await updateGroup(trx, groupId, { ...fields, ...(firstWarning ? { warned_at: now } : {}) });
        } else {
          groupId = await insertGroup(trx, {
            ...fields,
            jurisdiction_id: j.id,
            key: `${group.key}@${now.toISOString()}`,
            first_seen_at: group.from,
            warned_at: now,
            status: 'open',
          });
          firstWarning = true;
        }
        await addMembers(trx, groupId, group.memberIds, now);
        if (!firstWarning) return false;
        const payload = { groupId, title: group.representative.title, size: group.size, keywords: group.keywords };
        for (const role of ['hub', 'leader']) {
          await writeOutbox(trx, {
            jurisdictionId: j.id,
            topic: 'hotspot.warned',
            recipient: { kind: 'role', id: role },
            at: now,
            payload,
          });
        }
        await appendEvent(trx, {
          jurisdictionId: j.id,
          caseId: null,
          type: 'hotspot.warned',
          actorId: null,
          unitId: null,
          at: now,
          payload,
        });
        return true;
      });
      if (warned) result.warned++;
    }
  }
  return result;
}

type View = z.infer<typeof HotspotView>;
type StoredGroup = Awaited<ReturnType<typeof listGroups>>[number];
type StoredMember = Awaited<ReturnType<typeof groupMembers>>[number];

function fixOf(g: StoredGroup): View['fix'] {
  return g.fix_case_id && g.fix_number
    ? { caseId: g.fix_case_id, number: g.fix_number, status: g.fix_status ?? '', note: g.fix_note }
    : null;
}

const member = (m: { id: string; number: string; title: string; status: string }) => ({
  id: m.id,
  number: m.number,
  title: maskPersonalText(m.title),
  status: m.status,
});

/**
 * A stored group as the screens show it, when it is not (or no longer) among the live groups.
 * `partial`: the members are those a caller of narrower scope may see, so the group speaks only
 * of them — their count, the first one's title, and no keywords or growth, which were learnt
 * from every member.
 */
function storedView(
  g: StoredGroup,
  members: readonly StoredMember[],
  names: Map<string, string>,
  partial = false,
): View {
  const size = partial ? members.length : g.size;
  const previousSize = partial ? members.length : g.previous_size;
  return {
    id: g.id,
    title: maskPersonalText(partial ? (members[0]?.title ?? '') : g.title),
    keywords: partial ? [] : g.keywords,
    size,
    periodSize: null,
    previousSize,
    growth: (size - previousSize) / Math.max(previousSize, 1),
    likes: 0,
    score: 0,
    heat: null,
    reporters: null,
    activeWeeks: null,
    category: g.category_id ? (names.get(g.category_id) ?? null) : null,
    region: g.region_code,
    industry: g.industry,
    from: g.first_seen_at.toISOString(),
    to: g.last_seen_at.toISOString(),
    members: members.map(member),
    warnedAt: g.warned_at?.toISOString() ?? null,
    fix: fixOf(g),
    status: g.status,
  };
}

function liveView(
  group: HotspotGroup,
  rowById: Map<string, CaseRowForHotspots>,
  stored: StoredGroup | undefined,
  storedMembers: readonly StoredMember[],
  order: HotspotOrder,
): View {
  // By heat the group is every member of the period; by burst, those of its window.
  const live = (order === 'heat' ? group.allMemberIds : group.memberIds)
    .map((id) => rowById.get(id))
    .filter((r): r is CaseRowForHotspots => Boolean(r));
  const seen = new Set(live.map((r) => r.id));
  const members = [...live, ...storedMembers.filter((m) => !seen.has(m.id))];
  return {
    id: stored?.id ?? null,
    title: maskPersonalText(group.representative.title),
    keywords: group.keywords,
    size: group.size,
    periodSize: group.allMemberIds.length,
    previousSize: group.previousSize,
    growth: group.growth,
    likes: group.likes,
    score: group.score,
    heat: group.heat,
    reporters: group.allReporters,
    activeWeeks: group.activeWeeks,
    category: group.category,
    region: group.region,
    industry: group.industry,
    from: group.from.toISOString(),
    to: group.to.toISOString(),
    members: members.map(member),
    warnedAt: stored?.warned_at?.toISOString() ?? null,
    fix: stored ? fixOf(stored) : null,
    status: stored?.status ?? 'open',
  };
}

/**
 * The hotspot view of the caller's jurisdiction: the live groups of the window (two or more
 * similar cases, ranked), each joined to its stored group (warning, linked fix and the fix's
 * live status), then the stored groups still open or being fixed that are no longer live, and
 * the counts by category, region or industry against the window before. A live group counts its
 * cases in its window (`size`, what burst ranks by) and over the whole period read (`periodSize`,
 * what heat speaks of), whichever the order.
 *
 * Within the caller's data scope: hub, leader and admin see the whole jurisdiction; the
 * discipline commission sees the view its own cases make — groups mined from them alone (so
 * sizes, growth, scores and the counts by dimension count only them), stored groups with only
 * the members it may open (hidden when none), a linked fix only when it may open it.
 */
export async function listHotspots(
  deps: Deps,
  actor: Actor,
  query: z.infer<typeof HotspotQuery>,
): Promise<z.infer<typeof HotspotList>> {
  requireRole(actor, ['hub', 'leader', 'admin', 'discipline']);
  const scope = hasAnyRole(actor.roles, JURISDICTION_WIDE_ROLES) ? undefined : actor;
  const jurisdictionId = actor.jurisdictionId;
  const settings = hotspotSettings(await activeProfile(deps.db, jurisdictionId));
  const windowDays = query.windowDays ?? settings.windowDays;
  const { asOf, rows, items, groups, from } = await mine(
    deps.db,
    jurisdictionId,
    deps.clock.now(),
    { windowDays, similarity: settings.similarity },
    scope,
    query.order,
  );
  const rowById = new Map(rows.map((r) => [r.id, r]));
  const stored = await listGroups(deps.db, jurisdictionId, scope);
  const members = await groupMembers(
    deps.db,
    stored.map((g) => g.id),
    scope,
  );
  const membersOf = new Map<string, StoredMember[]>();
  const groupsOfCase = new Map<string, string[]>();
  for (const m of members) {
    membersOf.set(m.group_id, [...(membersOf.get(m.group_id) ?? []), m]);
    groupsOfCase.set(m.id, [...(groupsOfCase.get(m.id) ?? []), m.group_id]);
  }
  const storedById = new Map(stored.map((g) => [g.id, g]));
  const used = new Set<string>();
  const views: View[] = groups.map((group) => {
    // The stored group sharing most members, unresolved ones first.
    const shared = new Map<string, number>();
    for (const id of group.memberIds)
      for (const g of groupsOfCase.get(id) ?? []) shared.set(g, (shared.get(g) ?? 0) + 1);
    const match = [...shared]
      .map(([id, n]) => ({ g: storedById.get(id)!, n }))
      .filter(({ g }) => !used.has(g.id))
      .sort((a, b) => Number(a.g.status === 'resolved') - Number(b.g.status === 'resolved') || b.n - a.n)[0]?.g;
    if (match) used.add(match.id);
    return liveView(group, rowById, match, match ? (membersOf.get(match.id) ?? []) : [], query.order);
  });
  const categoryNames = await categoryNamesOf(deps.db, jurisdictionId);
  for (const g of stored) {
    if (used.has(g.id) || g.status === 'resolved') continue;
    const shown = membersOf.get(g.id) ?? [];
    if (scope && shown.length === 0) continue;
    views.push(storedView(g, shown, categoryNames, scope !== undefined));
  }
  const trends = dimensionTrends(items, query.dimension, { asOf, windowDays });
  const regionNames =
    query.dimension === 'region' && trends.length > 0
      ? new Map(
          (
            await regionNamesOf(
              deps.db,
              trends.map((t) => t.value || '-'),
            )
          ).map((r) => [r.code, r.name]),
        )
      : new Map<string, string>();
  return {
    window: { from: new Date(+asOf - windowDays * DAY_MS).toISOString(), to: asOf.toISOString(), days: windowDays },
    order: query.order,
    period: { from: from.toISOString(), to: asOf.toISOString() },
    minCases: settings.minCases,
    groups: views,
    byDimension: trends.map((t) => ({
      ...t,
      label: t.value === '' ? '未填写 / not given' : (regionNames.get(t.value) ?? t.value),
    })),
  };
}

/** The names of the jurisdiction's categories by id. */
async function categoryNamesOf(db: Kysely<Database>, jurisdictionId: string): Promise<Map<string, string>> {
  return new Map((await jurisdictionCategories(db, jurisdictionId)).map((c) => [c.id, c.name]));
}

/** The stored group after a change, as the screens show it. */
async function storedGroupView(deps: Deps, jurisdictionId: string, groupId: string): Promise<View> {
  const g = (await listGroups(deps.db, jurisdictionId)).find((x) => x.id === groupId);
  if (!g) throw new AppError('HOTSPOT_NOT_FOUND');
  const names = await categoryNamesOf(deps.db, jurisdictionId);
  return storedView(g, await groupMembers(deps.db, [groupId]), names);
}

/**
 * Changes a stored group of the caller's jurisdiction in one transaction: hub and leaders only,
 * the group locked, a resolved group left alone (409), the change written by `apply`, which
 * returns the event that records it. Answers the group as the screens show it.
 */
async function changeStoredGroup(
  deps: Deps,
  actor: Actor,
  groupId: string,
  apply: (
    trx: Transaction<Database>,
    group: { id: string; jurisdiction_id: string },
    now: Date,
  ) => Promise<{ type: string; payload: Record<string, unknown> }>,
): Promise<View> {
  requireRole(actor, ['hub', 'leader']);
  const now = deps.clock.now();
  const jurisdictionId = await deps.db.transaction().execute(async (trx) => {
    const group = await lockGroup(trx, groupId, [actor.jurisdictionId]);
    if (!group) throw new AppError('HOTSPOT_NOT_FOUND');
    if (group.status === 'resolved') throw new AppError('HOTSPOT_RESOLVED', {}, { currentStatus: group.status });
    const event = await apply(trx, group, now);
    await appendEvent(trx, {
      jurisdictionId: group.jurisdiction_id,
      caseId: null,
      type: event.type,
      actorId: actor.userId,
      unitId: actor.unitId,
      at: now,
      payload: event.payload,
    });
    return group.jurisdiction_id;
  });
  return storedGroupView(deps, jurisdictionId, groupId);
}

/**
 * Links a stored group to the one case that fixes its common cause (办理一个、解决一类) — a case
 * of the group's jurisdiction, by id or number, a member or one filed for the fix — and marks the
 * group as being fixed. Hub and leaders only; a resolved group cannot change. One event records it.
 */
export function linkHotspotFix(
  deps: Deps,
  actor: Actor,
  groupId: string,
  body: z.infer<typeof HotspotFixBody>,
): Promise<View> {
  return changeStoredGroup(deps, actor, groupId, async (trx, group, now) => {
    const fix = await findCaseByIdOrNumber(
      trx,
      group.jurisdiction_id,
      UUID.test(body.caseId) ? { id: body.caseId } : { number: body.caseId },
    );
    if (!fix) throw invalidField('caseId', '本辖区没有该诉求', 'no such case in this jurisdiction');
    await updateGroup(trx, group.id, {
      fix_case_id: fix.id,
      fix_note: body.note ?? null,
      status: 'fixing',
      updated_at: now,
    });
    return {
      type: 'hotspot.fix_linked',
      payload: { groupId: group.id, fixCaseId: fix.id, fixNumber: fix.number, note: body.note ?? null },
    };
  });
}

/** Marks a stored group resolved, with a note; hub and leaders only; recorded as one event. */
export function resolveHotspot(
  deps: Deps,
  actor: Actor,
  groupId: string,
  body: z.infer<typeof HotspotResolveBody>,
): Promise<View> {
  return changeStoredGroup(deps, actor, groupId, async (trx, group, now) => {
    await updateGroup(trx, group.id, { status: 'resolved', resolve_note: body.note, updated_at: now });
    return { type: 'hotspot.resolved', payload: { groupId: group.id, note: body.note } };
  });
}
