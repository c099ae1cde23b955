import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import { CreateGridBody, GridIdParams, GridView, UpdateGridBody } from './grids.schemas.js';
import { createGrid, deleteGrid, listGrids, updateGrid } from './grids.service.js';

/** Service grids (网格, seed 004 三(三)2 "企业+镇街+行业主管部门"): list for staff, kept by the admin and the hub. */
export function registerGridRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = { security: SECURED, tags: ['enterprises'] };
  r.get(
    '/api/v1/grids',
    {
      schema: {
        ...base,
        summary: '服务网格 / the service grids',
        response: { 200: z.array(GridView), ...errorResponses(401, 403) },
      },
    },
    (request) => listGrids(deps, actorOf(request)),
  );
  r.post(
    '/api/v1/grids',
    {
      schema: {
        ...base,
        summary: '划分服务网格（管理员、营商办）/ draw a grid (admin, hub)',
        body: CreateGridBody,
        response: { 201: GridView, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await createGrid(deps, actorOf(request), request.body)),
  );
  r.put(
    '/api/v1/grids/:id',
    {
      schema: {
        ...base,
        summary: '修改服务网格，联络员随之交接 / change a grid; its liaison takes over its enterprises',
        params: GridIdParams,
        body: UpdateGridBody,
        response: { 200: GridView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => updateGrid(deps, actorOf(request), request.params.id, request.body),
  );
  r.delete(
    '/api/v1/grids/:id',
    {
      schema: {
        ...base,
        summary: '删除空网格 / delete an empty grid',
        params: GridIdParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await deleteGrid(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
