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
  LiaisonView,
  ListUsersQuery,
  RegionView,
  ResetPasswordBody,
  SettingsBody,
  UnitIdParams,
  UnitView,
  UpdateUnitBody,
  UpdateUserBody,
  UserDetail,
  UserIdParams,
  UserView,
} from './org.schemas.js';
import {
  createUnit,
  createUser,
  currentJurisdiction,
  getUser,
  listCategories,
  listLiaisons,
  listRegions,
  listUnits,
  listUsers,
  resetPassword,
  updateSettings,
  updateUnit,
  updateUser,
} from './org.service.js';

/** Organisation routes: units, users, regions, categories, liaisons and the jurisdiction's settings. */
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
  r.put(
    '/api/v1/units/:id',
    {
      schema: {
        ...base,
        tags: ['organisation'],
        summary: '修改单位（管理员）/ change a unit (admin)',
        params: UnitIdParams,
        body: UpdateUnitBody,
        response: { 200: UnitView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => updateUnit(deps, actorOf(request), request.params.id, request.body),
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
        querystring: ListUsersQuery,
        response: { 200: z.array(UserView), ...errorResponses(400, 401, 403) },
      },
    },
    (request) => listUsers(deps, actorOf(request), request.query),
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
  r.get(
    '/api/v1/users/:id',
    {
      schema: {
        ...base,
        tags: ['organisation'],
        summary: '用户详情（管理员，完整手机号）/ one user with the whole mobile (admin)',
        params: UserIdParams,
        response: { 200: UserDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => getUser(deps, actorOf(request), request.params.id),
  );
  r.put(
    '/api/v1/users/:id',
    {
      schema: {
        ...base,
        tags: ['organisation'],
        summary: '修改用户、停用或启用（管理员）/ change, disable or enable a user (admin)',
        params: UserIdParams,
        body: UpdateUserBody,
        response: { 200: UserView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => updateUser(deps, actorOf(request), request.params.id, request.body),
  );
  r.post(
    '/api/v1/users/:id/reset-password',
    {
      schema: {
        ...base,
        tags: ['organisation'],
        summary: '重置密码并注销其会话（管理员）/ set a new password and end the user’s sessions (admin)',
        params: UserIdParams,
        body: ResetPasswordBody,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await resetPassword(deps, actorOf(request), request.params.id, request.body.password);
      return reply.status(204).send(null);
    },
  );
  r.get(
    '/api/v1/liaisons',
    {
      schema: {
        ...base,
        tags: ['organisation'],
        summary: '本辖区助企联络员（供企业台账指派）/ the jurisdiction’s liaisons, for assigning enterprises',
        response: { 200: z.array(LiaisonView), ...errorResponses(401, 403) },
      },
    },
    (request) => listLiaisons(deps, actorOf(request)),
  );
}
