import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../context.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import {
  HotspotFixBody,
  HotspotIdParams,
  HotspotList,
  HotspotQuery,
  HotspotResolveBody,
  HotspotView,
} from './hotspots.schemas.js';
import { linkHotspotFix, listHotspots, resolveHotspot } from './hotspots.service.js';

/** Hotspots: reading for hub, leader, admin and discipline; linking a fix and resolving for hub and leader. */
export function registerHotspotRoutes(app: FastifyInstance, deps: Deps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = { security: SECURED, tags: ['hotspots'] };

  r.get(
    '/api/v1/hotspots',
    {
      schema: {
        ...base,
        summary: '热点诉求：窗口内上升的同类诉求群组 / hotspots: groups of similar cases rising in the window',
        querystring: HotspotQuery,
        response: { 200: HotspotList, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => listHotspots(deps, actorOf(request), request.query),
  );
  r.post(
    '/api/v1/hotspots/:id/fix',
    {
      schema: {
        ...base,
        summary: '关联系统性整改诉求（办理一个、解决一类）/ link the systemic fix',
        params: HotspotIdParams,
        body: HotspotFixBody,
        response: { 200: HotspotView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => linkHotspotFix(deps, actorOf(request), request.params.id, request.body),
  );
  r.post(
    '/api/v1/hotspots/:id/resolve',
    {
      schema: {
        ...base,
        summary: '热点办结 / mark the hotspot resolved',
        params: HotspotIdParams,
        body: HotspotResolveBody,
        response: { 200: HotspotView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (request) => resolveHotspot(deps, actorOf(request), request.params.id, request.body),
  );
}
