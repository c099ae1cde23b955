import type { Deps } from '../context.js';
import { addJurisdiction, setJurisdictionParent } from '../jurisdictions/jurisdictions.service.js';

/** A member of the city's staff the test logs in as, in a unit of that name (made when missing). */
export interface CityStaff {
  username: string;
  name: string;
  roles: string[];
  unitName: string;
  unitKind: string;
}

/**
 * A city platform above `children` (a hand-up's level above), set up the way a deployment sets one
 * up (`addJurisdiction` on a preset, then `setJurisdictionParent`), plus the staff a test needs,
 * whose password hash is given. Returns the city's id and its units' ids by name.
 */
export async function seedCityAbove(
  deps: Pick<Deps, 'db' | 'clock'>,
  city: { code: string; name: string; regionCode: string; preset: string; hubUnitName: string },
  children: readonly string[],
  staff: readonly CityStaff[],
  passwordHash: string,
): Promise<{ id: string; units: Map<string, string> }> {
  const added = await addJurisdiction(deps, {
    code: city.code,
    name: city.name,
    level: 'city',
    regionCode: city.regionCode,
    preset: city.preset,
    hubUnitName: city.hubUnitName,
    adminUsername: `${city.code}.admin`,
  });
  for (const child of children) await setJurisdictionParent(deps, child, city.code);
  const units = new Map<string, string>();
  const hub = await deps.db
    .selectFrom('units')
    .select('id')
    .where('jurisdiction_id', '=', added.id)
    .where('kind', '=', 'hub')
    .executeTakeFirstOrThrow();
  units.set(city.hubUnitName, hub.id);
  for (const s of staff) {
    let unitId = units.get(s.unitName);
    if (!unitId) {
      unitId = (
        await deps.db
          .insertInto('units')
          .values({
            jurisdiction_id: added.id,
            name: s.unitName,
            kind: s.unitKind,
            region_code: null,
            parent_id: null,
            contact_phone: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      units.set(s.unitName, unitId);
    }
    await deps.db
      .insertInto('users')
      .values({
        jurisdiction_id: added.id,
        username: s.username,
        name: s.name,
        mobile: null,
        id_number: null,
        password_hash: passwordHash,
        roles: s.roles,
        unit_id: unitId,
        enterprise_id: null,
        locked_until: null,
      })
      .execute();
  }
  return { id: added.id, units };
}
