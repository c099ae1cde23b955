import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseCommand, CaseStatus, Role } from '@qisu/core';
import { CASE_COMMANDS, decideCommand } from '@qisu/core';
import { relationOf } from '../cases/cases.service.js';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { Matrix, MatrixActor, Placement, Variant } from '../testing/access-matrix.js';
import { buildMatrix, MATRIX_ACTORS, PLACEMENTS, send, VARIANTS } from '../testing/access-matrix.js';
import { ENGINES } from '../testing/engines.js';
import { testApp } from '../testing/http.js';
import { TEST_PII } from '../testing/pii.js';

const ROLES_OF: Record<MatrixActor, readonly Role[]> = {
  anonymous: [],
  admin: ['admin'],
  hub: ['hub'],
  leader: ['leader'],
  discipline: ['discipline'],
  unit1: ['unit_handler'],
  head1: ['unit_head'],
  liaison: ['liaison'],
  entA: ['enterprise'],
};

/** One request of the matrix and what it must answer. */
interface Pair {
  route: string;
  method: string;
  path: string;
  placement: Placement;
  actor: MatrixActor;
  variant: Variant | null;
}

type Expectation = { deny: readonly number[] } | { allow: true };

const commandOf = (path: string): CaseCommand | null => {
  const name = /^\/api\/v1\/cases\/\{id\}\/([a-z-]+)$/.exec(path)?.[1];
  return name && (CASE_COMMANDS as readonly string[]).includes(name) ? (name as CaseCommand) : null;
};

describe.each(ENGINES)('access control of every route, role and object on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let m: Matrix;
  const clock = new ManualClock('2026-11-02T01:00:00Z');

  beforeAll(async () => {
    handle = await engine.open();
    app = await testApp(handle, clock, { rateLimitPerMinute: 1_000_000, loginFailuresPerIp: 1_000_000 });
    m = await buildMatrix(app, handle.db, { db: handle.db, clock, pii: TEST_PII });
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  /** What the product must answer, from the placement, the actor's reach and core's transition table. */
  async function expectation(pair: Pair): Promise<Expectation> {
    const { placement, actor, variant } = pair;
    if (placement.who === 'anyone') return { allow: true };
    if (placement.who === 'signed') return { deny: [401] };
    if (actor === 'anonymous') return { deny: [401] };
    const roles = ROLES_OF[actor];
    const reaches = placement.object && variant ? m.reaches(placement.object, variant, actor) : true;
    if (placement.who !== 'any' && !roles.some((r) => (placement.who as readonly Role[]).includes(r))) {
      // A role that may not call the route; naming an object it cannot see may answer 404 first.
      return { deny: reaches ? [403] : [403, 404] };
    }
    if (!reaches) return { deny: [404] };
    const command = commandOf(pair.path);
    if (command && variant) {
      const caseId = m.object('case', variant, actor);
      const row = await handle.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
      const assignments = await handle.db.selectFrom('assignments').selectAll().where('case_id', '=', caseId).execute();
      const decision = decideCommand(
        command,
        row.status as CaseStatus,
        relationOf(m.w.actors[actor], row, assignments),
      );
      if (decision.kind === 'forbidden') return { deny: [403] };
      if (decision.kind === 'illegal') return { deny: [409] };
    }
    return { allow: true };
  }

  function pairs(): Pair[] {
    const all: Pair[] = [];
    for (const route of Object.keys(PLACEMENTS)) {
      const [method, path] = route.split(' ') as [string, string];
      const placement = PLACEMENTS[route]!;
      for (const actor of MATRIX_ACTORS) {
        for (const variant of placement.object ? VARIANTS : [null]) {
          all.push({ route, method, path, placement, actor, variant });
        }
      }
    }
    return all;
  }

  const urlOf = (pair: Pair) => {
    let url = pair.path;
    if (pair.placement.object && pair.variant) {
      url = url.replace('{id}', m.object(pair.placement.object, pair.variant, pair.actor));
    }
    for (const [name, value] of Object.entries(pair.placement.params?.(m.ids) ?? {})) {
      url = url.replace(`{${name}}`, value);
    }
    return pair.placement.query ? `${url}?${pair.placement.query}` : url;
  };

  it('places every route of the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const unplaced = routes.filter((r) => !PLACEMENTS[r]);
    const stale = Object.keys(PLACEMENTS).filter((r) => !routes.includes(r));
    expect(unplaced, 'routes with no placement in testing/access-matrix.ts').toEqual([]);
    expect(stale, 'placements of routes that no longer exist').toEqual([]);
  });

  it('answers every pair as placed, and names nothing outside the caller’s scope', async () => {
    const failures: string[] = [];
    const leaks: string[] = [];
    const seen = new Map<string, number>();
    let denied = 0;
    let allowed = 0;
    const deleted = new Set<string>();
    const run = async (pair: Pair, expected: Expectation) => {
      const url = urlOf(pair);
      const client = pair.actor === 'anonymous' ? undefined : m.clients[pair.actor];
      const res = await send(app, client, pair.method, url, pair.placement, m.ids, pair.actor);
      seen.set(String(res.statusCode), (seen.get(String(res.statusCode)) ?? 0) + 1);
      const label = `${pair.route} as ${pair.actor}${pair.variant ? ` on ${pair.variant}` : ''}`;
      if ('deny' in expected) {
        denied++;
        if (!expected.deny.includes(res.statusCode)) {
          failures.push(`${label}: ${res.statusCode}, expected ${expected.deny.join('/')} — ${res.body.slice(0, 160)}`);
        }
      } else {
        allowed++;
        const gone = pair.method === 'DELETE' && deleted.has(url) && res.statusCode === 404;
        if (!gone && (res.statusCode >= 500 || [401, 403, 404].includes(res.statusCode))) {
          failures.push(`${label}: ${res.statusCode}, expected to be let through — ${res.body.slice(0, 160)}`);
        }
        if (pair.method === 'DELETE' && res.statusCode < 300) deleted.add(url);
        const domain = pair.placement.domainErrors?.includes(
          res.json<{ error?: { code?: string } }>().error?.code ?? '',
        );
        if (res.statusCode === 400 && !domain) {
          failures.push(`${label}: 400, the matrix's body is not valid — ${res.body.slice(0, 200)}`);
        }
      }
      const named =
        pair.placement.object && pair.variant ? m.object(pair.placement.object, pair.variant, pair.actor) : '';
      for (const secret of m.secrets(pair.actor)) {
        if (secret !== named && res.body.includes(secret)) leaks.push(`${label}: names ${secret}`);
      }
    };

    // Denials first, so that no allowed change moves an object before it is tried by the rest.
    const later: Pair[] = [];
    const last: Pair[] = [];
    for (const pair of pairs()) {
      if (pair.placement.last) {
        last.push(pair);
        continue;
      }
      const expected = await expectation(pair);
      if ('deny' in expected) await run(pair, expected);
      else later.push(pair);
    }
    for (const pair of [...later, ...last]) await run(pair, await expectation(pair));

    console.log(
      `access matrix on ${engine.name}: ${Object.keys(PLACEMENTS).length} routes × ${MATRIX_ACTORS.length} actors → ` +
        `${denied + allowed} requests (${denied} to deny, ${allowed} to let through); statuses ${JSON.stringify(
          Object.fromEntries(seen),
        )}; ${failures.length} wrong, ${leaks.length} leaks`,
    );
    expect(failures).toEqual([]);
    expect(leaks).toEqual([]);
  }, 600_000);
});
