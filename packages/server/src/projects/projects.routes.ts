import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import {
  CreateProjectBody,
  ListProjectsQuery,
  ProjectDetail,
  ProjectIdParams,
  ProjectView,
  UpdateProjectBody,
} from './projects.schemas.js';
import { createProject, getProject, listProjects, updateProject } from './projects.service.js';

/** The project ledger with its "三个一" teams (seed 004 三(二)1): kept by the hub, read by each team. */
export function registerProjectRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = { security: SECURED, tags: ['projects'] };
  r.get(
    '/api/v1/projects',
    {
      schema: {
        ...base,
        summary: '项目台账（重点、阶段、镇街筛选）/ the project ledger, by key flag, stage and town',
        querystring: ListProjectsQuery,
        response: {
          200: z.object({ items: z.array(ProjectView), total: z.number() }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    (request) => listProjects(deps, actorOf(request), request.query),
  );
  r.get(
    '/api/v1/projects/:id',
    {
      schema: {
        ...base,
        summary: '项目详情及阶段、进展历史 / one project with the history of its stage and progress',
        params: ProjectIdParams,
        response: { 200: ProjectDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => getProject(deps, actorOf(request), request.params.id),
  );
  r.post(
    '/api/v1/projects',
    {
      schema: {
        ...base,
        summary: '登记项目及其“三个一”专班（管理员、营商办）/ register a project and its team (admin, hub)',
        body: CreateProjectBody,
        response: { 201: ProjectDetail, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await createProject(deps, actorOf(request), request.body)),
  );
  r.put(
    '/api/v1/projects/:id',
    {
      schema: {
        ...base,
        summary: '修改项目 / change a project',
        params: ProjectIdParams,
        body: UpdateProjectBody,
        response: { 200: ProjectDetail, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => updateProject(deps, actorOf(request), request.params.id, request.body),
  );
}
