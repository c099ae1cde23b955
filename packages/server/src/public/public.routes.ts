import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../context.js';
import { errorResponses } from '../http/common-schemas.js';
import { PublicJurisdictionParams, PublicJurisdictionView, PublicRankingView } from './public.schemas.js';
import { publicJurisdiction, publicRanking } from './public.service.js';

/**
 * Routes under `/api/v1/public/`, which the auth hook lets through without a token: what the
 * enterprise's phone needs before anyone has logged in (the QR entry page).
 */
export function registerPublicRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/public/jurisdictions/:code',
    {
      schema: {
        tags: ['public'],
        summary: '辖区公开信息（扫码入口，无需登录）/ a jurisdiction’s public details for its QR entry page (no login)',
        params: PublicJurisdictionParams,
        response: { 200: PublicJurisdictionView, ...errorResponses(400, 404, 429) },
      },
    },
    (request) => publicJurisdiction(deps, request.params.code),
  );
  r.get(
    '/api/v1/public/jurisdictions/:code/ranking',
    {
      schema: {
        tags: ['public'],
        summary:
          '晾晒：各承办单位上一周期排名与比率（辖区规则开启时公开，无需登录）/ the units’ public ranking of the last period, where the profile publishes it',
        params: PublicJurisdictionParams,
        response: { 200: PublicRankingView, ...errorResponses(400, 404, 429) },
      },
    },
    (request) => publicRanking(deps, request.params.code),
  );
}
