import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/database.js';
import { ENGINES } from '../testing/engines.js';
import type { Client } from '../testing/http.js';
import { loginAs, testApp } from '../testing/http.js';
import type { World } from '../testing/world.js';
import { seedWorld, TEST_PASSWORD } from '../testing/world.js';
import type { ProjectDto } from './projects.schemas.js';

/**
 * Projects with their "三个一" team (seed 004 三(二)1: 一名领导、一个责任部门、一名项目专员):
 * the hub registers them, each member of the team sees the project, an unrelated unit does not
 * (404), the key flag, stage and town filter the list, and members from elsewhere are refused.
 */
describe.each(ENGINES)('projects on $name', (engine) => {
  let handle: Db;
  let app: FastifyInstance;
  let w: World;
  let as: Record<'hub' | 'leader' | 'unit1' | 'head1' | 'unit2' | 'unit3' | 'liaison' | 'entA' | 'admin', Client>;
  let teamProject: string;
  let liaisonProject: string;

  beforeAll(async () => {
    handle = await engine.open();
    w = await seedWorld(handle.db);
    app = await testApp(handle, new ManualClock('2026-11-02T01:00:00Z'), {
      rateLimitPerMinute: 100_000,
      loginFailuresPerIp: 1000,
    });
    const names = ['hub', 'leader', 'unit1', 'head1', 'unit2', 'unit3', 'liaison', 'entA', 'admin'] as const;
    as = Object.fromEntries(
      await Promise.all(names.map(async (n) => [n, await loginAs(app, `ta.${n}`, TEST_PASSWORD)] as const)),
    ) as typeof as;
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  const put = (client: Client, id: string, body: object) =>
    app.inject({
      method: 'PUT',
      url: `/api/v1/projects/${id}`,
      headers: { authorization: `Bearer ${client.token}` },
      payload: body,
    });
  const listed = async (client: Client, query = '') =>
    (await client.get(`/api/v1/projects?pageSize=200${query}`))
      .json<{ items: ProjectDto[] }>()
      .items.map((p) => p.name);

  it('registers a project with its leader, responsible unit and officer, named in the answer', async () => {
    const res = await as.hub.post('/api/v1/projects', {
      name: '甲县新材料产业园项目',
      enterpriseId: w.enterprises.b,
      regionCode: '330824101',
      stage: 'building',
      investmentWan: 52000.5,
      key: true,
      leaderUserId: w.actors.leader.userId,
      responsibleUnitId: w.units.dept1,
      officerUserId: w.actors.unit2.userId,
      statusNote: '主体施工',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json<ProjectDto>()).toMatchObject({
      stage: 'building',
      investmentWan: 52000.5,
      key: true,
      enterpriseName: '甲县二号机械有限公司',
      leaderName: expect.any(String),
      responsibleUnitName: '市场监管局',
      officerName: expect.any(String),
    });
    teamProject = res.json<ProjectDto>().id;
    const second = await as.hub.post('/api/v1/projects', {
      name: '甲县材料技改项目',
      enterpriseId: w.enterprises.a,
      stage: 'signed',
    });
    expect(second.statusCode).toBe(201);
    liaisonProject = second.json<ProjectDto>().id;
  });

  it('shows a project to each member of its team and answers 404 to an unrelated unit', async () => {
    for (const member of [as.leader, as.unit1, as.head1, as.unit2, as.hub]) {
      expect((await member.get(`/api/v1/projects/${teamProject}`)).statusCode).toBe(200);
    }
    expect((await as.unit3.get(`/api/v1/projects/${teamProject}`)).statusCode).toBe(404);
    expect(await listed(as.unit3)).toEqual([]);
    expect(await listed(as.unit1)).toEqual(['甲县新材料产业园项目']);
    // The liaison sees the project of the enterprise on its ledger, not the other.
    expect(await listed(as.liaison)).toEqual(['甲县材料技改项目']);
    expect((await as.liaison.get(`/api/v1/projects/${teamProject}`)).statusCode).toBe(404);
    expect((await as.liaison.get(`/api/v1/projects/${liaisonProject}`)).statusCode).toBe(200);
    expect((await as.entA.get('/api/v1/projects')).statusCode).toBe(403);
  });

  it('filters by key flag, stage and town, key projects first', async () => {
    expect(await listed(as.hub)).toEqual(['甲县新材料产业园项目', '甲县材料技改项目']);
    expect(await listed(as.hub, '&key=true')).toEqual(['甲县新材料产业园项目']);
    expect(await listed(as.hub, '&key=false')).toEqual(['甲县材料技改项目']);
    expect(await listed(as.hub, '&stage=signed')).toEqual(['甲县材料技改项目']);
    expect(await listed(as.hub, '&regionCode=330824101')).toEqual(['甲县新材料产业园项目']);
    expect(await listed(as.hub, '&regionCode=330824102')).toEqual([]);
  });

  it('lets the hub change the stage and the team, and nobody else', async () => {
    const moved = await put(as.hub, teamProject, { stage: 'producing', officerUserId: w.actors.unit3.userId });
    expect(moved.statusCode).toBe(200);
    expect(moved.json<ProjectDto>().stage).toBe('producing');
    const detail = await as.unit1.get(`/api/v1/projects/${teamProject}`);
    expect(detail.json<{ history: { stage: string; statusNote: string | null }[] }>().history).toEqual([
      expect.objectContaining({ stage: 'producing', statusNote: '主体施工' }),
      expect.objectContaining({ stage: 'building', statusNote: '主体施工' }),
    ]);
    // A change of the team alone adds nothing to the history.
    await put(as.hub, teamProject, { investmentWan: 60000 });
    expect((await as.hub.get(`/api/v1/projects/${teamProject}`)).json<{ history: unknown[] }>().history).toHaveLength(
      2,
    );
    expect((await as.unit3.get(`/api/v1/projects/${teamProject}`)).statusCode).toBe(200);
    expect((await put(as.unit1, teamProject, { stage: 'completed' })).statusCode).toBe(403);
    expect((await as.leader.post('/api/v1/projects', { name: '领导项目', stage: 'planned' })).statusCode).toBe(403);
  });

  it('answers 400 naming the field for a team member of another jurisdiction or role', async () => {
    const cases: [object, string][] = [
      [{ responsibleUnitId: w.units.b1 }, 'responsibleUnitId'],
      [{ leaderUserId: w.actors.unit1.userId }, 'leaderUserId'],
      [{ leaderUserId: w.actors.hubB.userId }, 'leaderUserId'],
      [{ officerUserId: w.actors.unitB.userId }, 'officerUserId'],
      [{ officerUserId: w.actors.entA.userId }, 'officerUserId'],
      [{ enterpriseId: w.enterprises.other }, 'enterpriseId'],
      [{ regionCode: '999999' }, 'regionCode'],
    ];
    for (const [body, field] of cases) {
      const res = await as.hub.post('/api/v1/projects', { name: '错误项目', stage: 'planned', ...body });
      expect(res.statusCode, field).toBe(400);
      expect(res.json<{ error: { field: string } }>().error.field).toBe(field);
    }
    const taken = await as.hub.post('/api/v1/projects', { name: '甲县材料技改项目', stage: 'planned' });
    expect(taken.statusCode).toBe(409);
    expect((await put(as.hub, teamProject, { responsibleUnitId: w.units.b1 })).statusCode).toBe(400);
  });
});
