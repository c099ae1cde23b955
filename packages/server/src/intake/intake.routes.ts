import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../context.js';
import { AppError, invalidField } from '../errors.js';
import { actorOf } from '../http/auth-hook.js';
import { errorResponses, SECURED } from '../http/common-schemas.js';
import { CaseIdParams, CreatedCase } from '../cases/cases.schemas.js';
import { caseUnfetchedLinks } from './attachment-fetches.service.js';
import {
  CreatedIntakeKey,
  CreateIntakeKeyBody,
  IntakeBody,
  IntakeKeyParams,
  IntakeKeyView,
  PendingFetchView,
} from './intake.schemas.js';
import { createIntakeKey, listIntakeKeys, receiveIntake, revokeIntakeKey, verifyIntake } from './intake.service.js';
import { z } from 'zod';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body exactly as sent, for routes that verify a signature over it. */
    rawBody?: string;
  }
}

/** The signed path, public to the bearer check: the signature is its authentication. */
export const INTAKE_PATH = '/api/v1/intake/cases';

const header = (request: FastifyRequest, name: string) => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Signed intake for other platforms (12345, a city platform; SPEC §10) and the admin's keys for
 * them. The intake route reads its JSON body as text first, so that the HMAC is checked over the
 * bytes sent, and checks the signature before the body is validated: a caller without a valid
 * signature learns nothing about the body's shape.
 */
export async function registerIntakeRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  await app.register((scope, _options, done) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body: string | Buffer, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      request.rawBody = text;
      try {
        done(null, text === '' ? undefined : JSON.parse(text));
      } catch {
        done(invalidField('body', '请求体不是有效的 JSON', 'the body is not valid JSON'), undefined);
      }
    });
    const r = scope.withTypeProvider<ZodTypeProvider>();
    r.post(
      INTAKE_PATH,
      {
        schema: {
          tags: ['intake'],
          summary:
            '签名接入（12345、市级平台）：按 externalRef 幂等 / signed intake from another platform, idempotent by externalRef',
          description:
            '头 X-Qisu-Key、X-Qisu-Timestamp（Unix 秒，与服务器相差不超过 300 秒）、X-Qisu-Signature（密钥对“时间戳.原始请求体”的 HMAC-SHA256 十六进制）。Headers X-Qisu-Key, X-Qisu-Timestamp (Unix seconds, within 300 s) and X-Qisu-Signature (hex HMAC-SHA256 of "<timestamp>.<raw body>").',
          body: IntakeBody,
          response: { 200: CreatedCase, 201: CreatedCase, ...errorResponses(400, 401, 409) },
        },
        preValidation: async (request) => {
          request.actor = {
            ...(await verifyIntake(
              deps,
              {
                keyId: header(request, 'x-qisu-key'),
                timestamp: header(request, 'x-qisu-timestamp'),
                signature: header(request, 'x-qisu-signature'),
              },
              request.rawBody ?? '',
            )),
          };
        },
      },
      async (request, reply) => {
        if (!request.actor) throw new AppError('INTAKE_SIGNATURE_INVALID');
        const { created, ...answer } = await receiveIntake(deps, request.actor, request.body);
        return reply.code(created ? 201 : 200).send(answer);
      },
    );
    done();
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/cases/:id/attachment-links',
    {
      schema: {
        security: SECURED,
        tags: ['attachments'],
        summary:
          '其他平台随诉求发来、尚未成为附件的链接（等待获取或已放弃）/ links a platform sent with the case that are not attachments yet',
        params: CaseIdParams,
        response: { 200: z.array(PendingFetchView), ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => caseUnfetchedLinks(deps, actorOf(request), request.params.id),
  );

  const base = { security: SECURED, tags: ['admin'] };
  r.get(
    '/api/v1/admin/intake-keys',
    {
      schema: {
        ...base,
        summary: '接入密钥（12345、市级平台）/ the keys of the platforms that file by signed intake',
        response: { 200: z.array(IntakeKeyView), ...errorResponses(401, 403) },
      },
    },
    (request) => listIntakeKeys(deps, actorOf(request)),
  );
  r.post(
    '/api/v1/admin/intake-keys',
    {
      schema: {
        ...base,
        summary: '新建接入密钥（密钥只显示一次）/ a new key; its secret is shown once',
        body: CreateIntakeKeyBody,
        response: { 201: CreatedIntakeKey, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await createIntakeKey(deps, actorOf(request), request.body)),
  );
  r.post(
    '/api/v1/admin/intake-keys/:id/revoke',
    {
      schema: {
        ...base,
        summary: '停用接入密钥 / revoke a key',
        params: IntakeKeyParams,
        response: { 200: IntakeKeyView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => revokeIntakeKey(deps, actorOf(request), request.params.id),
  );
}
