import type { Role } from '@qisu/core';
import type { Lang } from '../errors.js';

/**
 * The authenticated caller, established once per request from the bearer token. Every service
 * takes it as its first argument; data scope is derived from it alone.
 */
export interface Actor {
  userId: string;
  username: string;
  name: string;
  roles: Role[];
  jurisdictionId: string;
  jurisdictionCode: string;
  /** The actor's jurisdiction and every jurisdiction below it. */
  jurisdictionIds: string[];
  unitId: string | null;
  unitKind: string | null;
  unitRegionCode: string | null;
  enterpriseId: string | null;
  /** The language the caller reads (its `Accept-Language`); zh-CN when absent. */
  lang?: Lang;
  /** The client address of the request (for the log of whole personal data shown); absent outside HTTP. */
  address?: string;
  /**
   * Set for another platform connected through an interface (12345, a city platform, an Open311
   * client): no user stands behind it, so the rows it writes name no user but this source.
   */
  source?: ActorSource;
}

/** A platform that files through an interface, by its key. */
export interface ActorSource {
  /**
   * `handup`: the jurisdiction below, handing a case up; `keyId` is its code. `service`: the
   * service catalogue routing a requested item to its provider; `keyId` is the item or bundle.
   */
  kind: 'intake' | 'open311' | 'handup' | 'service';
  keyId: string;
  name: string;
}
