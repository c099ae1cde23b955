import type { Kysely } from 'kysely';
import { usccCheckChar } from '@qisu/core';
import type { Database } from '../db/schema.js';

export interface BenchFixture {
  jurisdictionId: string;
  hubUnitId: string;
  unitId: string;
  enterpriseId: string;
  hubUserId: string;
}

/** A jurisdiction with a hub, one department, one enterprise and a hub user, for the benchmarks. */
export async function benchFixture(db: Kysely<Database>, code: string, passwordHash = 'x'): Promise<BenchFixture> {
  await db
    .insertInto('regions')
    .values({ code: '330824', name: '开化县', level: 'county', parent_code: null })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const j = await db
    .insertInto('jurisdictions')
    .values({
      code,
      name: '基准',
      full_name: '基准测试',
      level: 'county',
      region_code: '330824',
      brand: null,
      parent_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const unit = (name: string, kind: string) =>
    db
      .insertInto('units')
      .values({ jurisdiction_id: j.id, name, kind, region_code: null, parent_id: null, contact_phone: null })
      .returning('id')
      .executeTakeFirstOrThrow();
  const hubUnit = await unit('营商办', 'hub');
  const dept = await unit('市场监管局', 'department');
  const first17 = `91330824${code
    .toUpperCase()
    .padEnd(9, '0')
    .slice(0, 9)
    .replace(/[IOZSV]/g, '0')}`;
  const ent = await db
    .insertInto('enterprises')
    .values({
      jurisdiction_id: j.id,
      uscc: first17 + usccCheckChar(first17),
      name: '基准测试有限公司',
      industry_code: null,
      industry_name: null,
      scale: 'small',
      region_code: '330824',
      grid: null,
      liaison_user_id: null,
      contacts: '[]',
      notes: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const user = await db
    .insertInto('users')
    .values({
      jurisdiction_id: j.id,
      username: `${code}.hub`,
      name: '营商办',
      mobile: null,
      id_number: null,
      password_hash: passwordHash,
      roles: ['hub'],
      unit_id: hubUnit.id,
      enterprise_id: null,
      locked_until: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { jurisdictionId: j.id, hubUnitId: hubUnit.id, unitId: dept.id, enterpriseId: ent.id, hubUserId: user.id };
}
