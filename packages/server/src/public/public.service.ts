import type { Deps } from '../context.js';
import { AppError } from '../errors.js';
import type { PublicJurisdictionDto } from './public.schemas.js';
import { findJurisdictionByCode, hubPhones } from './public.repository.js';

/** A personal mobile number (11 digits starting with 1); such a number is never shown publicly. */
const PERSONAL_MOBILE = /^1[3-9]\d{9}$/;

/**
 * The public face of a jurisdiction for its QR entry page. Anyone may call it, so it answers
 * only what the office prints on its posters anyway: the name, the brand and the hub's office
 * line. A hub whose contact is a personal mobile has no public hotline (a mobile belongs to a
 * person). An unknown code is 404, like any missing resource.
 */
export async function publicJurisdiction(deps: Deps, code: string): Promise<PublicJurisdictionDto> {
  const j = await findJurisdictionByCode(deps.db, code);
  if (!j) throw new AppError('NOT_FOUND');
  const hotline = (await hubPhones(deps.db, j.id)).find((p) => !PERSONAL_MOBILE.test(p.replace(/[\s-]/g, '')));
  return {
    code: j.code,
    name: j.name,
    fullName: j.full_name,
    ...(j.brand ? { brand: j.brand } : {}),
    ...(hotline ? { hotline } : {}),
  };
}
