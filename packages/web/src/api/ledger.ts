import { api } from './client';
import type { BodyOf, ResponseOf } from './models';

/** A service grid with its town, department and liaison (`GET /api/v1/grids`). */
export type Grid = ResponseOf<'/api/v1/grids'>[number];

/** What draws or changes a grid. */
export type GridBody = BodyOf<'/api/v1/grids'>;

/** An enterprise's condition records: the current of each kind and the history (`GET …/conditions`). */
export type Conditions = ResponseOf<'/api/v1/enterprises/{id}/conditions'>;

/** One condition record. */
export type ConditionRecord = Conditions['history'][number];

/** A new condition record. */
export type ConditionBody = BodyOf<'/api/v1/enterprises/{id}/conditions'>;

/** A page of projects (`GET /api/v1/projects`). */
export type ProjectList = ResponseOf<'/api/v1/projects'>;

/** One project with its "三个一" team. */
export type Project = ProjectList['items'][number];

/** One project with the history of its stage and progress (`GET /api/v1/projects/{id}`). */
export type ProjectDetail = ResponseOf<'/api/v1/projects/{id}'>;

/** What registers or changes a project. */
export type ProjectBody = BodyOf<'/api/v1/projects'>;

/** A staff member a project may name as its leader or officer. */
export type StaffPerson = ResponseOf<'/api/v1/activities/people'>[number];

/** `POST` or `PUT /api/v1/grids[/{id}]`: draws a grid, or changes one. */
export function saveGrid(id: string | null, body: GridBody): Promise<Grid> {
  return id
    ? api<Grid>(`/api/v1/grids/${encodeURIComponent(id)}`, { method: 'PUT', body })
    : api<Grid>('/api/v1/grids', { method: 'POST', body });
}

/** `DELETE /api/v1/grids/{id}`: removes an empty grid. */
export function deleteGrid(id: string): Promise<unknown> {
  return api<unknown>(`/api/v1/grids/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** `PUT /api/v1/enterprises/{id}` with only the grid or the key flag. */
export function placeEnterprise(id: string, body: { gridId?: string | null; key?: boolean }): Promise<unknown> {
  return api<unknown>(`/api/v1/enterprises/${encodeURIComponent(id)}`, { method: 'PUT', body });
}

/** `POST /api/v1/enterprises/{id}/conditions`: appends a record. */
export function addCondition(id: string, body: ConditionBody): Promise<ConditionRecord> {
  return api<ConditionRecord>(`/api/v1/enterprises/${encodeURIComponent(id)}/conditions`, { method: 'POST', body });
}

/** `POST` or `PUT /api/v1/projects[/{id}]`. */
export function saveProject(id: string | null, body: ProjectBody): Promise<Project> {
  return id
    ? api<Project>(`/api/v1/projects/${encodeURIComponent(id)}`, { method: 'PUT', body })
    : api<Project>('/api/v1/projects', { method: 'POST', body });
}

/** The path of the project list for the filters chosen. */
export function projectsPath(filter: { key?: string; stage?: string; regionCode?: string; page: number }): string {
  const q = new URLSearchParams({ page: String(filter.page), pageSize: '20' });
  if (filter.key) q.set('key', filter.key);
  if (filter.stage) q.set('stage', filter.stage);
  if (filter.regionCode) q.set('regionCode', filter.regionCode);
  return `/api/v1/projects?${q.toString()}`;
}
