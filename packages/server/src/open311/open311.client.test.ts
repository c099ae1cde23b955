import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCaseCommand } from '../cases/commands/run-command.js';
import { ManualClock } from '../clock.js';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { ENGINES } from '../testing/engines.js';
import { testApp } from '../testing/http.js';
import { TEST_PII } from '../testing/pii.js';
import type { World } from '../testing/world.js';
import { seedWorld } from '../testing/world.js';
import { demoOpen311Key, seedDemoOpen311Client } from './open311-clients.service.js';

/**
 * An Open311 client written by others, unchanged: `open311` on npm (codeforamerica/node-open311,
 * by Mark Headd and Ben Sheldon, 2012), which files through `submitRequest` (form-urlencoded, the
 * jurisdiction in the query string, attributes as `attribute[code]`) and reads back through
 * `serviceRequest`, `serviceRequests`, `serviceList`, `serviceDefinition` and `token`, over real
 * HTTP to a server listening on the loopback address. Its two XML parsers cannot be installed
 * today (one is a git URL, the other a native addon for Node 0.8), so the root package.json maps
 * them to fast-xml-parser: the client is used in its default JSON format, which touches neither.
 */
interface Open311Client {
  serviceList(cb: (err: unknown, data: unknown) => void): void;
  serviceDefinition(code: string, cb: (err: unknown, data: unknown) => void): void;
  submitRequest(data: Record<string, unknown>, cb: (err: unknown, data: unknown) => void): void;
  serviceRequest(id: string, cb: (err: unknown, data: unknown) => void): void;
  serviceRequests(params: Record<string, string>, cb: (err: unknown, data: unknown) => void): void;
  token(token: string, cb: (err: unknown, data: unknown) => void): void;
}
type Open311Constructor = new (options: Record<string, string>) => Open311Client;
const Open311 = createRequire(import.meta.url)('open311') as Open311Constructor;

/** One callback of the client as a promise; its error (true or a status code) rejects. */
function call<T>(start: (cb: (err: unknown, data: unknown) => void) => void): Promise<T> {
  return new Promise((resolve, reject) =>
    start((err, data) =>
      err ? reject(new Error(`open311 client: ${JSON.stringify(err)} ${JSON.stringify(data)}`)) : resolve(data as T),
    ),
  );
}

describe.each(ENGINES)('an Open311 client written by others, against a listening server on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let deps: Deps;
  let w: World;
  let client: Open311Client;

  beforeAll(async () => {
    handle = await engine.open();
    const clock = new ManualClock('2026-11-02T01:00:00Z');
    deps = { db: handle.db, clock, pii: TEST_PII };
    w = await seedWorld(handle.db);
    await seedDemoOpen311Client(handle.db, { id: w.jurisdictionA, code: 'ta' }, null, clock.now());
    app = await testApp(handle, clock, { rateLimitPerMinute: 100_000, webRoot: null });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    client = new Open311({
      endpoint: `http://127.0.0.1:${port}/open311/v2/`,
      jurisdiction: 'ta',
      apiKey: demoOpen311Key('ta'),
    });
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  it('lists the services and reads a service’s definition', async () => {
    const services = await call<{ service_code: string; service_name: string; type: string }[]>((cb) =>
      client.serviceList(cb),
    );
    expect(services).toEqual([
      expect.objectContaining({ service_code: 'policy', service_name: '政策兑现', type: 'realtime' }),
    ]);
    const definition = await call<{ service_code: string; attributes: unknown[] }>((cb) =>
      client.serviceDefinition('policy', cb),
    );
    expect(definition).toEqual({ service_code: 'policy', attributes: [] });
  });

  it('files a request and follows it back to closed through the client', async () => {
    const created = await call<{ service_request_id: string; token: string; account_id: string }[]>((cb) =>
      client.submitRequest(
        {
          service_code: 'policy',
          description: '申请稳岗返还，材料已提交一个月未到账。',
          lat: 29.1365,
          long: 118.4102,
          address_string: '华埠镇工业园区',
          first_name: '小明',
          last_name: '王',
          phone: '13812345678',
          account_id: 'acct-1',
          attributes: { employees: '120' },
          media_url: 'https://files.example.cn/ta/%E6%9D%90%E6%96%99.png',
        },
        cb,
      ),
    );
    expect(created).toHaveLength(1);
    const { service_request_id: id, token } = created[0]!;
    expect(id).toMatch(/^TA-2026-\d{6}$/);
    expect(created[0]!.account_id).toBe('acct-1');

    const row = await handle.db.selectFrom('cases').selectAll().where('number', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      channel: 'open311',
      contact_name: '王小明',
      title: '申请稳岗返还，材料已提交一个月未到账',
    });
    expect(row.content).toContain('employees：120');
    // The photo's link waits for the fetch job, named for the client that sent it.
    const links = await handle.db
      .selectFrom('intake_attachment_fetches')
      .select(['url', 'status', 'source_kind'])
      .where('case_id', '=', row.id)
      .execute();
    expect(links).toEqual([
      { url: 'https://files.example.cn/ta/%E6%9D%90%E6%96%99.png', status: 'pending', source_kind: 'open311' },
    ]);

    const read = await call<{ service_request_id: string; status: string; requested_datetime: Date }[]>((cb) =>
      client.serviceRequest(id, cb),
    );
    expect(read).toHaveLength(1);
    expect(read[0]).toMatchObject({ service_request_id: id, status: 'open', lat: 29.1365 });
    // The client turns the W3C times into Dates: they must parse.
    expect(read[0]!.requested_datetime.toISOString()).toBe('2026-11-02T01:00:00.000Z');
    expect(JSON.stringify(read)).not.toContain('13812345678');

    const byToken = await call<{ service_request_id: string }[]>((cb) => client.token(token, cb));
    expect(byToken).toEqual([{ service_request_id: id, token }]);

    const run = (actor: keyof World['actors'], command: Parameters<typeof runCaseCommand>[3], body = {}) =>
      runCaseCommand(deps, w.actors[actor], row.id, command, body as never);
    await run('hub', 'accept');
    await run('hub', 'dispatch', { leadUnitId: w.units.dept1 });
    await run('unit1', 'sign');
    await run('unit1', 'reply', { result: 'solved', text: '补贴已于今日拨付到账。' });
    await run('hub', 'rate', { score: 5 });
    await run('hub', 'close');

    const closed = await call<
      { service_request_id: string; status: string; status_notes: string; agency_responsible: string }[]
    >((cb) => client.serviceRequests({ status: 'closed' }, cb));
    expect(closed).toEqual([
      expect.objectContaining({
        service_request_id: id,
        status: 'closed',
        status_notes: '已办结销号：补贴已于今日拨付到账。',
        agency_responsible: '市场监管局',
      }),
    ]);
    const open = await call<unknown[]>((cb) => client.serviceRequests({ status: 'open' }, cb));
    expect(open).toEqual([]);
  });

  it('gets an error from the server for a revoked or wrong key, as the client reports one', async () => {
    const wrong = new Open311({
      endpoint: (client as unknown as { endpoint: string }).endpoint,
      jurisdiction: 'ta',
      apiKey: 'not-a-key',
    });
    await expect(
      call((cb) => wrong.submitRequest({ service_code: 'policy', address_string: '华埠镇' }, cb)),
    ).rejects.toThrow(/403.*api_key is missing, invalid or revoked/);
  });
});
