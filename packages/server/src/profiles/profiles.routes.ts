import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import {
  ProfileDocument,
  ProfileResponse,
  ProfileVersionParams,
  ProfileVersionView,
  UpdateProfileBody,
  ValidationView,
} from './profiles.schemas.js';
import {
  activeProfile,
  getProfileVersion,
  listProfileVersions,
  updateProfile,
  validateProfile,
} from './profiles.service.js';

/** The jurisdiction's profile: reading it and its versions, storing a new one, checking a draft. */
export function registerProfileRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['profile'];

  r.get(
    '/api/v1/profile',
    {
      schema: {
        tags,
        summary: '当前辖区规则配置 / the jurisdiction’s active profile',
        security: SECURED,
        response: { 200: ProfileResponse, ...errorResponses(401) },
      },
    },
    async (request) => activeProfile(deps.db, actorOf(request).jurisdictionId),
  );
  r.get(
    '/api/v1/profile/versions',
    {
      schema: {
        tags,
        summary: '规则配置历史 / every version with who changed it',
        security: SECURED,
        response: { 200: z.array(ProfileVersionView), ...errorResponses(401, 403) },
      },
    },
    (request) => listProfileVersions(deps, actorOf(request)),
  );
  r.get(
    '/api/v1/profile/versions/:version',
    {
      schema: {
        tags,
        summary: '某一版本 / one version',
        security: SECURED,
        params: ProfileVersionParams,
        response: { 200: ProfileResponse, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => getProfileVersion(deps, actorOf(request), request.params.version),
  );
  r.put(
    '/api/v1/profile',
    {
      schema: {
        tags,
        summary: '修改规则配置（管理员，生成新版本）/ store a new version (admin)',
        security: SECURED,
        body: UpdateProfileBody,
        response: { 200: ProfileResponse, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => updateProfile(deps, actorOf(request), request.body.profile, request.body.note),
  );
  r.post(
    '/api/v1/profile/validate',
    {
      schema: {
        tags,
        summary: '校验规则配置，不保存 / validate without storing',
        security: SECURED,
        body: ProfileDocument,
        response: { 200: ValidationView, ...errorResponses(400, 401) },
      },
    },
    (request) => validateProfile(request.body),
  );
}
