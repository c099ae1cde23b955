import type { Actor } from '../access/actor.js';
import { ListCasesQuery } from '../cases/cases.schemas.js';
import type { Deps } from '../context.js';
import { AppError, invalidField } from '../errors.js';
import type { CreateViewInput } from './views.schemas.js';
import { countUserViews, deleteUserView, insertView, listUserViews } from './views.repository.js';

/** How many views one user may keep; enough for a day's work, small enough to list at once. */
export const MAX_VIEWS_PER_USER = 30;

const toDto = (r: { id: string; name: string; query: Record<string, string>; created_at: Date }) => ({
  id: r.id,
  name: r.name,
  query: r.query,
  createdAt: r.created_at.toISOString(),
});

/** Views belong to their user alone: nobody else lists, uses or deletes them. */
export async function listViews(deps: Deps, actor: Actor) {
  return (await listUserViews(deps.db, actor.userId)).map(toDto);
}

/**
 * Keeps a worklist filter under a name. The query must be one the list API accepts, so a view
 * never opens onto an error; paging is not part of a view.
 */
export async function createView(deps: Deps, actor: Actor, input: CreateViewInput) {
  const query = Object.fromEntries(
    Object.entries(input.query).filter(([k, v]) => k !== 'page' && k !== 'pageSize' && v !== ''),
  );
  const parsed = ListCasesQuery.safeParse(query);
  if (!parsed.success) {
    const path = parsed.error.issues[0]?.path.map(String).join('.') ?? '';
    throw invalidField(`query.${path}`, '筛选条件无效', 'not a valid worklist filter');
  }
  const unknown = Object.keys(query).filter((k) => !(k in ListCasesQuery.shape));
  if (unknown.length > 0) throw invalidField(`query.${unknown[0]}`, '不是工单列表的筛选条件', 'not a worklist filter');
  if (Number((await countUserViews(deps.db, actor.userId)).n) >= MAX_VIEWS_PER_USER) {
    throw new AppError('VIEW_LIMIT', { max: MAX_VIEWS_PER_USER });
  }
  const row = await insertView(deps.db, { userId: actor.userId, name: input.name, query, at: deps.clock.now() });
  if (!row) throw new AppError('VIEW_NAME_TAKEN', { name: input.name }, { field: 'name' });
  return toDto(row);
}

export async function deleteView(deps: Deps, actor: Actor, viewId: string): Promise<void> {
  const result = await deleteUserView(deps.db, actor.userId, viewId);
  if (Number(result.numDeletedRows) === 0) throw new AppError('NOT_FOUND');
}
