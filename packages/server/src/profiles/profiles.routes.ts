import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProfileSchema } from '@qisu/core';
import { requireRole } from '../access/require.js';
import type { Deps } from '../context.js';
import { AppError } from '../errors.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import {
  activeProfile,
  listProfileVersions,
  profileVersion,
  updateProfile,
  validateProfile,
} from './profiles.service.js';

/** What an admin sends: any document, checked by the service so that problems come back with their paths. */
const ProfileDocument = z.record(z.string(), z.unknown()).describe('profile document (SPEC §5), see profiles/*.yaml');
/** What the server answers: a valid profile, so clients read typed rules. */
const ProfileResponse = ProfileSchema.describe('profile document (SPEC §5), see profiles/*.yaml');

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
        response: {
          200: z.array(
            z.object({
              version: z.number(),
              note: z.string().nullable(),
              createdAt: z.string(),
              createdBy: z.string().nullable(),
              createdByName: z.string().nullable(),
            }),
          ),
          ...errorResponses(401, 403),
        },
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
        params: z.object({ version: z.coerce.number().int().positive() }),
        response: { 200: ProfileResponse, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      requireRole(actor, ['admin', 'hub', 'leader']);
      const known = await deps.db
        .selectFrom('profiles')
        .select('version')
        .where('jurisdiction_id', '=', actor.jurisdictionId)
        .where('version', '=', request.params.version)
        .executeTakeFirst();
      if (!known) throw new AppError('NOT_FOUND');
      return profileVersion(deps.db, actor.jurisdictionId, request.params.version);
    },
  );
  r.put(
    '/api/v1/profile',
    {
      schema: {
        tags,
        summary: '修改规则配置（管理员，生成新版本）/ store a new version (admin)',
        security: SECURED,
        body: z.object({ profile: ProfileDocument, note: z.string().trim().max(500).optional() }),
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
        response: {
          200: z.object({
            valid: z.boolean(),
            problems: z.array(z.object({ field: z.string(), problem: z.string() })),
          }),
          ...errorResponses(400, 401),
        },
      },
    },
    (request) => validateProfile(request.body),
  );
}
