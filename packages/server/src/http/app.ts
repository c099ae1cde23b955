import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { maskPersonalText } from '@qisu/core';
import { registerAttachmentRoutes } from '../attachments/attachments.routes.js';
import { registerAuthRoutes } from '../auth/auth.routes.js';
import type { LocalBackupOptions } from '../backup/backup.routes.js';
import { registerLocalBackupRoute } from '../backup/backup.routes.js';
import { registerCalendarRoutes } from '../calendar/calendar.routes.js';
import { registerCaseRoutes } from '../cases/cases.routes.js';
import { registerClockRoutes } from '../clocks/clocks.routes.js';
import type { Deps } from '../context.js';
import type { Engine } from '../db/database.js';
import { registerEnterpriseRoutes } from '../enterprises/enterprises.routes.js';
import { registerGridRoutes } from '../grids/grids.routes.js';
import { registerProjectRoutes } from '../projects/projects.routes.js';
import { registerEventRoutes } from '../events/events.routes.js';
import { registerOrgRoutes } from '../org/org.routes.js';
import { registerOversightRoutes } from '../oversight/oversight.routes.js';
import { registerReportRoutes } from '../reports/reports.routes.js';
import { registerProfileRoutes } from '../profiles/profiles.routes.js';
import { registerRoutingRoutes } from '../routing/routing.routes.js';
import { registerViewRoutes } from '../views/views.routes.js';
import { registerTriageRoutes } from '../triage/triage.routes.js';
import { registerPolicyRoutes } from '../policies/policies.routes.js';
import { registerPublicRoutes } from '../public/public.routes.js';
import { registerHotspotRoutes } from '../hotspots/hotspots.routes.js';
import { registerIntakeRoutes } from '../intake/intake.routes.js';
import { registerImportRoutes } from '../imports/imports.routes.js';
import { registerWebhookRoutes } from '../webhooks/webhooks.routes.js';
import { registerHandupRoutes } from '../handups/handups.routes.js';
import { registerLibraryRoutes } from '../library/library.routes.js';
import { registerServiceItemRoutes } from '../service-items/service-items.routes.js';
import { registerSolicitationRoutes } from '../solicitations/solicitations.routes.js';
import { registerQuestionnaireRoutes } from '../questionnaires/questionnaires.routes.js';
import { registerActivityRoutes } from '../activities/activities.routes.js';
import { registerPolicyApplicationRoutes } from '../policy-applications/policy-applications.routes.js';
import { registerNotificationRoutes } from '../notifications/notifications.routes.js';
import { registerPiiRoutes } from '../pii/pii.routes.js';
import { registerOpen311ClientRoutes } from '../open311/open311-clients.routes.js';
import { refuseOpen311Url, registerOpen311Routes } from '../open311/open311.routes.js';
import type { SmsCodeSender } from '../outbox/channels.js';
import { registerAuthHook } from './auth-hook.js';
import { registerTextGuard } from './text-guard.js';
import { handleError, handleFrameworkError, handleNotFound } from './errors.js';

export interface AppOptions {
  deps: Deps;
  engine: Engine;
  version: string;
  logLevel?: string;
  rateLimitPerMinute?: number;
  loginFailuresPerIp?: number;
  corsOrigins?: string[];
  bodyLimitBytes?: number;
  tokenTtlHours?: number;
  trustProxy?: boolean;
  /** The built console to serve at `/`; when absent or not built, only the API is served. */
  webRoot?: string | null;
  /** The data folder whose `attachments/` holds uploaded files (default `./data`, as QISU_DATA_DIR). */
  storageDir?: string;
  /** Largest attachment accepted, in bytes (default 10 MB). */
  attachmentMaxBytes?: number;
  /** The platform's public address (`QISU_PUBLIC_URL`), which Open311 discovery names. */
  publicUrl?: string;
  /** Serve the CLI's local backup route (an embedded database held by this server); off when absent. */
  localBackup?: LocalBackupOptions;
  /** Who sends the codes of the login by SMS code; absent or null: that login answers 403. */
  smsCodeSender?: SmsCodeSender | null;
  /** Login codes one client address may ask for in an hour (default 20). */
  smsCodesPerAddressPerHour?: number;
}

/** Where `npm install` builds the console. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/** Paths and members whose values never reach a log line. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.mobile',
  '*.contactMobile',
  '*.idNumber',
  '*.token',
];

/**
 * Builds the HTTP application: security headers, closed CORS, body limits, request ids,
 * per-address rate limit, zod validation and the OpenAPI document, then every module's routes.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: options.bodyLimitBytes ?? 1_048_576,
    trustProxy: options.trustProxy ?? false,
    frameworkErrors: (error, request, reply) => {
      if (!refuseOpen311Url(error, request, reply)) handleFrameworkError(error, request, reply);
    },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    logger:
      options.logLevel === 'silent'
        ? false
        : {
            level: options.logLevel ?? 'info',
            redact: { paths: REDACT, censor: '[redacted]' },
            serializers: {
              req: (req: { method: string; url: string; id: string; ip?: string }) => ({
                id: req.id,
                method: req.method,
                url: maskPersonalText(req.url),
              }),
            },
          },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  registerTextGuard(app);
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
      },
    },
  });
  await app.register(cors, {
    origin: options.corsOrigins && options.corsOrigins.length > 0 ? options.corsOrigins : false,
  });
  await app.register(rateLimit, {
    global: true,
    max: options.rateLimitPerMinute ?? 3000,
    timeWindow: 60_000,
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'qisu 企诉 API',
        version: options.version,
        description:
          '企业诉求闭环办理平台接口。错误格式 {"error":{"code","message"}}，message 随 Accept-Language（默认 zh-CN）。\n' +
          'Closed-loop handling of enterprise demands. Errors are {"error":{"code","message"}}, in the language of Accept-Language (zh-CN by default).',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/health',
    {
      schema: {
        tags: ['system'],
        summary: '健康检查 / health',
        response: {
          200: z.object({ status: z.literal('ok'), db: z.enum(['pglite', 'postgres']), version: z.string() }),
          503: z.object({ status: z.literal('down'), db: z.enum(['pglite', 'postgres']), version: z.string() }),
        },
      },
    },
    async (_request, reply) => {
      try {
        await options.deps.db.selectFrom('jurisdictions').select('id').limit(1).execute();
        return { status: 'ok' as const, db: options.engine, version: options.version };
      } catch {
        return reply.status(503).send({ status: 'down' as const, db: options.engine, version: options.version });
      }
    },
  );
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());

  const webRoot = options.webRoot === undefined ? DEFAULT_WEB_ROOT : options.webRoot;
  if (webRoot && existsSync(join(webRoot, 'index.html'))) await serveConsole(app, webRoot);
  else app.setNotFoundHandler(handleNotFound);

  registerAuthHook(app, options.deps);
  const smsCodeSender = options.smsCodeSender;
  registerAuthRoutes(app, {
    ...options.deps,
    loginFailuresPerAddress: options.loginFailuresPerIp ?? 30,
    tokenTtlHours: options.tokenTtlHours ?? 12,
    smsLogin: smsCodeSender
      ? {
          sender: smsCodeSender,
          codesPerAddressPerHour: options.smsCodesPerAddressPerHour ?? 20,
          onSendError: (error) => app.log.error({ err: error }, 'login code not sent'),
        }
      : null,
  });
  registerOrgRoutes(app, options.deps);
  registerEnterpriseRoutes(app, options.deps);
  registerGridRoutes(app, options.deps);
  registerProjectRoutes(app, options.deps);
  registerImportRoutes(app, options.deps);
  registerCaseRoutes(app, options.deps);
  registerEventRoutes(app, options.deps);
  registerProfileRoutes(app, options.deps);
  registerCalendarRoutes(app, options.deps);
  registerClockRoutes(app, options.deps);
  registerRoutingRoutes(app, options.deps);
  registerAttachmentRoutes(app, options.deps, {
    storageDir: options.storageDir,
    maxBytes: options.attachmentMaxBytes,
  });
  registerViewRoutes(app, options.deps);
  registerTriageRoutes(app, options.deps);
  registerPolicyRoutes(app, options.deps);
  registerOversightRoutes(app, options.deps);
  registerReportRoutes(app, options.deps);
  registerPublicRoutes(app, options.deps);
  registerHotspotRoutes(app, options.deps);
  await registerIntakeRoutes(app, options.deps);
  registerWebhookRoutes(app, options.deps);
  registerHandupRoutes(app, options.deps);
  registerLibraryRoutes(app, options.deps);
  registerServiceItemRoutes(app, options.deps);
  registerSolicitationRoutes(app, options.deps);
  registerQuestionnaireRoutes(app, options.deps);
  registerActivityRoutes(app, options.deps);
  registerPolicyApplicationRoutes(app, options.deps);
  registerNotificationRoutes(app, options.deps);
  if (options.localBackup) {
    registerLocalBackupRoute(app, { ...options.deps, engine: options.engine }, options.localBackup);
  }
  registerPiiRoutes(app, options.deps);
  registerOpen311ClientRoutes(app, options.deps);
  await registerOpen311Routes(app, options.deps, {
    storageDir: options.storageDir,
    maxBytes: options.attachmentMaxBytes,
    publicUrl: options.publicUrl,
  });
  return app;
}

/**
 * Serves the built console: its hashed assets with long caching, and `index.html` for every other
 * GET outside `/api` and `/open311` (the interfaces answer their own 404), so that the console's
 * own routes survive a reload.
 */
async function serveConsole(app: FastifyInstance, root: string): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    cacheControl: false,
    setHeaders: (res, path) => {
      res.setHeader('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (
      request.method === 'GET' &&
      !path.startsWith('/api') &&
      !path.startsWith('/open311') &&
      !path.startsWith('/assets/')
    ) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return handleNotFound(request, reply);
  });
}
