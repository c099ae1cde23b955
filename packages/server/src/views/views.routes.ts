import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import { CreateViewBody, SavedView, ViewIdParams } from './views.schemas.js';
import { createView, deleteView, listViews } from './views.service.js';

/** Saved worklist views: each user's own named filters. */
export function registerViewRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['views'];
  r.get(
    '/api/v1/views',
    {
      schema: {
        tags,
        summary: '我的常用筛选 / my saved worklist views',
        security: SECURED,
        response: { 200: z.array(SavedView), ...errorResponses(401) },
      },
    },
    (request) => listViews(deps, actorOf(request)),
  );
  r.post(
    '/api/v1/views',
    {
      schema: {
        tags,
        summary: '保存筛选 / save the worklist filter under a name',
        security: SECURED,
        body: CreateViewBody,
        response: { 201: SavedView, ...errorResponses(400, 401, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await createView(deps, actorOf(request), request.body)),
  );
  r.delete(
    '/api/v1/views/:id',
    {
      schema: {
        tags,
        summary: '删除筛选 / delete one of my views',
        security: SECURED,
        params: ViewIdParams,
        response: { 204: z.null(), ...errorResponses(401, 404) },
      },
    },
    async (request, reply) => {
      await deleteView(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
