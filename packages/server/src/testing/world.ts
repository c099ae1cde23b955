import type { Kysely } from 'kysely';
import { usccCheckChar } from '@qisu/core';
import type { Actor } from '../access/actor.js';
import { loadActor } from '../auth/auth.service.js';
import { hashPassword } from '../auth/password.js';
import type { Database } from '../db/schema.js';
import { TEST_PII } from './pii.js';

export const TEST_PASSWORD = 'Test@2026pw';

let cachedHash: Promise<string> | undefined;
const passwordHash = () => (cachedHash ??= hashPassword(TEST_PASSWORD));

/** A valid USCC built from a county code and a number, for fixtures. */
export function fixtureUscc(county: string, n: number): string {
  const first17 = `91${county}${String(n).padStart(9, '0')}`;
  return first17 + usccCheckChar(first17);
}

export interface World {
  jurisdictionA: string;
  jurisdictionB: string;
  units: {
    hub: string;
    dept1: string;
    dept2: string;
    dept3: string;
    town: string;
    leadership: string;
    discipline: string;
    b1: string;
  };
  enterprises: { a: string; b: string; other: string };
  categoryId: string;
  actors: {
    hub: Actor;
    leader: Actor;
    admin: Actor;
    discipline: Actor;
    unit1: Actor;
    unit2: Actor;
    unit3: Actor;
    head1: Actor;
    town: Actor;
    liaison: Actor;
    entA: Actor;
    entB: Actor;
    hubB: Actor;
    unitB: Actor;
  };
}

/**
 * Two jurisdictions: `ta` with a hub, leadership, discipline, three departments and a town, and
 * `tb` with a hub and one unit. Enterprise A lies in the town and has a liaison; B is elsewhere.
 * Every user's mobile is 13812341234 and every enterprise's contact 联系人 13900001111, stored
 * encrypted under `TEST_PII` as the product stores them.
 */
export async function seedWorld(db: Kysely<Database>): Promise<World> {
  await db
    .insertInto('regions')
    .values([
      { code: '330000', name: '浙江省', level: 'province', parent_code: null },
      { code: '330800', name: '衢州市', level: 'city', parent_code: '330000' },
      { code: '330824', name: '开化县', level: 'county', parent_code: '330800' },
      { code: '330824101', name: '华埠镇', level: 'town', parent_code: '330824' },
      { code: '330824102', name: '马金镇', level: 'town', parent_code: '330824' },
      { code: '330822', name: '常山县', level: 'county', parent_code: '330800' },
    ])
    .execute();
  const jA = await db
    .insertInto('jurisdictions')
    .values({
      code: 'ta',
      name: '甲县',
      full_name: '测试甲县',
      level: 'county',
      region_code: '330824',
      brand: null,
      parent_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const jB = await db
    .insertInto('jurisdictions')
    .values({
      code: 'tb',
      name: '乙县',
      full_name: '测试乙县',
      level: 'county',
      region_code: '330822',
      brand: null,
      parent_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  const unit = async (jid: string, name: string, kind: string, region: string | null = null) =>
    (
      await db
        .insertInto('units')
        .values({ jurisdiction_id: jid, name, kind, region_code: region, parent_id: null, contact_phone: null })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const units = {
    hub: await unit(jA.id, '营商办', 'hub'),
    leadership: await unit(jA.id, '县政府', 'leadership'),
    discipline: await unit(jA.id, '县纪委监委', 'discipline'),
    dept1: await unit(jA.id, '市场监管局', 'department'),
    dept2: await unit(jA.id, '自然资源和规划局', 'department'),
    dept3: await unit(jA.id, '住房和城乡建设局', 'department'),
    town: await unit(jA.id, '华埠镇', 'town', '330824101'),
    b1: await unit(jB.id, '乙县税务局', 'department'),
  };
  const hubB = await unit(jB.id, '乙县营商办', 'hub');

  const hash = await passwordHash();
  const user = async (
    jid: string,
    username: string,
    roles: string[],
    unitId: string | null,
    enterpriseId: string | null = null,
  ) =>
    (
      await db
        .insertInto('users')
        .values({
          jurisdiction_id: jid,
          username,
          name: username,
          mobile: TEST_PII.encrypt('13812341234'),
          id_number: null,
          password_hash: hash,
          roles,
          unit_id: unitId,
          enterprise_id: enterpriseId,
          locked_until: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;

  const liaisonId = await user(jA.id, 'ta.liaison', ['liaison'], units.town);
  const enterprise = async (jid: string, n: number, name: string, region: string, liaison: string | null) =>
    (
      await db
        .insertInto('enterprises')
        .values({
          jurisdiction_id: jid,
          uscc: fixtureUscc(region.slice(0, 6), n),
          name,
          industry_code: 'C2929',
          industry_name: '塑料制品制造',
          scale: 'small',
          region_code: region,
          grid: null,
          liaison_user_id: liaison,
          contacts: JSON.stringify([{ name: '联系人', mobile: TEST_PII.encrypt('13900001111') }]),
          notes: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const enterprises = {
    a: await enterprise(jA.id, 1, '甲县一号材料有限公司', '330824101', liaisonId),
    b: await enterprise(jA.id, 2, '甲县二号机械有限公司', '330824102', null),
    other: await enterprise(jB.id, 3, '乙县三号食品有限公司', '330822', null),
  };
  const category = await db
    .insertInto('categories')
    .values({ jurisdiction_id: jA.id, parent_id: null, code: 'policy', name: '政策兑现', name_en: 'Policy' })
    .returning('id')
    .executeTakeFirstOrThrow();

  const ids = {
    hub: await user(jA.id, 'ta.hub', ['hub'], units.hub),
    leader: await user(jA.id, 'ta.leader', ['leader'], units.leadership),
    admin: await user(jA.id, 'ta.admin', ['admin'], units.hub),
    discipline: await user(jA.id, 'ta.discipline', ['discipline'], units.discipline),
    unit1: await user(jA.id, 'ta.unit1', ['unit_handler'], units.dept1),
    unit2: await user(jA.id, 'ta.unit2', ['unit_handler'], units.dept2),
    unit3: await user(jA.id, 'ta.unit3', ['unit_handler'], units.dept3),
    head1: await user(jA.id, 'ta.head1', ['unit_head'], units.dept1),
    town: await user(jA.id, 'ta.town', ['unit_handler'], units.town),
    liaison: liaisonId,
    entA: await user(jA.id, 'ta.entA', ['enterprise'], null, enterprises.a),
    entB: await user(jA.id, 'ta.entB', ['enterprise'], null, enterprises.b),
    hubB: await user(jB.id, 'tb.hub', ['hub'], hubB),
    unitB: await user(jB.id, 'tb.unit', ['unit_handler'], units.b1),
  };
  const actors = {} as World['actors'];
  for (const [key, id] of Object.entries(ids)) {
    const actor = await loadActor(db, id);
    if (!actor) throw new Error(`fixture user ${key} missing`);
    actors[key as keyof World['actors']] = actor;
  }
  return { jurisdictionA: jA.id, jurisdictionB: jB.id, units, enterprises, categoryId: category.id, actors };
}
