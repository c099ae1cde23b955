import type { Actor } from '../access/actor.js';
import { requireRole } from '../access/require.js';
import type { Deps } from '../context.js';
import { isUniqueViolation } from '../db/errors.js';
import { enterpriseInJurisdiction } from '../enterprises/enterprises.service.js';
import { AppError, invalidField } from '../errors.js';
import { regionExists } from '../org/org.service.js';
import {
  findActiveUser,
  findUnit,
  findVisibleProject,
  insertProject,
  insertProjectUpdate,
  listVisibleProjects,
  projectUpdates,
  updateProjectRow,
} from './projects.repository.js';
import type { CreateProjectInput, ListProjectsFilter, ProjectDto, UpdateProjectInput } from './projects.schemas.js';

/** Who keeps the project ledger: the admin and the hub. */
const PROJECT_KEEPERS = ['admin', 'hub'] as const;
/** Who may read it, each within their scope (a team member sees their projects). */
const PROJECT_READERS = ['admin', 'hub', 'leader', 'liaison', 'unit_handler', 'unit_head'] as const;

type Row = NonNullable<Awaited<ReturnType<typeof findVisibleProject>>>;

function view(p: Row): ProjectDto {
  return {
    id: p.id,
    name: p.name,
    enterpriseId: p.enterprise_id,
    enterpriseName: p.enterprise_name,
    regionCode: p.region_code,
    stage: p.stage,
    investmentWan: p.investment_wan === null ? null : Number(p.investment_wan),
    key: p.key_project,
    leaderUserId: p.leader_user_id,
    leaderName: p.leader_name,
    responsibleUnitId: p.responsible_unit_id,
    responsibleUnitName: p.unit_name,
    officerUserId: p.officer_user_id,
    officerName: p.officer_name,
    statusNote: p.status_note,
    updatedAt: p.updated_at.toISOString(),
  };
}

/**
 * Checks every member a body names against the jurisdiction, each a 400 on its field: the
 * enterprise on the ledger, the region, the leader an active user with the leader role, the unit
 * a unit, the officer an active staff user (not an enterprise contact).
 */
async function checkMembers(deps: Deps, actor: Actor, input: UpdateProjectInput): Promise<void> {
  const j = actor.jurisdictionId;
  if (input.enterpriseId && !(await enterpriseInJurisdiction(deps.db, j, input.enterpriseId))) {
    throw invalidField('enterpriseId', '企业不在本辖区台账中', 'no such enterprise on the ledger here');
  }
  if (input.regionCode && !(await regionExists(deps.db, input.regionCode))) {
    throw invalidField('regionCode', '行政区划代码不存在', 'unknown region code');
  }
  if (input.leaderUserId) {
    const leader = await findActiveUser(deps.db, j, input.leaderUserId);
    if (!leader?.roles.includes('leader')) {
      throw invalidField('leaderUserId', '联系领导不存在或不是领导', 'no such leader');
    }
  }
  if (input.responsibleUnitId && !(await findUnit(deps.db, j, input.responsibleUnitId))) {
    throw invalidField('responsibleUnitId', '责任部门不存在', 'no such unit');
  }
  if (input.officerUserId) {
    const officer = await findActiveUser(deps.db, j, input.officerUserId);
    if (!officer || officer.roles.length === 0 || officer.roles.every((r) => r === 'enterprise')) {
      throw invalidField('officerUserId', '项目专员不存在或不是工作人员', 'no such staff member');
    }
  }
}

/**
 * The projects in the caller's scope (seed 004 三(二)1, 003's 项目): filtered by key flag, stage,
 * region (a town) and enterprise; key projects first.
 */
export async function listProjects(deps: Deps, actor: Actor, filter: ListProjectsFilter) {
  requireRole(actor, PROJECT_READERS);
  const { rows, total } = await listVisibleProjects(deps.db, actor, filter);
  return { items: rows.map(view), total };
}

/**
 * One project with the history of its stage and progress, newest first; a 404 outside the
 * caller's scope (not on its team, not on its ledger).
 */
export async function getProject(deps: Deps, actor: Actor, id: string) {
  requireRole(actor, PROJECT_READERS);
  const row = await findVisibleProject(deps.db, actor, id);
  if (!row) throw new AppError('NOT_FOUND');
  const history = await projectUpdates(deps.db, id);
  return {
    ...view(row),
    history: history.map((h) => ({
      stage: h.stage,
      statusNote: h.status_note,
      recordedByName: h.recorded_by_name,
      recordedAt: h.recorded_at.toISOString(),
    })),
  };
}

/** Registers a project with its "三个一" team (admin, hub); a name already used is a 409 on `name`. */
export async function createProject(deps: Deps, actor: Actor, input: CreateProjectInput) {
  requireRole(actor, PROJECT_KEEPERS);
  await checkMembers(deps, actor, input);
  try {
    const id = await deps.db.transaction().execute(async (trx) => {
      const { id } = await insertProject(trx, {
        jurisdiction_id: actor.jurisdictionId,
        name: input.name,
        enterprise_id: input.enterpriseId ?? null,
        region_code: input.regionCode ?? null,
        stage: input.stage,
        investment_wan: input.investmentWan ?? null,
        key_project: input.key ?? false,
        leader_user_id: input.leaderUserId ?? null,
        responsible_unit_id: input.responsibleUnitId ?? null,
        officer_user_id: input.officerUserId ?? null,
        status_note: input.statusNote ?? null,
        created_by: actor.userId,
        created_at: deps.clock.now(),
        updated_at: deps.clock.now(),
      });
      await insertProjectUpdate(trx, {
        project_id: id,
        stage: input.stage,
        status_note: input.statusNote ?? null,
        recorded_by: actor.userId,
        recorded_at: deps.clock.now(),
      });
      return id;
    });
    return await getProject(deps, actor, id);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', { detail: input.name }, { field: 'name' });
    throw error;
  }
}

/**
 * Changes a project, its stage or its team (admin, hub); a new stage or progress note is added to
 * the project's history in the same transaction.
 */
export async function updateProject(deps: Deps, actor: Actor, id: string, input: UpdateProjectInput) {
  requireRole(actor, PROJECT_KEEPERS);
  const current = await findVisibleProject(deps.db, actor, id);
  if (!current) throw new AppError('NOT_FOUND');
  await checkMembers(deps, actor, input);
  const stage = input.stage ?? current.stage;
  const note = input.statusNote !== undefined ? input.statusNote : current.status_note;
  try {
    await deps.db.transaction().execute(async (trx) => {
      await updateProjectRow(trx, current.jurisdiction_id, id, {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.enterpriseId !== undefined ? { enterprise_id: input.enterpriseId } : {}),
        ...(input.regionCode !== undefined ? { region_code: input.regionCode } : {}),
        ...(input.stage !== undefined ? { stage: input.stage } : {}),
        ...(input.investmentWan !== undefined ? { investment_wan: input.investmentWan } : {}),
        ...(input.key !== undefined ? { key_project: input.key } : {}),
        ...(input.leaderUserId !== undefined ? { leader_user_id: input.leaderUserId } : {}),
        ...(input.responsibleUnitId !== undefined ? { responsible_unit_id: input.responsibleUnitId } : {}),
        ...(input.officerUserId !== undefined ? { officer_user_id: input.officerUserId } : {}),
        ...(input.statusNote !== undefined ? { status_note: input.statusNote } : {}),
        updated_at: deps.clock.now(),
      });
      if (stage !== current.stage || note !== current.status_note) {
        await insertProjectUpdate(trx, {
          project_id: id,
          stage,
          status_note: note,
          recorded_by: actor.userId,
          recorded_at: deps.clock.now(),
        });
      }
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', { detail: input.name ?? '' }, { field: 'name' });
    throw error;
  }
  return getProject(deps, actor, id);
}
