import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import {
  CategoryView,
  CreateUnitBody,
  CreateUserBody,
  JurisdictionView,
  RegionView,
  SettingsBody,
  UnitView,
  UserView,
} from './org.schemas.js';
import {
  createUnit,
  createUser,
  currentJurisdiction,
  listCategories,
  listRegions,
  listUnits,
  listUsers,
  updateSettings,
} from './org.service.js';

export function registerOrgRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = { security: SECURED };

  r.get(
    '/api/v1/units',
    {
      schema: {
        ...base,
        tags: ['organisation'],
        summary: '本辖区单位 / units of the caller’s jurisdiction',
        response: { 200: z.array(UnitView), ...errorResponses(401) },
      },
    },
    (request) => listUnits(deps, actorOf(request)),
  );
  r.post(
    '/api/v1/units',
    {
      schema: {
        ...base,
        tags: ['organisation'],
        summary: '新增单位（管理员）/ add a unit (admin)',
        body: CreateUnitBody,
        response: { 201: UnitView, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await createUnit(deps, actorOf(request), request.body)),
  );
  r.get(
    '/api/v1/jurisdiction',
    {
      schema: {
        ...base,
        tags: ['organisation'],
        summary: '当前辖区及设置 / the caller’s jurisdiction and its settings',
        response: { 200: JurisdictionView, ...errorResponses(401) },
      },
    },
    (request) => currentJurisdiction(deps, actorOf(request)),
  );
  r.put(
    '/api/v1/jurisdiction/settings',
    {
      schema: {
        ...base,
        tags: ['organisation'],
        summary: '修改辖区设置（管理员）/ change the jurisdiction’s settings (admin)',
        body: SettingsBody,
        response: { 200: JurisdictionView, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => updateSettings(deps, actorOf(request), request.body),
  );
  r.get(
    '/api/v1/regions',
    {
      schema: {
        ...base,
        tags: ['organisation'],
        summary: '行政区划 / regions',
        response: { 200: z.array(RegionView), ...errorResponses(401) },
      },
    },
    (request) => listRegions(deps, actorOf(request)),
  );
  r.get(
    '/api/v1/categories',
    {
      schema: {
        ...base,
        tags: ['organisation'],
        summary: '诉求分类 / case categories',
        response: { 200: z.array(CategoryView), ...errorResponses(401) },
      },
    },
    (request) => listCategories(deps, actorOf(request)),
  );
  r.get(
    '/api/v1/users',
    {
      schema: {
        ...base,
        tags: ['organisation'],
        summary: '用户（管理员）/ users (admin)',
        response: { 200: z.array(UserView), ...errorResponses(401, 403) },
      },
    },
    (request) => listUsers(deps, actorOf(request)),
  );
  r.post(
    '/api/v1/users',
    {
      schema: {
        ...base,
        tags: ['organisation'],
        summary: '新增用户（管理员）/ add a user (admin)',
        body: CreateUserBody,
        response: { 201: UserView, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await createUser(deps, actorOf(request), request.body)),
  );
}
