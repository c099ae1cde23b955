import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import type { Deps } from '../context.js';
import { isUniqueViolation } from '../db/errors.js';
import { enterprisesPerGrid, handGridLiaison, renameGridOnLedger } from '../enterprises/enterprises.service.js';
import { AppError, invalidField } from '../errors.js';
import {
  deleteEmptyGrid,
  findActiveLiaison,
  findGrid,
  findUnitKind,
  insertGrid,
  listGridRows,
  updateGridRow,
} from './grids.repository.js';
import type { CreateGridInput, GridDto, UpdateGridInput } from './grids.schemas.js';

/** Who keeps the grids: the admin and the hub (营商办 / 政务审批局, seed 004 三(三)2). */
const GRID_KEEPERS = ['admin', 'hub'] as const;
/** Who reads them: the staff who keep or use the ledger. */
const GRID_READERS = ['admin', 'hub', 'leader', 'liaison', 'unit_handler', 'unit_head'] as const;

/**
 * Checks the 1+1+X members of a grid against the jurisdiction: the town a unit of kind town or
 * park, the department a unit, the liaison an active liaison — each a 400 naming its field.
 */
async function checkMembers(deps: Deps, actor: Actor, input: UpdateGridInput): Promise<void> {
  if (input.townUnitId) {
    const unit = await findUnitKind(deps.db, actor.jurisdictionId, input.townUnitId);
    if (!unit || (unit.kind !== 'town' && unit.kind !== 'park')) {
      throw invalidField('townUnitId', '镇街不存在或不是镇街、园区', 'no such town, street or park');
    }
  }
  if (input.departmentUnitId && !(await findUnitKind(deps.db, actor.jurisdictionId, input.departmentUnitId))) {
    throw invalidField('departmentUnitId', '行业主管部门不存在', 'no such department');
  }
  if (input.liaisonUserId && !(await findActiveLiaison(deps.db, actor.jurisdictionId, input.liaisonUserId))) {
    throw invalidField('liaisonUserId', '联络员不存在或不是联络员', 'no such liaison');
  }
}

async function gridViews(deps: Deps, jurisdictionId: string, id?: string): Promise<GridDto[]> {
  const rows = await listGridRows(deps.db, jurisdictionId, id);
  const counts = await enterprisesPerGrid(
    deps.db,
    rows.map((r) => r.id),
  );
  return rows.map((g) => ({
    id: g.id,
    name: g.name,
    townUnitId: g.town_unit_id,
    townUnitName: g.town_unit_name,
    departmentUnitId: g.department_unit_id,
    departmentUnitName: g.department_unit_name,
    liaisonUserId: g.liaison_user_id,
    liaisonName: g.liaison_name,
    note: g.note,
    enterprises: counts.get(g.id) ?? 0,
  }));
}

/** The jurisdiction's service grids with their members and enterprise counts (staff). */
export async function listGrids(deps: Deps, actor: Actor): Promise<GridDto[]> {
  requireRole(actor, GRID_READERS);
  return gridViews(deps, actor.jurisdictionId);
}

/** Draws a new grid (admin, hub); a name already used in the jurisdiction is a 409 on `name`. */
export async function createGrid(deps: Deps, actor: Actor, input: CreateGridInput): Promise<GridDto> {
  requireRole(actor, GRID_KEEPERS);
  await checkMembers(deps, actor, input);
  try {
    const { id } = await insertGrid(deps.db, {
      jurisdiction_id: actor.jurisdictionId,
      name: input.name,
      town_unit_id: input.townUnitId ?? null,
      department_unit_id: input.departmentUnitId ?? null,
      liaison_user_id: input.liaisonUserId ?? null,
      note: input.note ?? null,
    });
    return (await gridViews(deps, actor.jurisdictionId, id))[0]!;
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', { detail: input.name }, { field: 'name' });
    throw error;
  }
}

/**
 * Changes a grid (admin, hub). A new liaison takes over every enterprise of the grid that has no
 * liaison of its own, and a new name follows onto their ledger entries, in one transaction.
 */
export async function updateGrid(deps: Deps, actor: Actor, id: string, input: UpdateGridInput): Promise<GridDto> {
  requireRole(actor, GRID_KEEPERS);
  const current = await findGrid(deps.db, actor.jurisdictionId, id);
  if (!current) throw new AppError('NOT_FOUND');
  await checkMembers(deps, actor, input);
  try {
    await deps.db.transaction().execute(async (trx) => {
      await updateGridRow(trx, id, {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.townUnitId !== undefined ? { town_unit_id: input.townUnitId } : {}),
        ...(input.departmentUnitId !== undefined ? { department_unit_id: input.departmentUnitId } : {}),
        ...(input.liaisonUserId !== undefined ? { liaison_user_id: input.liaisonUserId } : {}),
        ...(input.note !== undefined ? { note: input.note } : {}),
        updated_at: deps.clock.now(),
      });
      if (input.liaisonUserId !== undefined && input.liaisonUserId !== current.liaison_user_id) {
        await handGridLiaison(trx, id, input.liaisonUserId);
      }
      if (input.name !== undefined && input.name !== current.name) await renameGridOnLedger(trx, id, input.name);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', { detail: input.name ?? '' }, { field: 'name' });
    throw error;
  }
  return (await gridViews(deps, actor.jurisdictionId, id))[0]!;
}

/** Removes an empty grid (admin, hub); a grid that still holds enterprises is a 409. */
export async function deleteGrid(deps: Deps, actor: Actor, id: string): Promise<void> {
  requireRole(actor, GRID_KEEPERS);
  const current = await findGrid(deps.db, actor.jurisdictionId, id);
  if (!current) throw new AppError('NOT_FOUND');
  if (!(await deleteEmptyGrid(deps.db, id))) {
    throw new AppError('CONFLICT', { detail: '网格内仍有企业 / the grid still holds enterprises' });
  }
}
